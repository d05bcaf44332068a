/**
 * Ofsted's Annex A lists as an import: sheets and files known by their header, the workbook and the CSV
 * files giving the same events, the mapping (ambiguous codes the stricter way, and listed), messy input
 * listed by file, row and column without a cell's text, snapshots that add history and withdraw only
 * what is said of now, which rules it seeds (held to the catalogue and to docs/imports.md), and the
 * round trip from the synthetic council to the same current deadlines for those rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CaseEvent, eventsByCase } from '../../events/index.ts';
import { csvField } from '../../functions/core/directory/csv.ts';
import { evaluateCase, momentOf, OPEN_STATUSES, type Profile } from '../../functions/core/engine/index.ts';
import { ANNEX_A_FORMAT } from '../../functions/core/imports/annex-a/index.ts';
import { ANNEX_A_LISTS } from '../../functions/core/imports/annex-a/lists.ts';
import {
  ANNEX_A_NOT_SEEDED,
  ANNEX_A_SEEDED,
  RECORDING_NOT_SEEDED,
} from '../../functions/core/imports/annex-a/seeds.ts';
import { readSheet } from '../../functions/core/imports/annex-a/sheets.ts';
import { coverageOf } from '../../functions/core/imports/coverage.ts';
import {
  type ImportProblem,
  isRefusal,
  type MappedExtract,
  problemText,
  type SourceFile,
} from '../../functions/core/imports/format.ts';
import { importFormat } from '../../functions/core/imports/formats.ts';
import { type ManifestEntry, planImport } from '../../functions/core/imports/reconcile.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { readDroppedFile } from '../../functions/imports/dropped-files.ts';
import { readWorkbook, WorkbookError } from '../../functions/imports/xlsx-rows.ts';
import {
  type AnnexAList,
  annexACsvFiles,
  annexALists,
  annexAWorkbook,
} from '../../local/extracts/annex-a.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const TODAY = '2026-06-30';
const SOURCE = 'annex-a';

const csv = (name: string, ...rows: string[][]): SourceFile => ({
  name,
  text: `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`,
});
const sheet = (name: string, ...rows: string[][]): SourceFile => ({
  name: `annex.xlsx, sheet ${name}`,
  text: '',
  rows,
});
const read = (...files: SourceFile[]) => ANNEX_A_FORMAT.read(files, TODAY);
const summary = (extract: MappedExtract) =>
  extract.events.map(
    ({ key, event, latest }) =>
      `${key} ${event.type} ${event.occurredAt} ${JSON.stringify(event.data)}${latest ? '' : ' (now)'}`,
  );
const where = (problems: readonly ImportProblem[]) =>
  problems.map(
    (problem) =>
      `${problem.file}|${problem.row ?? ''}|${problem.column ?? ''}|${problem.imported ? 'listed' : 'refused'}`,
  );

const CP = [
  'Child Unique ID',
  'Date of Birth',
  'Child Protection Plan Start Date',
  'Date of the Last Statutory Visit',
  'Was the Child Seen Alone?',
  'Date of latest review conference',
  'Child Protection Plan End Date',
];
const CLA = [
  'Child Unique ID',
  'Date of Birth',
  'Does the Child have a Disability',
  'Date Started to be Looked After',
  'Start date of current legal status',
  "Child's Legal Status",
  'Date of Latest Statutory Review',
  'Date of Last Social Work Visit',
  'Date of Last Health Assessment',
  'Date Ceased to be Looked After',
  'Reason Ceased to be Looked After',
  'Start Date of Most Recent Placement',
  'Placement Type',
];
const CIN = [
  'Child Unique ID',
  'Date of Birth',
  'CIN Start Date',
  'Date Child Was Last Seen',
  'CIN Closure Date',
  'Case Status',
];

/** A small synthetic council's lists, made once. */
const small = (() => {
  const council = generateCouncil({ seed: 3, asOf: TODAY, cases: 120 });
  return { council, lists: annexALists(council, TODAY) };
})();

describe('knowing a list by its header', () => {
  it('knows every list by its columns, whatever its sheet or file is called', () => {
    for (const list of small.lists) {
      const result = readSheet(
        csv(`export (${list.number}).csv`, [...list.header], ...list.rows.map((row) => [...row])),
      );
      expect(result.problems).toEqual([]);
      expect(result.sheet?.list.number).toBe(list.number);
    }
    expect(new Set(small.lists.map((list) => list.number))).toEqual(
      new Set(ANNEX_A_LISTS.map((list) => list.number)),
    );
  });

  it('reads a header written another way, under a title row, and numbers rows as the sheet does', () => {
    const extract = read(
      sheet(
        'Sheet7',
        ['Child protection: all children subject to a plan'],
        [],
        [
          'CHILD ID',
          'child protection plan start date',
          'date of last statutory visit',
          'was child seen alone (Y/N)',
        ],
        ['C1', '05/01/2026', '2026-03-02', 'a) Yes'],
      ),
    );
    expect(summary(extract)).toEqual([
      'list-7:C1#cp-2026-01-05-icpc conference.held 2026-01-05 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:C1#cp-2026-01-05 cp_plan.started 2026-01-05 {}',
      'list-7:C1#visit-2026-03-02 visit.completed 2026-03-02 {"visitType":"cp","childSeen":true,"seenAlone":true}',
    ]);
    expect(extract.events[0]?.from).toEqual({ file: 'annex.xlsx, sheet Sheet7', row: 4 });
    // The columns the mapping reads that the sheet lacks are listed, on the header's row.
    expect(where(extract.problems)).toEqual([
      'annex.xlsx, sheet Sheet7|3|Date of latest review conference|listed',
      'annex.xlsx, sheet Sheet7|3|Child Protection Plan End Date|listed',
    ]);
  });

  it('lists a sheet that is no list, passes over an empty one, and reads lists 1, 2 and 11 for nothing', () => {
    const extract = read(
      sheet('Guidance', ['How to fill in these lists'], ['Each list on its own sheet']),
      sheet('Blank', [], ['', '']),
      sheet('Contacts', ['Child Unique ID', 'Date of Contact'], ['C1', '01/06/2026']),
      sheet('Adopters', ['Individual adopter identifier', 'Date enquiry received'], ['A1', '01/06/2026']),
    );
    expect(extract.events).toEqual([]);
    expect(extract.sections).toEqual([]);
    expect(extract.problems.map(problemText)).toEqual([
      'annex.xlsx, sheet Guidance: is not one of the Annex A lists: no row among its first 10 has the columns of any list; nothing in it was imported',
    ]);
  });

  it('takes every sheet and every CSV file, and no other file', () => {
    expect(ANNEX_A_FORMAT.accepts(sheet('Anything'))).toBe(true);
    expect(ANNEX_A_FORMAT.accepts({ name: 'LIST 8.CSV', text: '' })).toBe(true);
    expect(ANNEX_A_FORMAT.accepts({ name: 'notes.txt', text: '' })).toBe(false);
    expect(importFormat('annex-a')).toBe(ANNEX_A_FORMAT);
  });
});

describe('the workbook and the CSV files', () => {
  const strip = (extract: MappedExtract) =>
    extract.events.map(({ key, event, latest, from }) => ({
      key,
      event,
      latest,
      row: 'row' in from ? from.row : null,
    }));

  it('give the same events, the workbook with Excel dates and the files with dd/mm/yyyy', async () => {
    const fromCsv = read(...annexACsvFiles(small.lists));
    const workbook = await annexAWorkbook(small.lists, TODAY);
    const dropped = await readDroppedFile({ name: 'annex-a.xlsx', bytes: workbook });
    expect(dropped.problems).toEqual([]);
    expect(dropped.files.map((file) => file.name)).toEqual(
      small.lists.map((list) => `annex-a.xlsx, sheet ${list.sheet}`),
    );
    const fromWorkbook = read(...dropped.files);
    expect(fromCsv.events.length).toBeGreaterThan(300);
    expect(strip(fromWorkbook)).toEqual(strip(fromCsv));
    expect(fromWorkbook.problems.map((problem) => problem.message)).toEqual(
      fromCsv.problems.map((problem) => problem.message),
    );
    expect(fromWorkbook.sections).toEqual(fromCsv.sections);
  });

  it('makes the same lists from the same council and day', () => {
    expect(annexALists(small.council, TODAY)).toEqual(small.lists);
  });

  it('reads a date Excel wrote into a CSV file as its serial number', () => {
    const extract = read(
      csv('cp.csv', ['Child Unique ID', 'Child Protection Plan Start Date'], ['C1', '45292']),
    );
    expect(summary(extract)).toContain('list-7:C1#cp-2024-01-01 cp_plan.started 2024-01-01 {}');
  });

  it('refuses a workbook it cannot read, by name only', async () => {
    const bytes = new TextEncoder().encode('Child Unique ID,secret\r\nC1,2026-01-01\r\n');
    await expect(readWorkbook('lists.xlsx', bytes)).rejects.toThrow(WorkbookError);
    await expect(readWorkbook('lists.xlsx', bytes)).rejects.toThrow(
      /^lists\.xlsx cannot be read as an Excel workbook/,
    );
  });

  it('never puts a worker’s name, or anything but ids, codes and dates, into an event', () => {
    const names = new Set(
      small.lists.flatMap((list) => {
        const at = list.header.indexOf('Allocated Worker');
        return at < 0 ? [] : list.rows.map((row) => row[at] as string).filter((name) => name !== '');
      }),
    );
    expect(names.size).toBeGreaterThan(5);
    const text = JSON.stringify(read(...annexACsvFiles(small.lists)).events);
    for (const name of names) expect(text).not.toContain(name);
    expect(text).not.toContain('Female');
  });
});

describe('the mapping', () => {
  it('makes a child protection plan’s start, its initial conference, latest visit and review, and end', () => {
    const extract = read(
      csv(
        'cp.csv',
        CP,
        ['C1', '2015-02-03', '05/01/2026', '02/03/2026', 'No', '06/04/2026', '06/04/2026'],
        ['C2', '', '10/06/2026', '', '', '', ''],
      ),
    );
    expect(extract.problems).toEqual([]);
    expect(summary(extract)).toEqual([
      'list-7:C1#born child.updated 2015-02-03 {"dateOfBirth":"2015-02-03"} (now)',
      'list-7:C1#cp-2026-01-05-icpc conference.held 2026-01-05 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:C1#cp-2026-01-05 cp_plan.started 2026-01-05 {}',
      'list-7:C1#visit-2026-03-02 visit.completed 2026-03-02 {"visitType":"cp","childSeen":true,"seenAlone":false}',
      'list-7:C1#review-2026-04-06 conference.held 2026-04-06 {"conferenceType":"review","outcome":"end"}',
      'list-7:C1#cp-2026-01-05-end cp_plan.ended 2026-04-06 {}',
      'list-7:C2#cp-2026-06-10-icpc conference.held 2026-06-10 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:C2#cp-2026-06-10 cp_plan.started 2026-06-10 {}',
    ]);
    expect(extract.sections).toEqual(['list-7']);
  });

  it('makes a period of care, its legal status, latest placement, review, visit, health assessment and end', () => {
    const extract = read(
      csv(
        'cla.csv',
        CLA,
        [
          'C1',
          '2012-05-01',
          'Yes',
          '01/09/2025',
          '15/10/2025',
          'C2: Full care order',
          '10/03/2026',
          '20/06/2026',
          '01/02/2026',
          '29/06/2026',
          'E11: Adopted',
          '01/11/2025',
          'U4 - Foster placement - long term',
        ],
        ['C2', '', 'No', '01/09/2025', '01/09/2025', 'V2', '', '', '', '20/06/2026', 'X1', '', ''],
      ),
    );
    expect(extract.problems).toEqual([]);
    expect(summary(extract)).toEqual([
      'list-8:C1#born child.updated 2012-05-01 {"dateOfBirth":"2012-05-01"} (now)',
      'list-8:C1#disabled child.updated 2012-05-01 {"disabled":true} (now)',
      'list-8:C1#care-2025-09-01 care_period.started 2025-09-01 {"legalStatus":"care-order"}',
      'list-8:C1#legal-status-2025-10-15 care_period.started 2025-10-15 {"legalStatus":"care-order"}',
      'list-8:C1#placement-2025-11-01 placement.started 2025-11-01 {"placementType":"foster-care"}',
      'list-8:C1#review-2026-03-10 cic_review.held 2026-03-10 {}',
      'list-8:C1#visit-2026-06-20 visit.completed 2026-06-20 {"visitType":"cic","childSeen":true}',
      'list-8:C1#health-2026-02-01 health_assessment.completed 2026-02-01 {"kind":"initial"}',
      'list-8:C1#care-2025-09-01-end care_period.ended 2026-06-29 {"reason":"adopted"}',
      // X1: care goes on in the next episode, so no end.
      'list-8:C2#care-2025-09-01 care_period.started 2025-09-01 {"legalStatus":"section-20"}',
    ]);
  });

  it('reads an ambiguous placement the stricter way, and lists it, unless another column settles it', () => {
    const row = (child: string, status: string, placed: string, code: string) => [
      child,
      '',
      '',
      '01/09/2025',
      '',
      status,
      '',
      '',
      '',
      '',
      '',
      placed,
      code,
    ];
    const extract = read(
      csv(
        'cla.csv',
        CLA,
        row('RECENT', 'C2', '01/05/2026', 'U3'),
        row('OLDER', 'C2', '01/09/2025', 'U3'),
        row('HOME', 'C1', '01/05/2026', 'P1'),
        row('S20', 'V2', '01/05/2026', 'P1'),
      ),
    );
    const placements = extract.events
      .filter((mapped) => mapped.event.type === 'placement.started')
      .map((mapped) => `${mapped.event.caseId} ${JSON.stringify(mapped.event.data)}`);
    expect(placements).toEqual([
      'RECENT {"placementType":"temporary-connected-carer"}',
      'OLDER {"placementType":"connected-carer"}',
      'HOME {"placementType":"placed-with-parents-before-assessment"}',
      'S20 {"placementType":"placed-with-parents"}',
    ]);
    expect(where(extract.problems)).toEqual([
      'cla.csv|2|Placement Type|listed',
      'cla.csv|4|Placement Type|listed',
    ]);
    expect(
      extract.problems.every((problem) => problem.message.endsWith('the council should confirm which it is')),
    ).toBe(true);
    expect(extract.held).toEqual([]);
  });

  it('makes a child in need plan, and its last sighting a visit, only where the case status says so', () => {
    const extract = read(
      csv(
        'cin.csv',
        CIN,
        ['PLAN', '', '02/02/2026', '20/06/2026', '', 'c) Child in need plan'],
        ['CP', '', '02/02/2026', '20/06/2026', '', 'Child Protection plan'],
        ['SHUT', '', '02/02/2025', '20/01/2026', '25/01/2026', 'e) Closed episode'],
      ),
    );
    expect(extract.problems).toEqual([]);
    expect(summary(extract)).toEqual([
      'list-6:PLAN#cin-plan-2026-02-02 cin_plan.started 2026-02-02 {} (now)',
      'list-6:PLAN#seen-2026-06-20 visit.completed 2026-06-20 {"visitType":"cin","childSeen":true}',
      'list-6:SHUT#cin-2025-02-02-closed case.closed 2026-01-25 {}',
    ]);
  });

  it('makes referrals, assessments, enquiries and their conferences, care leavers’ contacts and adoptions', () => {
    const extract = read(
      csv('l3.csv', ['Child Unique ID', 'Date of referral'], ['C1', '02/03/2026']),
      csv(
        'l4.csv',
        [
          'Child Unique ID',
          'Continuous Assessment Start Date',
          'Continuous Assessment Date of Authorisation',
        ],
        ['C1', '03/03/2026', '01/04/2026'],
      ),
      csv(
        'l5.csv',
        [
          'Child Unique ID',
          'Strategy discussion initiating Section 47 Enquiry Start Date',
          'Date of Initial Child Protection Conference',
          'Did the Initial Child Protection Conference Result in a Child Protection Plan',
        ],
        ['C1', '04/03/2026', '20/03/2026', 'b) No'],
      ),
      csv(
        'l9.csv',
        ['Child Unique ID', 'Latest Pathway Plan Review Date', 'Latest Date of Contact'],
        ['C2', '01/05/2026', '15/06/2026'],
      ),
      csv(
        'l10.csv',
        [
          'Child Unique ID',
          'Date of Decision that Child Should be Placed for Adoption',
          'Date Placed for Adoption',
          'Date of Adoption Order',
        ],
        ['C3', '01/06/2025', '01/10/2025', '02/05/2026'],
      ),
    );
    expect(extract.problems.filter(isRefusal).map(problemText)).toEqual([]);
    expect(summary(extract)).toEqual([
      'list-3:C1#referral-2026-03-02 referral.received 2026-03-02 {}',
      'list-4:C1#assessment-2026-03-03 assessment.started 2026-03-03 {}',
      'list-4:C1#assessment-2026-03-03-completed assessment.completed 2026-04-01 {}',
      'list-4:C1#assessment-2026-03-03-authorised assessment.authorised 2026-04-01 {}',
      'list-5:C1#s47-2026-03-04-strategy strategy_discussion.held 2026-03-04 {"s47Initiated":true}',
      'list-5:C1#s47-2026-03-04 s47.started 2026-03-04 {}',
      'list-5:C1#s47-2026-03-04-icpc conference.held 2026-03-20 {"conferenceType":"initial","outcome":"no-plan"}',
      'list-9:C2#pathway-plan-2026-05-01 record.updated 2026-05-01 {"record":"pathway-plan"}',
      'list-9:C2#contact-2026-06-15 visit.completed 2026-06-15 {"visitType":"care-leaver","childSeen":true}',
      'list-10:C3#adoption-placed-2025-10-01 placement.started 2025-10-01 {"placementType":"placed-for-adoption"}',
      'list-10:C3#adoption-order-2026-05-02 care_period.ended 2026-05-02 {"reason":"adopted"}',
    ]);
    expect(extract.sections).toEqual(['list-3', 'list-4', 'list-5', 'list-9', 'list-10']);
  });
});

describe('messy input', () => {
  // Every bad cell holds text that must never come back in a problem.
  const messy = [
    csv(
      'l7.csv',
      CP,
      ['GOOD-1', '2012-12-12', '05/01/2026', '02/03/2026', 'Yes', '', ''],
      ['BAD-DATE', '', '31/02/2026', '', '', '', ''],
      ['FUTURE', '', '05/01/2026', '01/01/2027', '', '', ''],
      ['WORDS', '', '05/01/2026', 'seen by Jo Bloggs', 'maybe-so', '', ''],
      ['BEFORE', '', '05/01/2026', '', '', '', '04/01/2026'],
      ['GOOD-1', '2012-12-12', '05/01/2026', '02/03/2026', 'Yes', '', ''],
      ['GOOD-1', '2012-12-12', '05/01/2026', '09/03/2026', 'No', '', ''],
      ['', '', '05/01/2026', '', '', '', ''],
      ['NO-START', '', '', '02/03/2026', '', '', ''],
      ['SHORT', '05/01/2026'],
      ['BAD ID!', '', '05/01/2026', '', '', '', ''],
    ),
    csv(
      'l8.csv',
      [
        'Child Unique ID',
        'Date of Birth',
        'Date Started to be Looked After',
        "Child's Legal Status",
        'Start Date of Most Recent Placement',
        'Placement Type',
      ],
      ['CODES', '2014-02-02', '01/09/2025', 'Z9 Secret order', '01/10/2025', 'Q9 Unknown placement'],
      ['GOOD-1', '2013-01-01', '01/09/2025', 'C2', '', ''],
    ),
    csv('l9.csv', ['Date of Birth', 'Latest Pathway Plan Review Date'], ['2008-01-01', '01/05/2026']),
    csv('l6.csv', ['Child Unique ID', 'CIN Start Date', 'CIN Start Date'], ['X', '01/01/2026', '01/01/2026']),
    csv('stray.csv', ['Name', 'Favourite colour'], ['Jo Bloggs', 'Teal']),
  ];

  it('imports every valid row, and lists every problem by file, row and column', () => {
    const extract = read(...messy);
    expect(where(extract.problems)).toEqual([
      'l7.csv|3|Child Protection Plan Start Date|refused',
      'l7.csv|4|Date of the Last Statutory Visit|refused',
      'l7.csv|5|Date of the Last Statutory Visit|refused',
      'l7.csv|5|Was the Child Seen Alone?|refused',
      'l7.csv|6|Child Protection Plan End Date|refused',
      'l7.csv|7|Child Unique ID|listed',
      'l7.csv|8|Child Unique ID|refused',
      'l7.csv|9|Child Unique ID|refused',
      'l7.csv|10|Child Protection Plan Start Date|refused',
      'l7.csv|11||refused',
      'l7.csv|12|Child Unique ID|refused',
      'l8.csv|1|Start date of current legal status|listed',
      'l8.csv|1|Date of Latest Statutory Review|listed',
      'l8.csv|1|Date of Last Social Work Visit|listed',
      'l8.csv|1|Date of Last Health Assessment|listed',
      'l8.csv|1|Date Ceased to be Looked After|listed',
      "l8.csv|2|Child's Legal Status|refused",
      'l8.csv|2|Placement Type|refused',
      'l8.csv|3|Date of Birth|refused',
      'l9.csv|1|Child Unique ID|refused',
      'l6.csv|1|CIN Start Date|refused',
      'stray.csv|||refused',
    ]);
    // Valid rows, and the valid cells of rows with a bad one, are imported.
    expect(summary(extract)).toEqual([
      'list-7:GOOD-1#born child.updated 2012-12-12 {"dateOfBirth":"2012-12-12"} (now)',
      'list-7:GOOD-1#cp-2026-01-05-icpc conference.held 2026-01-05 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:GOOD-1#cp-2026-01-05 cp_plan.started 2026-01-05 {}',
      'list-7:GOOD-1#visit-2026-03-02 visit.completed 2026-03-02 {"visitType":"cp","childSeen":true,"seenAlone":true}',
      'list-7:FUTURE#cp-2026-01-05-icpc conference.held 2026-01-05 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:FUTURE#cp-2026-01-05 cp_plan.started 2026-01-05 {}',
      'list-7:WORDS#cp-2026-01-05-icpc conference.held 2026-01-05 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:WORDS#cp-2026-01-05 cp_plan.started 2026-01-05 {}',
      'list-7:BEFORE#cp-2026-01-05-icpc conference.held 2026-01-05 {"conferenceType":"initial","outcome":"plan"}',
      'list-7:BEFORE#cp-2026-01-05 cp_plan.started 2026-01-05 {}',
      'list-8:CODES#born child.updated 2014-02-02 {"dateOfBirth":"2014-02-02"} (now)',
      'list-8:GOOD-1#care-2025-09-01 care_period.started 2025-09-01 {"legalStatus":"care-order"}',
    ]);
    // A row with a refusal is held: what it says of the child now stands until it reads cleanly.
    expect(extract.held).toEqual(
      expect.arrayContaining([
        'list-7:BAD-DATE',
        'list-7:WORDS',
        'list-7:GOOD-1',
        'list-8:CODES',
        'list-8:GOOD-1',
      ]),
    );
    expect(extract.sections).toEqual(['list-7', 'list-8']);
  });

  it('never repeats what a cell holds', () => {
    const extract = read(...messy);
    const cells = new Set(
      messy
        .flatMap((file) =>
          file.text
            .split('\r\n')
            .slice(1)
            .flatMap((line) => line.split(',')),
        )
        .filter((cell) => cell.length >= 4),
    );
    expect(cells.size).toBeGreaterThan(15);
    for (const problem of extract.problems) {
      for (const cell of cells)
        expect(problemText(problem), `${problemText(problem)} repeats ${cell}`).not.toContain(cell);
    }
  });

  it('says what is wrong in the format’s own words', () => {
    const text = read(...messy).problems.map(problemText);
    expect(text).toEqual(
      expect.arrayContaining([
        'l7.csv, row 3, Child Protection Plan Start Date: is not a real date',
        'l7.csv, row 4, Date of the Last Statutory Visit: is after the day of the import (2026-06-30): check the year',
        'l7.csv, row 5, Date of the Last Statutory Visit: is not a date: write it YYYY-MM-DD (or dd/mm/yyyy)',
        'l7.csv, row 6, Child Protection Plan End Date: is before Child Protection Plan Start Date',
        'l7.csv, row 7, Child Unique ID: repeats row 2; it was imported once',
        'l7.csv, row 8, Child Unique ID: is the child and Child Protection Plan Start Date of row 2 too, with other values; row 2 was imported, this one was not',
        'l7.csv, row 11: has 2 fields but the header has 7; the row was not imported',
        'l8.csv, row 2, Placement Type: is not a code of the SSDA903 placement types (PLACE)',
        'l8.csv, row 3, Date of Birth: differs from the one in l7.csv, row 2; that one was used',
        'l9.csv, row 1, Child Unique ID: the header has no such column, which says whose each row is; nothing in this List 9: care leavers was imported',
        'l6.csv, row 1, CIN Start Date: this column appears twice; nothing in this sheet was imported',
      ]),
    );
  });
});

describe('snapshots', () => {
  const cp = (visit: string, alone: string) =>
    csv('cp.csv', CP, ['C1', '', '05/01/2026', visit, alone, '', '']);
  const cin = (status: string) => csv('cin.csv', CIN, ['C1', '', '02/02/2025', '10/01/2026', '', status]);
  const importOf = (manifest: ManifestEntry[], ...files: SourceFile[]) => {
    const plan = planImport(read(...files), manifest, SOURCE);
    const entries = new Map(manifest.map((entry) => [entry.key, entry]));
    for (const write of plan.writes) for (const entry of write.entries) entries.set(entry.key, entry);
    return { plan, manifest: [...entries.values()] };
  };

  it('changes nothing when the same lists are imported again', () => {
    const first = importOf([], cp('02/03/2026', 'Yes'), cin('c) Child in need plan'));
    const again = importOf(first.manifest, cp('02/03/2026', 'Yes'), cin('c) Child in need plan'));
    expect(first.plan.made).toBe(5);
    expect(again.plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 0, unchanged: 5 });
  });

  it('adds a newer visit as a new event and keeps the old one', () => {
    const first = importOf([], cp('02/03/2026', 'Yes'));
    const next = importOf(first.manifest, cp('30/03/2026', 'Yes'));
    expect(next.plan).toMatchObject({ made: 1, corrected: 0, withdrawn: 0 });
    const visits = next.manifest
      .filter((entry) => entry.key.includes('#visit-') && !entry.withdrawn)
      .map((entry) => entry.occurredAt);
    expect(visits).toEqual(['2026-03-02', '2026-03-30']);
  });

  it('corrects what a row says of the same visit', () => {
    const first = importOf([], cp('02/03/2026', 'Yes'));
    const next = importOf(first.manifest, cp('02/03/2026', 'No'));
    expect(next.plan).toMatchObject({ made: 1, corrected: 1, withdrawn: 0 });
  });

  it('withdraws nothing a row said happened when the row leaves its list, only what it said of now', () => {
    const first = importOf([], cp('02/03/2026', 'Yes'), cin('c) Child in need plan'));
    // The plan ended long ago and the child left list 7; list 6 now says a child protection plan.
    const next = importOf(first.manifest, csv('cp.csv', CP), cin('b) Child Protection plan'));
    expect(next.plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 1 });
    const withdrawn = next.manifest.filter((entry) => entry.withdrawn).map((entry) => entry.key);
    expect(withdrawn).toEqual(['list-6:C1#cin-plan-2025-02-02']);
  });
});

describe('what Annex A seeds', () => {
  const profile = builtInProfile('default');
  const seeded = new Map(ANNEX_A_SEEDED.map((entry) => [entry.rule, entry]));
  const notSeeded = new Set(ANNEX_A_NOT_SEEDED.map((entry) => entry.rule));

  it('says of every rule of the catalogue, once, whether and how it seeds it', () => {
    const coverage = coverageOf(profile, ANNEX_A_FORMAT.carries);
    const uncovered = new Set([...coverage.noSource, ...coverage.neverMet].map((entry) => entry.rule));
    const ids = profile.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of profile.rules) {
      const answers = [
        seeded.has(rule.id),
        notSeeded.has(rule.id),
        uncovered.has(rule.id),
        rule.kind === 'recording' && !uncovered.has(rule.id),
      ].filter(Boolean);
      expect(answers, rule.id).toHaveLength(1);
    }
    for (const entry of ANNEX_A_SEEDED) {
      expect(ids, entry.rule).toContain(entry.rule);
      expect(entry.seeds === 'stricter', `${entry.rule} says why it is stricter`).toBe(
        entry.why !== undefined,
      );
    }
    for (const rule of notSeeded) expect(ids).toContain(rule);
    expect(RECORDING_NOT_SEEDED).toMatch(/written up/);
  });

  it('is what docs/imports.md says', () => {
    const doc = readFileSync(new URL('../../docs/imports.md', import.meta.url), 'utf8');
    const section = doc.slice(
      doc.indexOf('\n## Annex A\n'),
      doc.indexOf('\n## ', doc.indexOf('\n## Annex A\n') + 5),
    );
    const table = [...section.matchAll(/^\| `([a-z0-9.-]+)` \| (exact|stricter) \|/gm)].map(
      (match) => `${match[1]} ${match[2]}`,
    );
    expect(table).toEqual(ANNEX_A_SEEDED.map((entry) => `${entry.rule} ${entry.seeds}`));
    const listed = section.slice(section.indexOf('Not seeded, though'), section.indexOf('Every other rule'));
    // Each bullet names its rules before its first colon.
    const named = [...listed.matchAll(/^- (.*?):/gm)].flatMap((bullet) =>
      [...(bullet[1] as string).matchAll(/`([a-z0-9.-]+)`/g)].map((match) => match[1] as string),
    );
    for (const rule of notSeeded) expect(named, rule).toContain(rule);
    for (const rule of named) {
      const isRecording = profile.rules.find((candidate) => candidate.id === rule)?.kind === 'recording';
      expect(notSeeded.has(rule as string) || isRecording, rule).toBe(true);
    }
  });

  it('round-trips a synthetic council to the same current deadlines, or never later ones, for the rules it seeds', () => {
    const council = generateCouncil({ seed: 1, asOf: TODAY, cases: 500 });
    const lists: AnnexAList[] = annexALists(council, TODAY);
    const extract = read(...annexACsvFiles(lists));
    expect(extract.problems.filter(isRefusal)).toEqual([]);
    const plan = planImport(extract, [], SOURCE);
    expect(plan.problems).toEqual([]);
    const imported = eventsByCase(plan.writes.flatMap((write) => write.events));
    const own = eventsByCase(council.events);
    const asOf = momentOf(TODAY);
    const nextDue = (caseId: string, events: readonly CaseEvent[], rules: Profile) => {
      const due = new Map<string, number>();
      for (const deadline of evaluateCase(caseId, events, rules, asOf).deadlines) {
        if (!OPEN_STATUSES.has(deadline.status)) continue;
        const before = due.get(deadline.rule.id);
        if (before === undefined || deadline.due.day < before) due.set(deadline.rule.id, deadline.due.day);
      }
      return due;
    };
    // Children whose last visit came before their latest move: listed, and their visit deadline not held to the council's.
    const cla = lists.find((list) => list.number === 8) as AnnexAList;
    const [visitAt, movedAt] = ['Date of Last Social Work Visit', 'Start Date of Most Recent Placement'].map(
      (column) => cla.header.indexOf(column),
    );
    const moved = new Set(
      cla.rows
        .filter(
          (row) =>
            row[visitAt as number] !== '' &&
            (row[visitAt as number] as string) < (row[movedAt as number] as string),
        )
        .map((row) => row[0]),
    );
    const listedMoves = extract.problems.filter(
      (problem) => problem.column === 'Date of Last Social Work Visit',
    );
    expect(listedMoves).toHaveLength(moved.size);
    expect(listedMoves.every((problem) => problem.imported)).toBe(true);
    const only = { ...profile, rules: profile.rules.filter((rule) => seeded.has(rule.id)) };
    const compared = new Map<string, number>();
    const wrong: string[] = [];
    for (const caseId of council.caseIds) {
      const truth = nextDue(caseId, own.get(caseId) ?? [], only);
      const seededDue = nextDue(caseId, imported.get(caseId) ?? [], only);
      for (const rule of new Set([...truth.keys(), ...seededDue.keys()])) {
        compared.set(rule, (compared.get(rule) ?? 0) + 1);
        const want = truth.get(rule);
        const got = seededDue.get(rule);
        const ok =
          seeded.get(rule)?.seeds === 'exact'
            ? got === want
            : want === undefined ||
              (got !== undefined && (got <= want || (rule === 'cic.visit' && moved.has(caseId))));
        if (!ok) wrong.push(`${caseId} ${rule}: council ${want}, Annex A ${got}`);
      }
    }
    expect(wrong).toEqual([]);
    for (const entry of ANNEX_A_SEEDED) expect(compared.get(entry.rule) ?? 0, entry.rule).toBeGreaterThan(0);
  });
});
