/**
 * Reading the staff directory CSV: a good file gives the directory; a bad one gives every problem with
 * its row (as a spreadsheet numbers it) and column, never a name or an address; what is written reads
 * back the same.
 */
import { describe, expect, it } from 'vitest';
import {
  type DirectoryCsvProblem,
  directoryCsv,
  parseDirectoryCsv,
} from '../../functions/core/directory/csv.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { syntheticDirectory } from '../../local/synthetic/directory.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const HEADER = 'record,id,name,email,level,team,reports_to,left_on,parent,teams_channel';

/** Rows 2–8 of a small, valid directory: rows are numbered as a spreadsheet shows them. */
const GOOD_ROWS = [
  "team,childrens-services,Children's Services,,,,,,,teams-childrens",
  'team,service-north,North Service,,,,,,childrens-services,',
  'team,team-north-1,North Team 1,,,,,,service-north,teams-north-1',
  'staff,DIR-01,Dana Example,dir-01@council.example,director,childrens-services,,,,',
  'staff,SM-01,Sam Example,sm-01@council.example,SM,service-north,DIR-01,,,',
  'staff,TM-01,Tara Example,tm-01@council.example,tm,team-north-1,SM-01,,,',
  'staff,SW-001,"Example, Jo ""JJ""",sw-001@council.example,Worker,team-north-1,TM-01,2026-03-31,,',
];

const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

/** The problems of a file that must be refused. */
function problemsOf(text: string): DirectoryCsvProblem[] {
  const result = parseDirectoryCsv(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

const EXPECTED: DirectoryData = {
  teams: [
    {
      id: 'childrens-services',
      name: "Children's Services",
      parentId: null,
      teamsChannel: 'teams-childrens',
    },
    { id: 'service-north', name: 'North Service', parentId: 'childrens-services', teamsChannel: null },
    { id: 'team-north-1', name: 'North Team 1', parentId: 'service-north', teamsChannel: 'teams-north-1' },
  ],
  staff: [
    {
      id: 'DIR-01',
      name: 'Dana Example',
      email: 'dir-01@council.example',
      level: 'DIRECTOR',
      teamId: 'childrens-services',
      reportsTo: null,
    },
    {
      id: 'SM-01',
      name: 'Sam Example',
      email: 'sm-01@council.example',
      level: 'SM',
      teamId: 'service-north',
      reportsTo: 'DIR-01',
    },
    {
      id: 'TM-01',
      name: 'Tara Example',
      email: 'tm-01@council.example',
      level: 'TM',
      teamId: 'team-north-1',
      reportsTo: 'SM-01',
    },
    {
      id: 'SW-001',
      name: 'Example, Jo "JJ"',
      email: 'sw-001@council.example',
      level: 'worker',
      teamId: 'team-north-1',
      reportsTo: 'TM-01',
      leftOn: '2026-03-31',
    },
  ],
};

describe('reading a directory CSV', () => {
  it('reads teams and staff from one file, levels in any case, quoted fields unquoted', () => {
    expect(parseDirectoryCsv(csv(...GOOD_ROWS))).toEqual({ ok: true, directory: EXPECTED });
  });

  it('takes the columns in any order and headings in any case', () => {
    const reordered = [
      'ID,Record,Name,Email,Level,Team,Reports_To,Left_On,Parent,Teams_Channel',
      // The first two fields never hold a comma: swapped to match the header.
      ...GOOD_ROWS.map((row) => row.replace(/^([^,]*),([^,]*),/, '$2,$1,')),
    ].join('\n');
    expect(parseDirectoryCsv(reordered)).toEqual({ ok: true, directory: EXPECTED });
  });

  it('accepts a byte order mark, Windows and mixed line endings, blank rows and trailing empty columns', () => {
    const spreadsheet = `\uFEFF${[
      `${HEADER},,`,
      ...GOOD_ROWS.slice(0, 3).map((row) => `${row},,`),
      ',,,,,,,,,,,,',
    ].join('\r\n')}\n${GOOD_ROWS.slice(3)
      .map((row) => `${row},,`)
      .join('\r\n')}\r\n\r\n`;
    expect(parseDirectoryCsv(spreadsheet)).toEqual({ ok: true, directory: EXPECTED });
  });

  it('reads back what it writes, names with commas, quotes and line breaks included', () => {
    const awkward: DirectoryData = {
      ...EXPECTED,
      staff: EXPECTED.staff.map((member, index) =>
        index === 1 ? { ...member, name: 'Sam "Sammy"\r\nExample, Jr' } : member,
      ),
    };
    expect(parseDirectoryCsv(directoryCsv(awkward))).toEqual({ ok: true, directory: awkward });
  });

  it('reads back a synthetic council’s directory exactly: a valid import with .example addresses', () => {
    const council = generateCouncil({ seed: 3, cases: 200, asOf: '2026-06-01' });
    const directory = syntheticDirectory(council, 3);
    expect(directory.staff).toHaveLength(council.staff.length);
    expect(directory.staff.every((member) => member.email.endsWith('@council.example'))).toBe(true);
    expect(directory.teams.find((team) => team.id === 'team-north-1')).toMatchObject({
      parentId: 'service-north-1',
      teamsChannel: 'teams-team-north-1',
    });
    expect(parseDirectoryCsv(directoryCsv(directory))).toEqual({ ok: true, directory });
    expect(syntheticDirectory(council, 3)).toEqual(directory);
  });

  it('leaves undeliverable marks out of the file: they come from bounces, not from HR', () => {
    const marked = {
      ...EXPECTED,
      staff: EXPECTED.staff.map((member) => ({ ...member, undeliverable: true })),
    };
    expect(parseDirectoryCsv(directoryCsv(marked))).toEqual({ ok: true, directory: EXPECTED });
  });
});

describe('the duty team', () => {
  const withDuty = `${HEADER},duty`;
  const dutyCsv = (...rows: string[]) => [withDuty, ...rows].join('\n');
  const goodRows = GOOD_ROWS.map((row) => `${row},`);

  it('is the team marked yes in the optional duty column, and reads back as written', () => {
    const rows = [...goodRows];
    rows[2] = 'team,team-north-1,North Team 1,,,,,,service-north,teams-north-1,Yes';
    const result = parseDirectoryCsv(dutyCsv(...rows));
    expect(result.ok && result.directory.teams.filter((team) => team.duty).map((team) => team.id)).toEqual([
      'team-north-1',
    ]);
    const directory = (result as { ok: true; directory: DirectoryData }).directory;
    expect(parseDirectoryCsv(directoryCsv(directory))).toEqual({ ok: true, directory });
    expect(parseDirectoryCsv(csv(...GOOD_ROWS))).toEqual({ ok: true, directory: EXPECTED });
  });

  it('is one team at most, marked yes, and on team rows only', () => {
    const rows = [...goodRows];
    rows[0] = "team,childrens-services,Children's Services,,,,,,,teams-childrens,yes";
    rows[1] = 'team,service-north,North Service,,,,,,childrens-services,,maybe';
    rows[2] = 'team,team-north-1,North Team 1,,,,,,service-north,teams-north-1,yes';
    rows[3] = 'staff,DIR-01,Dana Example,dir-01@council.example,director,childrens-services,,,,,yes';
    expect(problemsOf(dutyCsv(...rows))).toEqual([
      { row: 3, column: 'duty', message: 'is yes on the duty team, and empty on every other team' },
      { row: 4, column: 'duty', message: 'is yes here and on row 2: only one team can be the duty team' },
      { row: 5, column: 'duty', message: 'is for team rows: leave it empty on a staff row' },
    ]);
  });
});

describe('problems in a directory CSV', () => {
  it('names an unknown level, listing the levels', () => {
    expect(
      problemsOf(
        csv(
          ...GOOD_ROWS.slice(0, 7),
          'staff,SW-002,Jo Example,sw-002@council.example,Team Manager,team-north-1,TM-01,,,',
        ),
      ),
    ).toEqual([
      {
        row: 9,
        column: 'level',
        message: 'is not a level: use one of worker, ATM, TM, SM, HOS, AD, DIRECTOR',
      },
    ]);
  });

  it('refuses a bad address without repeating it', () => {
    const problems = problemsOf(
      csv(...GOOD_ROWS, 'staff,SW-002,Jo Example,jo.example at council,worker,team-north-1,TM-01,,,'),
    );
    expect(problems).toEqual([{ row: 9, column: 'email', message: 'is not an email address' }]);
  });

  it('refuses a repeated id, naming the row it first appears on', () => {
    expect(
      problemsOf(csv(...GOOD_ROWS, 'staff,TM-01,Jo Example,jo@council.example,worker,team-north-1,TM-01,,,')),
    ).toContainEqual({ row: 9, column: 'id', message: 'the staff id TM-01 is already on row 7' });
    expect(problemsOf(csv(...GOOD_ROWS, 'team,team-north-1,Again,,,,,,service-north,'))).toEqual([
      { row: 9, column: 'id', message: 'the team id team-north-1 is already on row 4' },
    ]);
  });

  it('refuses a line manager, team or parent that is not in the file', () => {
    expect(
      problemsOf(
        csv(
          ...GOOD_ROWS,
          'staff,SW-002,Jo Example,jo@council.example,worker,team-north-9,TM-09,,,',
          'team,team-north-2,North Team 2,,,,,,service-south,',
        ),
      ),
    ).toEqual([
      { row: 9, column: 'team', message: 'no team has the id team-north-9' },
      { row: 9, column: 'reports_to', message: 'nobody has the id TM-09' },
      { row: 10, column: 'parent', message: 'no team has the id service-south' },
    ]);
  });

  it('refuses a line manager who is not above the person reporting to them', () => {
    expect(
      problemsOf(csv(...GOOD_ROWS, 'staff,ATM-01,Jo Example,jo@council.example,ATM,team-north-1,SW-001,,,')),
    ).toEqual([
      {
        row: 9,
        column: 'reports_to',
        message: 'SW-001 is worker, not above this ATM: a line manager must be at a higher level',
      },
    ]);
    expect(
      problemsOf(csv(...GOOD_ROWS, 'staff,TM-02,Jo Example,jo@council.example,TM,team-north-1,TM-01,,,')),
    ).toEqual([
      {
        row: 9,
        column: 'reports_to',
        message: 'TM-01 is TM, not above this TM: a line manager must be at a higher level',
      },
    ]);
  });

  it('allows one person at the top only', () => {
    expect(
      problemsOf(csv(...GOOD_ROWS, 'staff,AD-01,Jo Example,jo@council.example,AD,childrens-services,,,,')),
    ).toEqual([
      {
        row: 9,
        column: 'reports_to',
        message: 'is empty here and on row 5: only the one person at the top may report to nobody',
      },
    ]);
  });

  it('finds circles in reporting lines and in team parents, from their first row', () => {
    const rows = [
      ...GOOD_ROWS.slice(0, 4),
      'team,unit-a,Unit A,,,,,,unit-b,',
      'team,unit-b,Unit B,,,,,,unit-a,',
      'staff,HOS-01,Jo Example,hos-01@council.example,HOS,unit-a,AD-01,,,',
      'staff,AD-01,Al Example,ad-01@council.example,AD,unit-b,HOS-01,,,',
    ];
    const problems = problemsOf(csv(...rows));
    expect(problems).toContainEqual({
      row: 6,
      column: 'parent',
      message: "teams' parents go round in a circle: unit-a → unit-b → unit-a",
    });
    expect(problems).toContainEqual({
      row: 8,
      column: 'reports_to',
      message: 'reporting lines go round in a circle: HOS-01 → AD-01 → HOS-01',
    });
    // Someone reporting to themselves is a circle of one.
    expect(
      problemsOf(
        csv(...GOOD_ROWS, 'staff,SW-002,Jo Example,jo@council.example,worker,team-north-1,SW-002,,,'),
      ),
    ).toEqual([
      { row: 9, column: 'reports_to', message: 'reporting lines go round in a circle: SW-002 → SW-002' },
    ]);
  });

  it('refuses dates that are not real YYYY-MM-DD dates', () => {
    const rows = [
      'staff,SW-002,Jo Example,jo@council.example,worker,team-north-1,TM-01,31/03/2026,,',
      'staff,SW-003,Al Example,al@council.example,worker,team-north-1,TM-01,2026-02-30,,',
    ];
    expect(problemsOf(csv(...GOOD_ROWS, ...rows))).toEqual([
      {
        row: 9,
        column: 'left_on',
        message: 'is not a date: write it YYYY-MM-DD, such as 2026-03-31',
      },
      {
        row: 10,
        column: 'left_on',
        message: 'is not a date: write it YYYY-MM-DD, such as 2026-03-31',
      },
    ]);
  });

  it('names each missing field, a bad id, an unknown record kind and a field for the other kind', () => {
    expect(
      problemsOf(
        csv(
          ...GOOD_ROWS,
          'staff,SW-002,,,worker,,TM-01,,,',
          'staff,SW 003,Jo Example,jo@council.example,worker,team-north-1,TM-01,,,',
          'person,SW-004,Al Example,al@council.example,worker,team-north-1,TM-01,,,',
          'team,team-north-2,North Team 2,team@council.example,,,,,service-north,',
        ),
      ),
    ).toEqual([
      { row: 9, column: 'name', message: 'is required' },
      { row: 9, column: 'email', message: 'is required' },
      { row: 9, column: 'team', message: 'is required' },
      {
        row: 10,
        column: 'id',
        message: 'must be an id of at most 64 letters, digits, dots, underscores and hyphens',
      },
      { row: 11, column: 'record', message: 'must be staff or team' },
      { row: 12, column: 'email', message: 'is for staff rows: leave it empty on a team row' },
    ]);
  });

  it('refuses a header that lacks, repeats or adds a column', () => {
    const header = 'record,id,name,email,level,team,reports to,left_on,parent,teams_channel,id';
    expect(problemsOf([header, ...GOOD_ROWS].join('\n'))).toEqual([
      {
        row: 1,
        column: '',
        message:
          'column 7 has a heading that is not a directory column (record, id, name, email, level, team, reports_to, left_on, parent, teams_channel, duty)',
      },
      { row: 1, column: 'id', message: 'this column appears twice' },
      {
        row: 1,
        column: 'reports_to',
        message: 'the header has no such column: every directory column is needed',
      },
    ]);
  });

  it('refuses rows with the wrong number of fields, or a value under no heading', () => {
    expect(
      problemsOf(
        [
          `${HEADER},`,
          ...GOOD_ROWS.map((row) => `${row},`),
          'staff,SW-002,Jo Example',
          `${GOOD_ROWS[6]},x`,
        ].join('\n'),
      ),
    ).toEqual([
      { row: 9, column: '', message: 'has 3 fields but the header has 11' },
      { row: 10, column: '', message: 'has a value in column 11, which has no heading' },
    ]);
  });

  it('reports a quote left open, and other text that is not CSV, without throwing', () => {
    expect(problemsOf(csv(...GOOD_ROWS, 'staff,SW-002,"Jo Example,jo@council.example,worker,,,,,'))).toEqual([
      { row: 9, column: '', message: 'a quoted field is never closed: a closing " is missing' },
    ]);
    expect(problemsOf(csv(...GOOD_ROWS, 'staff,SW-002,"Jo" Example,jo@council.example,worker,,,,,'))).toEqual(
      [
        {
          row: 9,
          column: '',
          message: 'a quoted field has text after its closing ": write a " inside a quoted field as ""',
        },
      ],
    );
  });

  it('refuses an empty file, and a file with no staff (an import replaces the whole directory)', () => {
    expect(problemsOf('')).toEqual([
      {
        row: 1,
        column: '',
        message:
          'the file is empty: row 1 must name the columns (record, id, name, email, level, team, reports_to, left_on, parent, teams_channel, duty)',
      },
    ]);
    expect(problemsOf(csv(...GOOD_ROWS.slice(0, 3)))).toEqual([
      {
        row: 1,
        column: '',
        message:
          'there are no staff rows: an import replaces the whole directory, so an empty one is refused',
      },
    ]);
  });

  it('lists every problem in row order and never quotes a name or an address', () => {
    const rows = [
      ...GOOD_ROWS,
      'staff,SW-002,Jo Secret,jo.secret@@council.example,boss,team-north-1,TM-01,,,',
      'staff,SW-003,Al Private,al.private@council.example,worker,team-gone,TM-01,,,',
      'staff,SW-002,Cy Hidden,cy.hidden@council.example,worker,team-north-1,TM-01,,,',
      // Shifted a column: the name is under email, the address under left_on.
      'staff,SW-005,worker,Di Shifted,team-north-1,TM-01,,di.shifted@council.example,,',
    ];
    const problems = problemsOf(csv(...rows));
    expect(problems.map((problem) => `${problem.row} ${problem.column}`)).toEqual([
      '9 email',
      '9 level',
      '10 team',
      '11 id',
      '12 email',
      '12 level',
      '12 left_on',
      '12 team',
      '12 reports_to',
    ]);
    const messages = problems.map((problem) => problem.message).join('\n');
    for (const secret of ['Secret', 'Private', 'Hidden', 'Shifted', 'council.example']) {
      expect(messages).not.toContain(secret);
    }
  });
});
