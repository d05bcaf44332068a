/**
 * The SSDA903 return as an import: files known by their columns (any name, any order, a byte-order
 * mark, CRLF), episodes, reviews, missing episodes and social workers as events, DfE codes read through
 * the one table (the ambiguous ones the stricter way, and listed), every problem by file, row and
 * column without a cell's text, snapshots through the manifest, and the round trip from the synthetic
 * council to the same deadlines for the rules the return can feed.
 */
import { describe, expect, it } from 'vitest';
import { dfeCode, dfeCodeReading } from '../../events/dfe-codes.ts';
import { type CaseEvent, eventsByCase, PLACEMENT_TYPES } from '../../events/index.ts';
import { formatIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { coverageOf } from '../../functions/core/imports/coverage.ts';
import type { MappedExtract, SourceFile } from '../../functions/core/imports/format.ts';
import { importFormat } from '../../functions/core/imports/formats.ts';
import { placementReading, TEMPORARY_APPROVAL_DAYS } from '../../functions/core/imports/placement-reading.ts';
import { type ManifestEntry, planImport } from '../../functions/core/imports/reconcile.ts';
import { SSDA903_FORMAT } from '../../functions/core/imports/ssda903/index.ts';
import { NOT_A_TABLE } from '../../functions/core/imports/ssda903/map.ts';
import { SSDA903_COLUMNS, ssda903TableOf } from '../../functions/core/imports/ssda903/tables.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { PLACEMENT_CODES } from '../../local/extracts/dfe-codes.ts';
import { ssda903Extract } from '../../local/extracts/ssda903.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const TODAY = '2026-06-30';
const EPISODES =
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

const file = (name: string, ...lines: string[]): SourceFile => ({ name, text: `${lines.join('\n')}\n` });
const read = (...files: SourceFile[]) => SSDA903_FORMAT.read(files, TODAY);
/** An episode row: CHILD, DECOM, RNE, LS, PLACE, DEC, REC in the order of {@link EPISODES}. */
const episode = (child: string, decom: string, rne: string, ls: string, place: string, dec = '', rec = '') =>
  `${child},${decom},${rne},${ls},N1,${place},PR1,${dec},${rec},,,,`;
const summary = (extract: MappedExtract) =>
  extract.events.map(
    ({ key, event }) => `${key} ${event.type} ${event.occurredAt} ${JSON.stringify(event.data)}`,
  );
const refusals = (extract: MappedExtract) => extract.problems.filter((problem) => problem.imported !== true);
/** The problems of rows, not of the whole return (such as its year not being told, in a return this small). */
const rowProblems = (extract: MappedExtract) =>
  extract.problems.filter((problem) => problem.row !== undefined);

describe('knowing a file by its columns', () => {
  it('knows every table of the return by its header, whatever the order and case of its columns', () => {
    for (const [table, columns] of Object.entries(SSDA903_COLUMNS)) {
      expect(ssda903TableOf(`${columns.join(',')}\r\n`)).toBe(table);
      expect(ssda903TableOf(`${[...columns].reverse().join(',').toLowerCase()}\n`)).toBe(table);
    }
  });

  it('knows a table whose header lacks some of its columns, and ignores columns of no table', () => {
    expect(ssda903TableOf('CHILD,DECOM,RNE,LS,PLACE,DEC,REC,EXTRA\n')).toBe('Episodes');
    expect(ssda903TableOf('\uFEFFCHILD,DOB,REVIEW\n')).toBe('Reviews');
  });

  it('does not know a header with no table’s own columns, or with two tables’', () => {
    expect(ssda903TableOf('CHILD,DOB,SEX\n')).toBeNull();
    expect(ssda903TableOf('pers_person_id,pers_dob\n')).toBeNull();
    expect(ssda903TableOf('CHILD,DECOM,REVIEW\n')).toBeNull();
    expect(ssda903TableOf('')).toBeNull();
  });

  it('reads files under any name, in any order, and lists a file that is no table of the return without its content', () => {
    const files = [
      file('z.csv', 'CHILD,DOB,REVIEW,REVIEW_CODE', 'C1,01/02/2012,03/04/2024,PN1'),
      file('notes.csv', 'name,comment', 'Someone,a secret remark'),
      file('2024 extract (1).CSV', EPISODES, episode('C1', '01/03/2024', 'S', 'C2', 'U6')),
    ];
    const extract = read(...files);
    expect(summary(extract)).toEqual([
      'episodes:C1:01/03/2024#care care_period.started 2024-03-01 {"legalStatus":"care-order"}',
      'episodes:C1:01/03/2024#placement placement.started 2024-03-01 {"placementType":"foster-care"}',
      'reviews:C1:03/04/2024#held cic_review.held 2024-04-03 {}',
    ]);
    expect(extract.problems).toEqual([{ file: 'notes.csv', message: NOT_A_TABLE }]);
    expect(extract.sections.sort()).toEqual(['episodes', 'reviews']);
  });

  it('takes every CSV file of a folder, and files of other kinds only when they hold a table', () => {
    expect(SSDA903_FORMAT.accepts(file('anything.csv', 'a,b'))).toBe(true);
    expect(SSDA903_FORMAT.accepts(file('README.md', '# read me'))).toBe(false);
    expect(SSDA903_FORMAT.accepts(file('episodes.txt', EPISODES))).toBe(true);
    expect(importFormat('ssda903')).toBe(SSDA903_FORMAT);
  });

  it('reads one file per table, and lists a second', () => {
    const extract = read(
      file('a.csv', 'CHILD,DOB,REVIEW,REVIEW_CODE', 'C1,01/02/2012,03/04/2024,PN1'),
      file('b.csv', 'CHILD,DOB,REVIEW,REVIEW_CODE', 'C1,01/02/2012,03/05/2024,PN1'),
    );
    expect(extract.events).toHaveLength(1);
    expect(extract.problems).toEqual([
      {
        file: 'b.csv',
        message: 'is a second Reviews table (the first is a.csv); nothing in this file was imported',
      },
    ]);
  });

  it('reads a byte-order mark, CRLF line endings and quoted cells', () => {
    const text = `\uFEFF${EPISODES}\r\n"C1","01/03/2024","S","V2","N1","U6","PR1","","","","","",""\r\n`;
    expect(summary(read({ name: 'e.csv', text }))).toEqual([
      'episodes:C1:01/03/2024#care care_period.started 2024-03-01 {"legalStatus":"section-20"}',
      'episodes:C1:01/03/2024#placement placement.started 2024-03-01 {"placementType":"foster-care"}',
    ]);
  });
});

describe('mapping the tables', () => {
  it('makes a period of care of a child’s episodes: its start, legal status changes, moves and end', () => {
    const extract = read(
      file(
        'episodes.csv',
        EPISODES,
        episode('C7', '15/05/2024', 'P', 'C2', 'K2', '', ''),
        episode('C7', '01/02/2024', 'S', 'C1', 'U6', '20/03/2024', 'X1'),
        episode('C7', '20/03/2024', 'L', 'C2', 'U6', '10/04/2024', 'X1'),
        episode('C7', '10/04/2024', 'T', 'C2', 'U6', '15/05/2024', 'X1'),
        episode('C8', '01/01/2025', 'S', 'V2', 'A6', '01/03/2025', 'E11'),
        episode('C8', '02/04/2025', 'S', 'E1', 'S1', '03/05/2025', 'E4A'),
      ),
    );
    expect(summary(extract)).toEqual([
      'episodes:C7:01/02/2024#care care_period.started 2024-02-01 {"legalStatus":"interim-care-order"}',
      'episodes:C7:01/02/2024#placement placement.started 2024-02-01 {"placementType":"foster-care"}',
      'episodes:C7:20/03/2024#care care_period.started 2024-03-20 {"legalStatus":"care-order"}',
      'episodes:C7:10/04/2024#placement placement.started 2024-04-10 {"placementType":"foster-care"}',
      'episodes:C7:15/05/2024#placement placement.started 2024-05-15 {"placementType":"residential"}',
      'episodes:C8:01/01/2025#care care_period.started 2025-01-01 {"legalStatus":"section-20"}',
      'episodes:C8:01/01/2025#placement placement.started 2025-01-01 {"placementType":"placed-for-adoption"}',
      'episodes:C8:01/01/2025#placement-ended placement.ended 2025-03-01 {}',
      'episodes:C8:01/01/2025#ceased care_period.ended 2025-03-01 {"reason":"adopted"}',
      'episodes:C8:02/04/2025#care care_period.started 2025-04-02 {"legalStatus":"placement-order"}',
      'episodes:C8:02/04/2025#placement placement.started 2025-04-02 {"placementType":"residential-school"}',
      'episodes:C8:02/04/2025#placement-ended placement.ended 2025-05-03 {}',
      'episodes:C8:02/04/2025#ceased care_period.ended 2025-05-03 {"reason":"returned-home"}',
    ]);
    expect(extract.problems).toEqual([]);
  });

  it('changes both legal status and placement on B and U', () => {
    const extract = read(
      file(
        'e.csv',
        EPISODES,
        episode('C1', '01/02/2024', 'S', 'L1', 'U6', '05/02/2024', 'X1'),
        episode('C1', '05/02/2024', 'B', 'C1', 'K2', '07/02/2024', 'X1'),
        episode('C1', '07/02/2024', 'U', 'C2', 'H5'),
      ),
    );
    expect(summary(extract).slice(2)).toEqual([
      'episodes:C1:05/02/2024#care care_period.started 2024-02-05 {"legalStatus":"interim-care-order"}',
      'episodes:C1:05/02/2024#placement placement.started 2024-02-05 {"placementType":"residential"}',
      'episodes:C1:07/02/2024#care care_period.started 2024-02-07 {"legalStatus":"care-order"}',
      'episodes:C1:07/02/2024#placement placement.started 2024-02-07 {"placementType":"semi-independent"}',
    ]);
  });

  it('reads the child’s date of birth, reviews, missing episodes and social workers', () => {
    const extract = read(
      file('h.csv', 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', 'C1,1,04/03/2012,WBRI,,,'),
      file('r.csv', 'CHILD,DOB,REVIEW,REVIEW_CODE', 'C1,04/03/2012,10/05/2024,PN1'),
      file(
        'm.csv',
        'CHILD,DOB,MISSING,MIS_START,MIS_END',
        'C1,04/03/2012,M,01/06/2024,02/06/2024',
        'C1,04/03/2012,A,01/07/2024,',
      ),
      file(
        's.csv',
        'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON',
        'C1,04/03/2012,SW-2,01/09/2024,,',
        'C1,04/03/2012,SW-1,01/02/2024,01/09/2024,',
      ),
    );
    expect(summary(extract)).toEqual([
      'header:C1#born child.updated 2012-03-04 {"dateOfBirth":"2012-03-04"}',
      'reviews:C1:10/05/2024#held cic_review.held 2024-05-10 {}',
      'missing:C1:01/06/2024#start missing_episode.started 2024-06-01 {}',
      'missing:C1:01/06/2024#end missing_episode.ended 2024-06-02 {}',
      'missing:C1:01/07/2024#start missing_episode.started 2024-07-01 {}',
      'swepisodes:C1:01/02/2024#allocated case.allocated 2024-02-01 {"workerId":"SW-1","reason":"new"}',
      'swepisodes:C1:01/09/2024#allocated case.allocated 2024-09-01 {"workerId":"SW-2","reason":"reallocation"}',
    ]);
    expect(extract.sections.sort()).toEqual(['header', 'missing', 'reviews', 'swepisodes']);
  });

  it('knows the tables it makes no events of, and says nothing of them', () => {
    const extract = read(
      file('oc2.csv', SSDA903_COLUMNS.OC2.join(','), 'C1,04/03/2012,12,,0,1,1,1,1,0,,'),
      file('oc3.csv', SSDA903_COLUMNS.OC3.join(','), 'C1,04/03/2004,YES,F2,S'),
      file('ad1.csv', SSDA903_COLUMNS.AD1.join(','), 'C1,04/03/2020,01/01/2024,01/02/2024,0,1,M1,L0'),
      file('pa.csv', SSDA903_COLUMNS.PlacedAdoption.join(','), 'C1,04/03/2020,01/01/2024,,'),
    );
    expect(extract.events).toEqual([]);
    expect(extract.problems).toEqual([]);
  });
});

describe('DfE codes', () => {
  it('reads LS, PLACE and REC through the table of DfE codes', () => {
    const extract = read(
      file('e.csv', EPISODES, episode('C1', '01/02/2024', 'S', 'J2', 'R5', '01/03/2024', 'E4A')),
    );
    expect(extract.events.map(({ event }) => event.data)).toEqual([
      { legalStatus: dfeCode('legal-status', 'J2') },
      { placementType: dfeCode('placement-type', 'R5') },
      {},
      { reason: dfeCode('reason-episode-ceased', 'E4A') },
    ]);
  });

  it('refuses a code outside the list by its column, without the code', () => {
    const extract = read(
      file(
        'e.csv',
        EPISODES,
        episode('C1', '01/02/2024', 'S', 'QQ9', 'U6'),
        episode('C2', '01/02/2024', 'S', 'C2', 'QQ8'),
      ),
    );
    expect(rowProblems(extract)).toEqual([
      { file: 'e.csv', row: 2, column: 'LS', message: 'is not a code of the SSDA903 legal statuses (LS)' },
      {
        file: 'e.csv',
        row: 3,
        column: 'PLACE',
        message: 'is not a code of the SSDA903 placement types (PLACE)',
      },
    ]);
    expect(summary(extract)).toEqual([
      'episodes:C1:01/02/2024#placement placement.started 2024-02-01 {"placementType":"foster-care"}',
      'episodes:C2:01/02/2024#care care_period.started 2024-02-01 {"legalStatus":"care-order"}',
    ]);
    expect(extract.held).toEqual(['episodes:C1:01/02/2024', 'episodes:C2:01/02/2024']);
  });

  it('reads a relative or friend as foster carer as temporarily approved within 24 weeks, and lists it', () => {
    for (const code of ['U1', 'U2', 'U3']) {
      const extract = read(
        file(
          'e.csv',
          EPISODES,
          episode('C1', '01/06/2026', 'S', 'V2', code),
          episode('C2', '01/02/2024', 'S', 'V2', code),
        ),
      );
      expect(extract.events.map(({ event }) => event.data).filter((data) => 'placementType' in data)).toEqual(
        [{ placementType: 'temporary-connected-carer' }, { placementType: 'connected-carer' }],
      );
      expect(rowProblems(extract)).toEqual([
        expect.objectContaining({ file: 'e.csv', row: 2, column: 'PLACE', imported: true }),
      ]);
      expect(rowProblems(extract)[0]?.message).toMatch(/Regulation 24.*stricter reading/);
      expect(extract.held).toEqual([]);
    }
  });

  it('reads a placement with a relative or friend as approved once it is older than a temporary approval can last', () => {
    const u3 = dfeCodeReading('placement-type', 'U3') as Parameters<typeof placementReading>[0];
    const started = (daysAgo: number) => formatIsoDate(parseIsoDate(TODAY) - daysAgo);
    const facts = (daysAgo: number) => ({ started: started(daysAgo), today: TODAY, legalStatus: null });
    expect(placementReading(u3, facts(TEMPORARY_APPROVAL_DAYS)).placementType).toBe(
      'temporary-connected-carer',
    );
    expect(placementReading(u3, facts(TEMPORARY_APPROVAL_DAYS + 1))).toEqual({
      placementType: 'connected-carer',
      note: null,
    });
    const p1 = dfeCodeReading('placement-type', 'P1') as Parameters<typeof placementReading>[0];
    expect(placementReading(p1, facts(0)).placementType).toBe('placed-with-parents-before-assessment');
    expect(placementReading(p1, { ...facts(0), legalStatus: 'section-20' }).placementType).toBe(
      'placed-with-parents',
    );
  });

  it('reads a placement with parents under a care order as made before assessment, and lists it; under s20 it is not', () => {
    const extract = read(
      file(
        'e.csv',
        EPISODES,
        episode('C1', '01/02/2024', 'S', 'C2', 'P1'),
        episode('C2', '01/02/2024', 'S', 'V2', 'P1'),
      ),
    );
    expect(extract.events.map(({ event }) => event.data).filter((data) => 'placementType' in data)).toEqual([
      { placementType: 'placed-with-parents-before-assessment' },
      { placementType: 'placed-with-parents' },
    ]);
    expect(rowProblems(extract)).toEqual([
      expect.objectContaining({ row: 2, column: 'PLACE', imported: true }),
    ]);
    expect(rowProblems(extract)[0]?.message).toMatch(/Regulation 19.*stricter reading/);
  });

  it('reads a child assessment order (L3) as an emergency protection order, and lists it', () => {
    const extract = read(file('e.csv', EPISODES, episode('C1', '01/02/2024', 'S', 'L3', 'U6')));
    expect(extract.events.map(({ event }) => event.data)).toContainEqual({
      legalStatus: 'emergency-protection-order',
    });
    expect(rowProblems(extract)).toEqual([expect.objectContaining({ row: 2, column: 'LS', imported: true })]);
    expect(rowProblems(extract)[0]?.message).toMatch(
      /child assessment order.*imported as emergency-protection-order, the stricter reading/,
    );
  });

  it('reads the placement code the synthetic return writes for each type, in an episode, as that type or its stricter reading', () => {
    for (const type of PLACEMENT_TYPES) {
      const extract = read(
        file('e.csv', EPISODES, episode('C1', '01/02/2024', 'S', 'C2', PLACEMENT_CODES[type])),
      );
      const read903 = (extract.events[1]?.event.data as { placementType: string } | undefined)?.placementType;
      // Placements older than a temporary approval can last; a care order, under which P1 may be Regulation 19.
      const expected: Record<string, string> = {
        'temporary-connected-carer': 'connected-carer',
        'placed-with-parents': 'placed-with-parents-before-assessment',
        'short-break': 'foster-care',
        unregistered: 'other',
        unregulated: 'semi-independent',
      };
      expect(read903).toBe(expected[type] ?? type);
    }
  });
});

describe('messy returns', () => {
  const SECRET = 'ZZSECRET';

  it('refuses impossible, future and out-of-order dates by row and column, and imports the rest of each row', () => {
    const extract = read(
      file(
        'e.csv',
        EPISODES,
        episode('C1', '31/02/2024', 'S', 'C2', 'U6'),
        episode('C2', '01/02/2024', 'S', 'C2', 'U6', '01/01/2024', 'E13'),
        episode('C3', '01/02/2024', 'S', 'C2', 'U6', '01/01/2027', 'E13'),
        episode('C4', '01/02/2024', 'S', 'C2', 'U6', `${SECRET}`, 'E13'),
        episode('C5', '01/02/2024', 'S', 'C2', 'U6', '01/03/2024', ''),
      ),
      file('m.csv', 'CHILD,DOB,MISSING,MIS_START,MIS_END', `C1,,M,01/06/2024,01/05/2024`),
    );
    expect(rowProblems(extract)).toEqual([
      { file: 'e.csv', row: 2, column: 'DECOM', message: 'is not a real date' },
      { file: 'e.csv', row: 3, column: 'DEC', message: 'is before DECOM' },
      {
        file: 'e.csv',
        row: 4,
        column: 'DEC',
        message: `is after the day of the import (${TODAY}): check the year`,
      },
      { file: 'e.csv', row: 5, column: 'DEC', message: 'is not a date: write it YYYY-MM-DD (or dd/mm/yyyy)' },
      { file: 'e.csv', row: 6, column: 'REC', message: 'is empty: an episode that ceased needs its reason' },
      { file: 'm.csv', row: 2, column: 'MIS_END', message: 'is before MIS_START' },
    ]);
    // Each of C2 to C5 still came into care; none of their ends was imported.
    expect(extract.events.filter(({ event }) => event.type === 'care_period.started')).toHaveLength(4);
    expect(extract.events.some(({ event }) => event.type === 'care_period.ended')).toBe(false);
    expect(extract.events.filter(({ event }) => event.type === 'missing_episode.started')).toHaveLength(1);
    expect(extract.held).toEqual([
      'episodes:C1:31/02/2024',
      'episodes:C2:01/02/2024',
      'episodes:C3:01/02/2024',
      `episodes:C4:01/02/2024`,
      'episodes:C5:01/02/2024',
      'missing:C1:01/06/2024',
    ]);
    expect(JSON.stringify(extract.problems)).not.toContain(SECRET);
  });

  it('imports a repeated row once, refuses a row whose child and start another row has, and never quotes either', () => {
    const row = episode('C1', '01/02/2024', 'S', 'C2', 'U6');
    const extract = read(file('e.csv', EPISODES, row, row, episode('C1', '01/02/2024', 'S', 'V2', 'U6')));
    expect(rowProblems(extract)).toEqual([
      {
        file: 'e.csv',
        row: 3,
        column: 'CHILD, DECOM',
        message: 'repeats row 2; it was imported once',
        imported: true,
      },
      {
        file: 'e.csv',
        row: 4,
        column: 'CHILD, DECOM',
        message: 'is the id of row 2 too, with other values; row 2 was imported, this one was not',
      },
    ]);
    expect(extract.events).toHaveLength(2);
  });

  it('refuses a file lacking a column the import needs, as a table not supplied', () => {
    const extract = read(file('e.csv', 'CHILD,DECOM,RNE,LS,PLACE,REC', 'C1,01/02/2024,S,C2,U6,'));
    expect(extract.problems).toEqual([
      {
        file: 'e.csv',
        row: 1,
        column: 'DEC',
        message: 'the header has no such column, which the import needs; nothing in this file was imported',
      },
    ]);
    expect(extract.sections).toEqual([]);
  });

  it('refuses rows without a child, with an unusable child, or with the wrong number of fields, and reads the rest', () => {
    const extract = read(
      file(
        'r.csv',
        'CHILD,DOB,REVIEW,REVIEW_CODE',
        ',01/01/2010,01/02/2024,PN1',
        `${SECRET} X,01/01/2010,01/02/2024,PN1`,
        'C1,01/01/2010,01/02/2024',
        'C2,01/01/2010,01/03/2024,PN1',
      ),
    );
    expect(extract.problems.map(({ row, column, message }) => ({ row, column, message }))).toEqual([
      { row: 2, column: 'CHILD', message: 'is empty: a row needs its id; the row was not imported' },
      {
        row: 3,
        column: 'CHILD',
        message: 'is not usable as a case reference: at most 64 letters, digits and . _ : -',
      },
      { row: 4, column: undefined, message: 'has 3 fields but the header has 4; the row was not imported' },
    ]);
    expect(summary(extract)).toEqual(['reviews:C2:01/03/2024#held cic_review.held 2024-03-01 {}']);
    expect(JSON.stringify(extract.problems)).not.toContain(SECRET);
  });

  it('counts a period of care from the first episode supplied when it is not a start, and lists it', () => {
    const extract = read(
      file('e.csv', EPISODES, episode('C1', '01/05/2024', 'P', 'C2', 'U6', '01/06/2024', 'X1')),
    );
    expect(summary(extract)).toEqual([
      'episodes:C1:01/05/2024#care care_period.started 2024-05-01 {"legalStatus":"care-order"}',
      'episodes:C1:01/05/2024#placement placement.started 2024-05-01 {"placementType":"foster-care"}',
    ]);
    expect(rowProblems(extract).map(({ row, column, imported }) => ({ row, column, imported }))).toEqual([
      { row: 2, column: 'RNE', imported: true },
      { row: 2, column: 'REC', imported: true },
    ]);
    expect(rowProblems(extract)[0]?.message).toMatch(/first episode supplied/);
    expect(rowProblems(extract)[1]?.message).toMatch(/no later episode/);
  });

  it('lists nothing and refuses nothing for the synthetic council’s return but its ambiguous codes', () => {
    const council = generateCouncil({ seed: 20261207, asOf: TODAY, cases: 120 });
    const extract = SSDA903_FORMAT.read(ssda903Extract(council), TODAY);
    expect(refusals(extract)).toEqual([]);
    expect(extract.held).toEqual([]);
    for (const problem of extract.problems) expect(problem.message).toMatch(/Regulation (24|19)/);
  });
});

describe('snapshots', () => {
  const REVIEWS = 'CHILD,DOB,REVIEW,REVIEW_CODE';
  const base = () => [
    file(
      'e.csv',
      EPISODES,
      episode('C1', '01/02/2024', 'S', 'C1', 'U6'),
      episode('C2', '01/03/2024', 'S', 'V2', 'K2'),
    ),
    file(
      'r.csv',
      REVIEWS,
      'C1,01/01/2015,20/02/2024,PN1',
      'C1,01/01/2015,20/05/2024,PN1',
      'C2,01/01/2010,25/06/2024,PN1',
    ),
  ];
  const manifestAfter = (plan: ReturnType<typeof planImport>) =>
    plan.writes.flatMap((write) => write.entries);
  const written = (plan: ReturnType<typeof planImport>) => plan.writes.flatMap((write) => write.events);

  function firstImport(): ManifestEntry[] {
    const plan = planImport(read(...base()), [], 'ssda903');
    expect(plan.made).toBe(7);
    return manifestAfter(plan);
  }

  it('changes nothing when the same return is imported again', () => {
    const manifest = firstImport();
    const again = planImport(read(...base().reverse()), manifest, 'ssda903');
    expect(again).toMatchObject({ made: 0, corrected: 0, withdrawn: 0, unchanged: 7 });
    expect(written(again)).toEqual([]);
  });

  it('corrects a changed row: a retraction of the old event and a new one', () => {
    const manifest = firstImport();
    const [episodes, reviews] = base();
    const corrected = {
      ...(episodes as SourceFile),
      text: (episodes as SourceFile).text.replace(',C1,N1,U6,', ',C2,N1,U6,'),
    };
    const plan = planImport(read(corrected, reviews as SourceFile), manifest, 'ssda903');
    expect(plan).toMatchObject({ made: 1, corrected: 1, withdrawn: 0, unchanged: 6 });
    const events = written(plan);
    expect(events.map((event) => event.type)).toEqual(['event.retracted', 'care_period.started']);
    const old = manifest.find((entry) => entry.key === 'episodes:C1:01/02/2024#care');
    expect(events[0]?.data).toEqual({ eventId: old?.id });
    expect(events[1]).toMatchObject({ caseId: 'C1', data: { legalStatus: 'care-order' } });
    expect(events[1]?.id).not.toBe(old?.id);
  });

  it('withdraws a deleted row, and leaves a table not supplied, or a refused row, as it was', () => {
    const manifest = firstImport();
    // C2's legal status is refused today: its row is held, so the event it made before stands.
    const episodes = file(
      'e.csv',
      EPISODES,
      episode('C1', '01/02/2024', 'S', 'C1', 'U6'),
      episode('C2', '01/03/2024', 'S', 'QQ9', 'K2'),
    );
    const reviews = file('r.csv', REVIEWS, 'C1,01/01/2015,20/02/2024,PN1', 'C2,01/01/2010,25/06/2024,PN1');
    const plan = planImport(read(episodes, reviews), manifest, 'ssda903');
    expect(plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 1, unchanged: 5 });
    const withdrawn = manifest.find((entry) => entry.key === 'reviews:C1:20/05/2024#held');
    expect(written(plan)).toEqual([
      expect.objectContaining({ type: 'event.retracted', caseId: 'C1', data: { eventId: withdrawn?.id } }),
    ]);
    const episodesOnly = planImport(read(base()[0] as SourceFile), manifest, 'ssda903');
    expect(episodesOnly).toMatchObject({ made: 0, withdrawn: 0, unchanged: 4 });
  });

  it('withdraws the end of care when a row no longer says care ended', () => {
    // The review dates the return's year, which the end of care no longer does.
    const reviewed = file('r.csv', REVIEWS, 'C1,01/01/2015,15/02/2024,PN1');
    const ended = file('e.csv', EPISODES, episode('C1', '01/02/2024', 'S', 'C1', 'U6', '01/03/2024', 'E13'));
    const manifest = manifestAfter(planImport(read(ended, reviewed), [], 'ssda903'));
    const open = file('e.csv', EPISODES, episode('C1', '01/02/2024', 'S', 'C1', 'U6'));
    const plan = planImport(read(open, reviewed), manifest, 'ssda903');
    expect(plan).toMatchObject({ made: 0, withdrawn: 2, unchanged: 3 });
  });
});

describe('yearly returns', () => {
  const REVIEWS = 'CHILD,DOB,REVIEW,REVIEW_CODE';
  const manifestAfter = (plan: ReturnType<typeof planImport>) =>
    plan.writes.flatMap((write) => write.entries);
  const written = (plan: ReturnType<typeof planImport>) =>
    plan.writes
      .flatMap((write) => write.events)
      .map((event) => `${event.type} ${event.caseId} ${event.occurredAt}`);
  /** 2023–24's return: C1 in care from May 2023, C2 from June to December 2023. */
  const lastYear = [
    file(
      'episodes.csv',
      EPISODES,
      episode('C1', '01/05/2023', 'S', 'C1', 'U6'),
      episode('C2', '01/06/2023', 'S', 'V2', 'K2', '01/12/2023', 'E13'),
    ),
    file(
      'reviews.csv',
      REVIEWS,
      'C1,01/01/2015,10/06/2023,PN1',
      'C1,01/01/2015,10/12/2023,PN1',
      'C2,01/01/2010,20/07/2023,PN1',
    ),
  ];
  /** 2024–25's return: C1 still in care, C3 from August 2024; C2 is not in it, nor last year's reviews. */
  const thisYear = (c3Reviewed = true) => [
    file(
      'episodes.csv',
      EPISODES,
      episode('C1', '01/05/2023', 'S', 'C1', 'U6'),
      episode('C3', '01/08/2024', 'S', 'V2', 'K2'),
    ),
    file(
      'reviews.csv',
      REVIEWS,
      'C1,01/01/2015,10/06/2024,PN1',
      ...(c3Reviewed ? ['C3,01/01/2012,20/09/2024,PN1'] : []),
    ),
  ];
  const afterLastYear = () => manifestAfter(planImport(read(...lastYear), [], 'ssda903'));

  it('covers the collection year ending on the 31 March on or after its latest date', () => {
    expect(read(...lastYear).period).toEqual({ from: '2023-04-01', to: '2024-03-31' });
    expect(read(...thisYear()).period).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    const endedOn = (day: string) =>
      read(file('e.csv', EPISODES, episode('C1', '01/02/2024', 'S', 'C1', 'U6', day, 'E13'))).period;
    expect(endedOn('31/03/2025')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    expect(endedOn('01/04/2025')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('withdraws nothing of earlier years that this year’s return no longer lists', () => {
    const plan = planImport(read(...thisYear()), afterLastYear(), 'ssda903');
    // C1's episode began before the year and is listed again: unchanged. C2 and last year's reviews stand.
    expect(plan).toMatchObject({ made: 4, corrected: 0, withdrawn: 0, unchanged: 2 });
    expect(written(plan)).toEqual([
      'care_period.started C3 2024-08-01',
      'placement.started C3 2024-08-01',
      'cic_review.held C3 2024-09-20',
      'cic_review.held C1 2024-06-10',
    ]);
  });

  it('withdraws what vanished from within its year, and changes nothing when imported again', () => {
    const manifest = manifestAfter(planImport(read(...thisYear()), afterLastYear(), 'ssda903'));
    const again = planImport(read(...thisYear()), manifest, 'ssda903');
    expect(again).toMatchObject({ made: 0, corrected: 0, withdrawn: 0, unchanged: 6 });
    expect(written(again)).toEqual([]);
    const plan = planImport(read(...thisYear(false)), manifest, 'ssda903');
    expect(plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 1, unchanged: 5 });
    expect(written(plan)).toEqual(['event.retracted C3 2024-09-20']);
  });

  it('withdraws nothing after a return of a later year imported first', () => {
    const manifest = manifestAfter(planImport(read(...thisYear()), [], 'ssda903'));
    expect(planImport(read(...lastYear), manifest, 'ssda903')).toMatchObject({ withdrawn: 0 });
  });

  it('withdraws nothing, and says why, when no review or end tells the return’s year', () => {
    const manifest = manifestAfter(planImport(read(...thisYear()), afterLastYear(), 'ssda903'));
    // 2025–26's extract in its first days: C1 and C3 still in care, nothing reviewed or ended yet. Its
    // latest date is in 2024–25, but it is not that year's return: 2024–25's reviews must stand.
    const firstDays = [
      file(
        'episodes.csv',
        EPISODES,
        episode('C1', '01/05/2023', 'S', 'C1', 'U6'),
        episode('C3', '01/08/2024', 'S', 'V2', 'K2'),
      ),
      file('reviews.csv', REVIEWS),
    ];
    for (const extract of [read(...firstDays), read(file('episodes.csv', EPISODES))]) {
      expect(extract.sections).toEqual([]);
      expect(extract.period).toBeUndefined();
      expect(extract.problems).toEqual([
        {
          file: 'episodes.csv',
          message:
            'the return’s year cannot be told (it has no review, and no end of care, of a placement or of a missing episode, in the year of its latest date), so nothing imported before from it is withdrawn',
          imported: true,
        },
      ]);
      expect(planImport(extract, manifest, 'ssda903')).toMatchObject({ corrected: 0, withdrawn: 0 });
    }
  });
});

describe('round trip: synthetic council → SSDA903 → import', () => {
  const council = generateCouncil({ seed: 7, asOf: TODAY, cases: 240 });
  const files = ssda903Extract(council);

  it('is deterministic', () => {
    expect(ssda903Extract(generateCouncil({ seed: 7, asOf: TODAY, cases: 240 }))).toEqual(files);
    expect(files.every((source) => source.text.includes('\r\n'))).toBe(true);
  });

  it('gives the deadlines of the council’s own events for every rule the return can feed', () => {
    const profile = builtInProfile('default');
    const coverage = coverageOf(profile, SSDA903_FORMAT.carries);
    const uncovered = new Set([...coverage.noSource, ...coverage.neverMet].map((rule) => rule.rule));
    // A recording rule counts from when its event was written up: no return carries that. A placement
    // with a relative or friend is read as a Regulation 24 temporary approval only while under 24 weeks
    // old (placement-reading.ts), so a return's history of temporary approvals is not theirs.
    const fed = profile.rules
      .filter(
        (rule) =>
          !uncovered.has(rule.id) && rule.kind !== 'recording' && rule.id !== 'cic.reg-24-temporary-approval',
      )
      .map((rule) => rule.id);
    expect(fed).toEqual(expect.arrayContaining(['cic.review', 'short-breaks.review', 'adoption.review']));

    const plan = planImport(SSDA903_FORMAT.read(files, TODAY), [], 'ssda903');
    expect(plan.problems).toEqual([]);
    const imported = eventsByCase(plan.writes.flatMap((write) => write.events));
    const own = eventsByCase(council.events);
    const asOf = momentOf(TODAY);
    const deadlines = (caseId: string, events: readonly CaseEvent[]) =>
      evaluateCase(caseId, events, profile, asOf)
        .deadlines.filter((deadline) => fed.includes(deadline.rule.id))
        .map((deadline) => ({
          rule: deadline.rule.id,
          occurrence: deadline.occurrence,
          due: deadline.due.day,
          status: deadline.status,
          met: deadline.met?.at.day ?? null,
        }));
    let compared = 0;
    for (const [caseId, events] of imported) {
      const expected = deadlines(caseId, own.get(caseId) ?? []);
      expect(deadlines(caseId, events), caseId).toEqual(expected);
      compared += expected.length;
    }
    expect(imported.size).toBeGreaterThan(40);
    expect(compared).toBeGreaterThan(300);
  });
});
