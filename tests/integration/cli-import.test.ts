/**
 * `los import ssd DIR` end to end: into the local store (dynalite on disk), where the same extract
 * twice changes nothing, a changed row is a correction and a deleted row a retraction, the manifest and
 * the import's record kept in the store and the SSD's teams beside HR's directory; into a file with
 * `--out`, its manifest in a file beside it; a messy extract imported as far as it is valid, every
 * problem listed with no cell's text, exit 3; and what cannot be imported at all refused, exit 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { todayInLondon } from '../../cli/options.ts';
import type { CaseEvent } from '../../events/index.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoImportLog } from '../../functions/adapters/dynamodb/import-log.ts';
import { DynamoImportManifestStore } from '../../functions/adapters/dynamodb/import-manifest-store.ts';
import { directoryCsv } from '../../functions/core/directory/csv.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';
import { writeSsdExtract } from '../../local/extracts/ssd.ts';
import { openLocalStore } from '../../local/store.ts';
import { syntheticDirectory } from '../../local/synthetic/directory.ts';
import { planCouncil } from '../../local/synthetic-council.ts';
import { type EventBridgeStandIn, startEventBridgeStandIn } from '../support/eventbridge-stand-in.ts';
import { stubAwsEnvironment } from '../support/import-bucket.ts';
import { los } from '../support/los.ts';

/** The council's day: its history ends before the machine's today, as an extract's does. */
const AS_OF = '2026-06-30';
const SEED = 5;
const CASES = 12;

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A synthetic extract in a new folder. */
function extract(): string {
  const dir = tmp('los-ssd-');
  writeSsdExtract(dir, { seed: SEED, asOf: AS_OF, cases: CASES });
  return dir;
}

/** Rewrites one table's file of an extract with `change` applied to its data lines. */
function edit(dir: string, table: string, change: (lines: string[]) => string[]) {
  const path = join(dir, `${table}.csv`);
  const [header, ...lines] = readFileSync(path, 'utf8').split('\r\n').slice(0, -1);
  writeFileSync(path, [header, ...change(lines)].map((line) => `${line}\r\n`).join(''));
}

/** The case's events in the store under `dataDir`. */
async function storedEvents(dataDir: string, caseId: string): Promise<CaseEvent[]> {
  const store = await openLocalStore(dataDir);
  try {
    return await store.events.eventsOf(caseId);
  } finally {
    await store.close();
  }
}

describe('los import ssd into the local store', () => {
  const dataDir = tmp('los-store-');
  const dir = extract();
  const plan = planCouncil({ seed: SEED, asOf: AS_OF, cases: CASES });
  // HR's directory without one team and its staff: the SSD adds the team; its workers are not in it.
  const hr = syntheticDirectory(plan, SEED);
  const dropped = hr.teams.find((team) => team.id.startsWith('team-') && !team.duty)?.id as string;
  const directory = {
    teams: hr.teams.filter((team) => team.id !== dropped),
    staff: hr.staff.filter((member) => member.teamId !== dropped),
  };
  const directoryFile = join(tmp('los-hr-'), 'staff.csv');
  writeFileSync(directoryFile, directoryCsv(directory));

  it('imports an extract, reporting children, events, coverage and the directory; the store keeps manifest and record', async () => {
    expect((await los('directory', 'import', directoryFile, '--data-dir', dataDir)).code).toBe(0);
    const first = await los('import', 'ssd', dir, '--data-dir', dataDir, '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out);
    expect(report).toMatchObject({
      format: 'ssd',
      source: 'ssd',
      target: `the store under ${dataDir}`,
      children: CASES,
      corrected: 0,
      withdrawn: 0,
      unchanged: 0,
      ignored: [],
      caseProblems: [],
      directory: { outcome: 'updated', teamsAdded: [dropped] },
    });
    expect(report.made).toBeGreaterThan(200);
    expect(report.problems.every((problem: { imported?: true }) => problem.imported)).toBe(true);
    expect(report.directory.staffNotInDirectory.length).toBeGreaterThan(0);
    expect(report.coverage.noSource.length).toBeGreaterThan(0);

    const store = await openLocalStore(dataDir);
    try {
      expect((await store.manifests.entriesOf('ssd')).length).toBe(report.made);
      expect(await store.imports.latest()).toEqual([
        expect.objectContaining({ source: 'ssd', format: 'ssd', via: 'los import', outcome: 'imported' }),
      ]);
      expect((await store.directory.load()).teams.map((team) => team.id)).toContain(dropped);
    } finally {
      await store.close();
    }
  });

  it('changes nothing when the same extract is imported again, and says so in plain English', async () => {
    const again = await los('import', 'ssd', dir, '--data-dir', dataDir);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      new RegExp(
        `^Imported the Standard Safeguarding Dataset from ${dir} \\(source ssd\\) into the store under`,
      ),
    );
    expect(again.out).toMatch(
      /\n12 children: 0 events made, 0 corrected .*, 0 withdrawn .*, \d[\d,]* unchanged\./,
    );
    expect(again.out).toMatch(
      /No import format carries management oversight, supervision or core group meetings/,
    );
    expect(again.out).toMatch(/Directory: unchanged/);
  });

  it('corrects a changed row and withdraws a deleted one, in the store', async () => {
    const persons = new Set<string>();
    edit(dir, 'ssd_cin_visits', (lines) => {
      const [changed, deleted, ...rest] = lines.map((line) => line.split(','));
      persons.add(changed?.[1] as string).add(deleted?.[1] as string);
      // The visit a day earlier.
      const day = new Date(Date.parse(`${changed?.[2]}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      return [
        [changed?.[0], changed?.[1], day, ...(changed ?? []).slice(3)].join(','),
        ...rest.map((fields) => fields.join(',')),
      ];
    });
    const result = await los('import', 'ssd', dir, '--data-dir', dataDir, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ made: 1, corrected: 1, withdrawn: 1 });
    const retractions: CaseEvent[] = [];
    for (const caseId of persons) {
      retractions.push(
        ...(await storedEvents(dataDir, caseId)).filter((event) => event.type === 'event.retracted'),
      );
    }
    expect(retractions).toHaveLength(2);
    expect(
      retractions.every((event) => event.source === 'ssd' && event.id.startsWith('ssd:ssd_cin_visits:')),
    ).toBe(true);
  });
});

describe('los import ssd --table', () => {
  const table = 'line-of-sight-import-cli';
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await ensureTable(dynamo.client, table);
  });
  afterAll(async () => dynamo?.close());
  afterEach(() => vi.unstubAllEnvs());

  it('imports into the table on AWS, keeping the manifest and the record there', async () => {
    // An operator's shell; the endpoint variable sends the SDK to dynalite.
    stubAwsEnvironment({ dynamodb: dynamo.endpoint });
    const dir = extract();
    const first = await los('import', 'ssd', dir, '--table', table, '--json');
    expect(first.code).toBe(0);
    const { made, target } = JSON.parse(first.out);
    expect(target).toBe(`the table ${table}`);
    expect(await new DynamoImportManifestStore(dynamo.client, table).entriesOf('ssd')).toHaveLength(made);
    expect(await new DynamoImportLog(dynamo.client, table).latest()).toEqual([
      expect.objectContaining({ source: 'ssd', via: 'los import', outcome: 'imported' }),
    ]);
    const again = await los('import', 'ssd', dir, '--table', table, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ made: 0, unchanged: made });
  });
});

describe('los import ssd --out', () => {
  it('writes the events to inspect, and a manifest beside them that the next import reads', async () => {
    const dir = extract();
    const outDir = tmp('los-out-');
    const out = join(outDir, 'events.ndjson');
    const first = await los('import', 'ssd', dir, '--out', out);
    expect(first.code).toBe(0);
    const events = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as CaseEvent);
    expect(events.length).toBeGreaterThan(200);
    expect(new Set(events.map((event) => event.caseId)).size).toBe(CASES);
    const manifest = JSON.parse(readFileSync(join(outDir, 'events.manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ source: 'ssd' });
    expect(manifest.entries).toHaveLength(events.length);

    const again = await los('import', 'ssd', dir, '--out', out, '--json');
    expect(JSON.parse(again.out)).toMatchObject({
      made: 0,
      corrected: 0,
      withdrawn: 0,
      unchanged: events.length,
    });
    expect(readFileSync(out, 'utf8')).toBe('');

    edit(dir, 'ssd_person', (lines) => lines.slice(1));
    const deleted = await los('import', 'ssd', dir, '--out', out, '--json');
    expect(JSON.parse(deleted.out)).toMatchObject({ made: 0, withdrawn: 1 });
    const [retraction] = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as CaseEvent);
    expect(retraction).toMatchObject({
      type: 'event.retracted',
      data: { eventId: expect.stringMatching(/^ssd:ssd_person:/) },
    });
  });

  it('keeps a second source’s manifest apart, under the name --source gives', async () => {
    const dir = extract();
    const outDir = tmp('los-out-');
    const manifest = join(outDir, 'mosaic.json');
    const result = await los(
      'import',
      'ssd',
      dir,
      '--out',
      join(outDir, 'e.ndjson'),
      '--manifest',
      manifest,
      '--source',
      'ssd-mosaic',
    );
    expect(result.code).toBe(0);
    expect(readFileSync(join(outDir, 'e.ndjson'), 'utf8')).toContain('"id":"ssd-mosaic:');
    const before = readFileSync(manifest, 'utf8');
    const other = await los('import', 'ssd', dir, '--out', join(outDir, 'f.ndjson'), '--manifest', manifest);
    expect(other).toMatchObject({
      code: 2,
      err: expect.stringMatching(/is the manifest of the source ssd-mosaic, not ssd/),
    });
    expect(readFileSync(manifest, 'utf8')).toBe(before);
  });

  it('refuses a manifest of another source, or none los import wrote, before writing anything', async () => {
    const dir = extract();
    const outDir = tmp('los-out-');
    const out = join(outDir, 'events.ndjson');
    const manifest = join(outDir, 'events.manifest.json');
    const earlier = '{"note":"the events of an earlier import"}\n';
    writeFileSync(out, earlier);
    const manifests = [
      {
        text: JSON.stringify({ source: 'ssd-mosaic', entries: [] }),
        says: /is the manifest of the source ssd-mosaic, not ssd/,
      },
      { text: 'not a manifest', says: /is not a manifest los import wrote/ },
    ];
    for (const { text, says } of manifests) {
      writeFileSync(manifest, text);
      expect(await los('import', 'ssd', dir, '--out', out)).toMatchObject({
        code: 2,
        err: expect.stringMatching(says),
      });
      expect(readFileSync(out, 'utf8')).toBe(earlier);
      expect(readFileSync(manifest, 'utf8')).toBe(text);
    }
  });
});

describe('los import ssd --bus', () => {
  const BUS = 'line-of-sight-dev-case-events';
  let bus: EventBridgeStandIn;

  beforeAll(async () => {
    bus = await startEventBridgeStandIn();
  });
  afterAll(async () => bus.close());
  beforeEach(() => {
    // An administrator's shell, and EventBridge on a loopback port: nothing leaves the machine.
    vi.stubEnv('AWS_REGION', 'eu-west-2');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOSTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'los-test-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', bus.url);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('puts the events on the bus, records them beside the extract, and sends again only what the bus did not take', async () => {
    const dir = extract();
    let refused = '';
    bus.answer(() => ({
      entries: (entry) => {
        const event = JSON.parse(entry.Detail) as CaseEvent;
        if (refused === '' && event.type === 'cin_plan.started') refused = event.id;
        return event.id === refused ? { errorCode: 'MalformedDetail' } : 'ok';
      },
    }));
    const first = await los('import', 'ssd', dir, '--bus', BUS, '--json');
    expect(first.code).toBe(3);
    const report = JSON.parse(first.out);
    expect(report.problems).toEqual([
      expect.objectContaining({ file: BUS, message: expect.stringContaining(refused) }),
    ]);
    expect(bus.accepted).toHaveLength(report.made - 1);
    const manifest = JSON.parse(readFileSync(`${dir}.${BUS}.manifest.json`, 'utf8'));
    expect(manifest.entries).toHaveLength(report.made - 1);

    bus.accepted.length = 0;
    bus.answer(() => ({ entries: () => 'ok' }));
    const again = await los('import', 'ssd', dir, '--bus', BUS, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ made: 1, unchanged: report.made - 1 });
    expect(bus.accepted.map(({ entry }) => JSON.parse(entry.Detail).id)).toEqual([refused]);
  });
});

describe('a messy extract', () => {
  /** Every value a cell holds: none may be printed. */
  const CELLS = ['Zorba', 'Quillfeather', 'Ysolde', 'Marchbank', '2015-02-30', '2099-01-05', 'U9', 'maybe'];
  const dir = tmp('los-messy-');
  writeFileSync(
    join(dir, 'ssd_person.csv'),
    '\uFEFFpers_person_id,pers_forename,pers_surname,pers_dob\r\nC-1,Zorba,Quillfeather,2015-02-30\r\nC-2,Ysolde,"Marchbank, Jr",2014-06-01\r\n',
  );
  writeFileSync(
    join(dir, 'ssd_cin_assessments.csv'),
    'cina_assessment_id,cina_person_id,cina_assessment_start_date\nA1,C-2,2099-01-05\nA2,C-2,2026-03-01\n',
  );
  writeFileSync(
    join(dir, 'ssd_cla_placement.csv'),
    'clap_cla_placement_id,clap_person_id,clap_cla_placement_start_date,clap_cla_placement_type\nP1,C-2,2026-01-01,U9\n',
  );
  writeFileSync(
    join(dir, 'ssd_cin_visits.csv'),
    'cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date\nW1,C-2,2026-02-01\n',
  );
  writeFileSync(
    join(dir, 'ssd_cp_visits.csv'),
    'cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen\nV1,C-2,2026-02-01,maybe\n',
  );
  writeFileSync(join(dir, 'readme.txt'), 'not a table');

  it('imports what is valid, lists every problem by file, row and column without a cell’s text, and exits 3', async () => {
    const result = await los('import', 'ssd', dir, '--out', join(tmp('los-out-'), 'events.ndjson'));
    expect(result.code).toBe(3);
    expect(result.out).toMatch(/\n1 child: 2 events made/);
    expect(result.out).toMatch(
      /5 problems, on stderr by file, row and column \(no cell is quoted\): 5 refused a row, cell or file/,
    );
    expect(result.out).toMatch(/Not read: 1 file of .* \(readme\.txt\)/);
    expect(result.err.split('\n')).toEqual([
      'ssd_cin_visits.csv, row 1, cinv_cin_visit_seen: the header has no such column, which the import needs; nothing in this file was imported',
      'ssd_person.csv, row 2, pers_dob: is not a real date',
      `ssd_cin_assessments.csv, row 2, cina_assessment_start_date: is after the day of the import (${todayInLondon()}): check the year`,
      'ssd_cp_visits.csv, row 2, cppv_cp_visit_seen: must be Y or N (or 1 or 0)',
      'ssd_cla_placement.csv, row 2, clap_cla_placement_type: is not a code of the SSDA903 placement types (PLACE)',
    ]);
    for (const cell of CELLS) expect(`${result.out}\n${result.err}`, cell).not.toContain(cell);
  });

  it('lists them all in --json', async () => {
    const result = await los('import', 'ssd', dir, '--out', join(tmp('los-out-'), 'events.ndjson'), '--json');
    expect(result.code).toBe(3);
    const report = JSON.parse(result.out);
    expect(report.problems).toHaveLength(5);
    expect(report.ignored).toEqual(['readme.txt']);
    for (const cell of CELLS) expect(result.out, cell).not.toContain(cell);
  });
});

describe('what los import refuses whole', () => {
  it('refuses an unknown format, a file for a folder format, an empty folder and a bad source name, with exit 2', async () => {
    const empty = tmp('los-empty-');
    const file = join(empty, 'ssd_person.csv');
    expect(await los('import', 'census', empty)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown format "census": use one of ssd/),
    });
    expect(await los('import', 'ssd', empty, '--out', join(empty, 'o.ndjson'))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/holds no file of the Standard Safeguarding Dataset/),
    });
    writeFileSync(file, 'pers_person_id\n');
    expect(await los('import', 'ssd', file, '--out', join(empty, 'o.ndjson'))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/takes the folder of the extract’s files \(or a zip of them\)/),
    });
    expect(
      await los('import', 'ssd', empty, '--out', join(empty, 'o.ndjson'), '--source', 'Not Ok'),
    ).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--source Not Ok is not a source name/),
    });
    expect(
      await los('import', 'ssd', empty, '--manifest', join(empty, 'm.json'), '--data-dir', tmp('los-store-')),
    ).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--manifest is for --out and --bus/),
    });
    rmSync(empty, { recursive: true });
    expect(await los('import', 'ssd', empty)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Cannot read .*: ENOENT/),
    });
  });
});
