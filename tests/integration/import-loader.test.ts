/**
 * The import loader as its Lambda entry wires it (S3 and DynamoDB clients from the default AWS
 * configuration), against a loopback S3 stand-in and dynalite, with a tiny synthetic SSD extract
 * zipped as a council would drop it: it is imported into the table and recorded for `los doctor`;
 * the same drop again (or the same event delivered twice) changes nothing; a file that is not a zip,
 * or is under no format's folder, is refused with its place, never its content; near the function's
 * time limit the import stops between batches and the next drop finishes it; a table that cannot be
 * written throws, for Lambda to retry.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoCaseEventStore } from '../../functions/adapters/dynamodb/event-store.ts';
import { DynamoImportLog } from '../../functions/adapters/dynamodb/import-log.ts';
import { noReads, scanItems } from '../../functions/adapters/dynamodb/shared.ts';
import {
  createImportLoaderHandler,
  IMPORT_LOADER_LOG,
  STOP_MARGIN_MS,
} from '../../functions/handlers/import-loader.ts';
import { IMPORT_BATCH_EVENTS } from '../../functions/imports/run-import.ts';
import { IMPORT_RUNS_PARTITION } from '../../functions/storage/table-layout.ts';
import { type LocalDynamo, startDynalite } from '../../local/dynalite.ts';
import {
  dropInto,
  entryWith,
  IMPORT_BUCKET,
  keptLines,
  objectCreated,
  stubAwsEnvironment,
} from '../support/import-bucket.ts';
import { type S3StandIn, startS3StandIn } from '../support/s3-stand-in.ts';

// Tests run on Node 20; the functions run on 24, where the AWS SDK has nothing to say.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ENVIRONMENT = {
  RULE_PROFILE: 'default',
  MORNING_RUN_TIME: '07:00',
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-import-loader',
  IMPORT_BUCKET,
};
/** What must never reach a log line: a name the extract holds, and a bad cell's text. */
const SENTINELS = { childName: 'Sentinel Childname', badDate: '2026-02-30' };
const TODAY = Date.parse('2026-12-07T02:00:00Z');

/** A tiny SSD extract: two children, a plan and a visit, and one impossible visit date. */
const SSD = {
  'ssd_person.csv': `pers_person_id,pers_forename,pers_dob\nCASE-1,${SENTINELS.childName},2015-03-01\nCASE-2,Other,2012-07-09\n`,
  'ssd_cp_plans.csv':
    'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\nP1,CASE-1,2026-09-07,\n',
  'ssd_cp_visits.csv': [
    'cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone,cppv_cp_visit_bedroom',
    'V1,CASE-1,2026-09-20,Y,Y,N',
    `V2,CASE-1,${SENTINELS.badDate},Y,Y,Y`,
  ].join('\r\n'),
};
const zipOf = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));

let s3: S3StandIn;
let dynamo: LocalDynamo;
let entry: typeof import('../../functions/handlers/lambda/import-loader.ts');
let tables = 0;
const { lines, logger } = keptLines();
const loadEntry = (variables: Record<string, string>) =>
  entryWith(() => import('../../functions/handlers/lambda/import-loader.ts'), variables);

beforeAll(async () => {
  [s3, dynamo] = await Promise.all([startS3StandIn(), startDynalite()]);
  await ensureTable(dynamo.client, 'line-of-sight-import-loader');
  entry = await loadEntry({ ...ENVIRONMENT, TABLE_NAME: 'line-of-sight-import-loader' });
});
afterAll(async () => {
  await Promise.all([s3?.close(), dynamo?.close()]);
});
beforeEach(() => {
  lines.length = 0;
  stubAwsEnvironment({ dynamodb: dynamo.endpoint, s3: s3.endpoint });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A new, empty table, and the handler as the entry point wires it over it, logging to `lines`. */
async function loaderOnNewTable() {
  tables += 1;
  const table = `line-of-sight-import-loader-${tables}`;
  await ensureTable(dynamo.client, table);
  const { deps } = entry.importLoaderRuntimeFrom({ ...ENVIRONMENT, TABLE_NAME: table });
  const handler = createImportLoaderHandler({
    ...deps,
    context: { ...deps.context, now: () => TODAY },
    logger,
  });
  return { table, handler };
}

const created = (key: string, id?: string) => objectCreated(s3, key, { id });
const drop = (key: string, bytes: Uint8Array | string) => dropInto(s3, key, bytes);

/** Every item of the table but the imports' records (which say when each import ran). */
async function itemsOf(table: string) {
  const items: Record<string, unknown>[] = [];
  for await (const item of scanItems(dynamo.client, { TableName: table }, noReads())) {
    if (item.pk !== IMPORT_RUNS_PARTITION) items.push(item);
  }
  return items.sort((a, b) => `${a.pk} ${a.sk}`.localeCompare(`${b.pk} ${b.sk}`));
}

/** Fails when a sentinel is in anything logged. */
function expectNothingPersonalLogged() {
  const logged = JSON.stringify(lines);
  expect(lines.length).toBeGreaterThan(0);
  for (const [name, value] of Object.entries(SENTINELS))
    expect(logged, `${name} was logged`).not.toContain(value);
}

describe('the import loader', () => {
  it('imports a zipped SSD extract dropped under imports/ssd/, records it, and logs counts and places only', async () => {
    const { table, handler } = await loaderOnNewTable();
    drop('imports/ssd/extract.zip', zipOf(SSD));
    const outcome = await handler(created('imports/ssd/extract.zip'));

    expect(outcome).toMatchObject({ outcome: 'imported' });
    const record = (await new DynamoImportLog(dynamo.client, table).latest())[0];
    expect(record).toEqual({
      source: 'ssd',
      format: 'ssd',
      file: 'imports/ssd/extract.zip',
      via: 'import bucket',
      at: '2026-12-07T02:00:00.000Z',
      outcome: 'imported',
      counts: { children: 2, made: 4, corrected: 0, withdrawn: 0, unchanged: 0 },
      written: null,
      problems: 1,
      refused: 1,
      problemPlaces: [{ file: 'ssd_cp_visits.csv', row: 3, column: 'cppv_cp_visit_date' }],
      caseProblems: 0,
    });
    const events = await new DynamoCaseEventStore(dynamo.client, table).eventsOf('CASE-1');
    expect(events.map(({ type }) => type).sort()).toEqual([
      'child.updated',
      'cp_plan.started',
      'visit.completed',
    ]);
    expect(events.every(({ id }) => id.startsWith('ssd:'))).toBe(true);
    // The plan's deadlines were worked out as the events went in.
    expect(
      (await itemsOf(table)).some(({ pk, sk }) => pk === 'CASE#CASE-1' && String(sk).startsWith('DEADLINE#')),
    ).toBe(true);

    expect(lines).toEqual([
      {
        level: 'info',
        message: IMPORT_LOADER_LOG.imported,
        attributes: expect.objectContaining({
          key: 'imports/ssd/extract.zip',
          source: 'ssd',
          children: 2,
          made: 4,
          unchanged: 0,
          [IMPORT_LOADER_LOG.problemsField]: 1,
          problemPlaces: [{ file: 'ssd_cp_visits.csv', row: 3, column: 'cppv_cp_visit_date' }],
        }),
      },
    ]);
    expectNothingPersonalLogged();
  });

  it('changes nothing when the same file is dropped again or its event is delivered twice', async () => {
    const { table, handler } = await loaderOnNewTable();
    drop('imports/ssd/extract.zip', zipOf(SSD));
    await handler(created('imports/ssd/extract.zip'));
    const before = await itemsOf(table);

    // S3 may deliver the same event twice; a council may drop the same extract again.
    const again = await handler(created('imports/ssd/extract.zip'));
    const redropped = await handler(created('imports/ssd/extract.zip', 'another-event-id'));
    for (const outcome of [again, redropped]) {
      expect(outcome).toMatchObject({
        outcome: 'imported',
        record: { counts: { children: 2, made: 0, corrected: 0, withdrawn: 0, unchanged: 4 } },
      });
    }
    expect(await itemsOf(table)).toEqual(before);
  });

  it('takes a second source of a format from the folder under the format’s', async () => {
    const { table, handler } = await loaderOnNewTable();
    drop('imports/ssd/north/extract.zip', zipOf(SSD));
    expect(await handler(created('imports/ssd/north/extract.zip'))).toMatchObject({
      outcome: 'imported',
      record: { source: 'north', format: 'ssd', counts: { made: 4 } },
    });
    const events = await new DynamoCaseEventStore(dynamo.client, table).eventsOf('CASE-2');
    expect(events.map(({ id }) => id.split(':')[0])).toEqual(['north']);
  });

  it('refuses a file that is not a zip, records the refusal, and logs its place, not its content', async () => {
    const { table, handler } = await loaderOnNewTable();
    drop('imports/ssd/extract.zip', `pers_person_id,pers_forename\nCASE-1,${SENTINELS.childName}\n`);
    const outcome = await handler(created('imports/ssd/extract.zip'));
    expect(outcome).toMatchObject({ outcome: 'refused', problems: 1, record: { outcome: 'refused' } });
    expect((await new DynamoImportLog(dynamo.client, table).latest())[0]).toMatchObject({
      source: 'ssd',
      outcome: 'refused',
      counts: null,
      problems: 1,
      problemPlaces: [{ file: 'extract.zip' }],
    });
    expect(await itemsOf(table)).toEqual([]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: IMPORT_LOADER_LOG.refused,
        attributes: expect.objectContaining({ [IMPORT_LOADER_LOG.problemsField]: 1 }),
      },
    ]);
    expectNothingPersonalLogged();
  });

  it('refuses a zip holding no file of the format, and one under no format’s folder, recording no source for it', async () => {
    const { table, handler } = await loaderOnNewTable();
    drop('imports/ssd/census.zip', zipOf({ 'census.xml': `<Message>${SENTINELS.childName}</Message>` }));
    expect(await handler(created('imports/ssd/census.zip'))).toMatchObject({
      outcome: 'refused',
      record: { source: 'ssd', problemPlaces: [{ file: 'census.zip' }] },
    });
    for (const key of ['imports/ssdx/extract.zip', 'imports/extract.zip', 'imports/ssd/a/b/extract.zip']) {
      drop(key, zipOf(SSD));
      expect(await handler(created(key)), key).toEqual({ outcome: 'refused', problems: 1, record: null });
    }
    expect((await new DynamoImportLog(dynamo.client, table).latest()).map(({ source }) => source)).toEqual([
      'ssd',
    ]);
    expect(await itemsOf(table)).toEqual([]);
    expectNothingPersonalLogged();
  });

  it('ignores a folder made in the console, a file gone before it was read, and other prefixes', async () => {
    const { handler } = await loaderOnNewTable();
    expect(await handler(created('imports/ssd/'))).toEqual({ outcome: 'ignored' });
    expect(await handler(created('imports/ssd/gone.zip'))).toEqual({ outcome: 'ignored' });
    expect(await handler(created('directory/staff.csv'))).toEqual({ outcome: 'ignored' });
    expect(await handler({ hello: 'world' })).toEqual({ outcome: 'ignored' });
  });

  it('stops between batches near the time limit, saying so, and the next drop finishes it', async () => {
    const { table, handler } = await loaderOnNewTable();
    // Two children whose events together are more than one batch holds: a batch each.
    const visits = Math.ceil(IMPORT_BATCH_EVENTS / 2) + 10;
    const rows = ['CASE-1', 'CASE-2'].flatMap((child) =>
      Array.from(
        { length: visits },
        (_, n) =>
          `${child}-V${n},${child},2026-${String(1 + (n % 11)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')},Y,Y,Y`,
      ),
    );
    const header =
      'cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone,cppv_cp_visit_bedroom';
    drop('imports/ssd/extract.zip', zipOf({ 'ssd_cp_visits.csv': `${header}\n${rows.join('\n')}\n` }));
    const nearTheEnd = { getRemainingTimeInMillis: () => STOP_MARGIN_MS - 1 };
    const stopped = await handler(created('imports/ssd/extract.zip'), nearTheEnd);
    expect(stopped).toMatchObject({
      outcome: 'stopped',
      record: { outcome: 'stopped', counts: null, written: { cases: 1, of: 2 } },
    });
    expect(lines.map(({ message }) => message)).toEqual([IMPORT_LOADER_LOG.stopped]);
    expect((await new DynamoImportLog(dynamo.client, table).latest())[0]).toMatchObject({
      outcome: 'stopped',
    });

    const plenty = { getRemainingTimeInMillis: () => 10 * 60_000 };
    expect(await handler(created('imports/ssd/extract.zip'), plenty)).toMatchObject({
      outcome: 'imported',
      record: { counts: { children: 2, made: visits, unchanged: visits } },
    });
  });

  it('fails at cold start without the import bucket or the rules, naming each variable', () => {
    expect(() => entry.importLoaderRuntimeFrom({ TABLE_NAME: 'line-of-sight-dev' })).toThrow(
      /RULE_PROFILE[\s\S]*MORNING_RUN_TIME[\s\S]*POWERTOOLS_SERVICE_NAME[\s\S]*IMPORT_BUCKET/,
    );
  });

  it('throws when the table cannot be written, for Lambda to retry, with nothing personal in the error', async () => {
    const { deps } = entry.importLoaderRuntimeFrom({
      ...ENVIRONMENT,
      TABLE_NAME: 'line-of-sight-no-such-table',
    });
    drop('imports/ssd/extract.zip', zipOf(SSD));
    const thrown = await createImportLoaderHandler({ ...deps, logger })(
      created('imports/ssd/extract.zip'),
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    const text = `${(thrown as Error).message}\n${(thrown as Error).stack}`;
    for (const value of Object.values(SENTINELS)) expect(text).not.toContain(value);
  });
});
