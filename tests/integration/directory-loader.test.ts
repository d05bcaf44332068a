/**
 * The directory loader as its Lambda entry wires it (S3 and DynamoDB clients from the default AWS
 * configuration), against a loopback S3 stand-in and dynalite: a good file dropped under `directory/`
 * becomes the directory; a file with problems, too large or not UTF-8 loads nothing and its problems are
 * logged by row and column, never a value; a file gone, or an event for another prefix, needs nothing; a
 * directory that cannot be written throws, for Lambda to retry.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import {
  createDirectoryLoaderHandler,
  DIRECTORY_LOADER_LOG,
  MAX_DIRECTORY_FILE_BYTES,
} from '../../functions/handlers/directory-loader.ts';
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

const TABLE = 'line-of-sight-directory-loader';
const ENVIRONMENT = {
  TABLE_NAME: TABLE,
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-directory-loader',
  IMPORT_BUCKET,
};
const HEADER = 'record,id,name,email,level,team,reports_to,left_on,parent,teams_channel,duty';
const GOOD = [
  HEADER,
  'team,team-north-1,North Team 1,,,,,,,teams-north-1,yes',
  'staff,TM-01,Tara Example,tm-01@council.example,TM,team-north-1,,,,,',
  'staff,SW-001,"Example, Jo",sw-001@council.example,worker,team-north-1,TM-01,,,,',
].join('\r\n');
const BAD = [
  HEADER,
  'team,team-north-1,North Team 1,,,,,,,,',
  'staff,TM-01,Tara Example,tm-01@council.example,Team Manager,team-north-1,,,,,',
  'staff,SW-001,Jo Example,not an address,worker,team-north-9,TM-09,,,,',
].join('\n');

let s3: S3StandIn;
let dynamo: LocalDynamo;
let entry: typeof import('../../functions/handlers/lambda/directory-loader.ts');
const { lines, logger } = keptLines();
const loadEntry = (variables: Record<string, string>) =>
  entryWith(() => import('../../functions/handlers/lambda/directory-loader.ts'), variables);

beforeAll(async () => {
  [s3, dynamo] = await Promise.all([startS3StandIn(), startDynalite()]);
  await ensureTable(dynamo.client, TABLE);
  entry = await loadEntry(ENVIRONMENT);
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

/** The handler as the entry point wires it, logging to `lines`. */
const loader = () =>
  createDirectoryLoaderHandler({ ...entry.directoryLoaderRuntimeFrom(ENVIRONMENT).deps, logger });

const created = (key: string, size?: number) => objectCreated(s3, key, { size });
const drop = (key: string, text: string | Uint8Array) => dropInto(s3, key, text);
const directory = () => new DynamoDirectoryStore(dynamo.client, TABLE).load();

describe('the directory loader', () => {
  it('loads a good file dropped under directory/ as the new directory, and logs counts only', async () => {
    drop('directory/staff.csv', GOOD);
    expect(await loader()(created('directory/staff.csv'))).toEqual({ outcome: 'loaded', staff: 2, teams: 1 });
    const loaded = await directory();
    expect(loaded.staff.map((m) => m.id)).toEqual(['SW-001', 'TM-01']);
    expect(loaded.teams).toEqual([
      { id: 'team-north-1', name: 'North Team 1', parentId: null, teamsChannel: 'teams-north-1', duty: true },
    ]);
    expect(lines).toEqual([
      {
        level: 'info',
        message: DIRECTORY_LOADER_LOG.loaded,
        attributes: { eventId: expect.any(String), key: 'directory/staff.csv', staff: 2, teams: 1 },
      },
    ]);
    // Only the bytes it could use were asked for.
    expect(s3.asked.at(-1)).toEqual({
      key: `${IMPORT_BUCKET}/directory/staff.csv`,
      range: `bytes=0-${MAX_DIRECTORY_FILE_BYTES}`,
    });
  });

  it('loads nothing of a file with problems, and logs each by row and column, never a value', async () => {
    drop('directory/staff.csv', GOOD);
    await loader()(created('directory/staff.csv'));
    const before = await directory();
    lines.length = 0;
    drop('directory/bad.csv', BAD);
    expect(await loader()(created('directory/bad.csv'))).toEqual({ outcome: 'refused', problems: 4 });
    expect(await directory()).toEqual(before);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: DIRECTORY_LOADER_LOG.refused,
        attributes: {
          eventId: expect.any(String),
          key: 'directory/bad.csv',
          [DIRECTORY_LOADER_LOG.problemsField]: 4,
          problemList: [
            { row: 3, column: 'level' },
            { row: 4, column: 'email' },
            { row: 4, column: 'team' },
            { row: 4, column: 'reports_to' },
          ],
        },
      },
    ]);
    const logged = JSON.stringify(lines);
    for (const value of ['Example', 'Team Manager', 'not an address', 'TM-09', 'team-north-9']) {
      expect(logged).not.toContain(value);
    }
  });

  it('refuses a file that is too large (by the event, or by what it read) or not UTF-8', async () => {
    drop('directory/huge.csv', GOOD);
    expect(await loader()(created('directory/huge.csv', MAX_DIRECTORY_FILE_BYTES + 1))).toEqual({
      outcome: 'refused',
      problems: 1,
    });
    drop('directory/grown.csv', new Uint8Array(MAX_DIRECTORY_FILE_BYTES + 5));
    expect(await loader()(created('directory/grown.csv', 10))).toEqual({ outcome: 'refused', problems: 1 });
    drop('directory/latin1.csv', new Uint8Array([...new TextEncoder().encode(HEADER), 0x0a, 0xe9]));
    expect(await loader()(created('directory/latin1.csv'))).toEqual({ outcome: 'refused', problems: 1 });
    expect(lines.map((line) => line.attributes.reason)).toEqual([
      'the file is over 10 MB',
      'the file is over 10 MB',
      `the file is not valid UTF-8 text (at byte offset ${HEADER.length + 1})`,
    ]);
  });

  it('refuses an empty file as having no columns', async () => {
    drop('directory/empty.csv', '');
    expect(await loader()(created('directory/empty.csv'))).toEqual({ outcome: 'refused', problems: 1 });
  });

  it('needs nothing for a file gone before it was read, another prefix, or an event it cannot read', async () => {
    expect(await loader()(created('directory/deleted.csv', 100))).toEqual({ outcome: 'ignored' });
    drop('events/batch.ndjson', GOOD);
    expect(await loader()(created('events/batch.ndjson'))).toEqual({ outcome: 'ignored' });
    expect(await loader()({ detail: 'not an S3 event' })).toEqual({ outcome: 'ignored' });
    // A key that could carry anything is logged by its length only.
    expect(await loader()(created('directory/Jo Example <jo@council.example>.csv', 5))).toEqual({
      outcome: 'ignored',
    });
    expect(JSON.stringify(lines)).not.toContain('Example');
  });

  it('throws when the directory cannot be written, so Lambda retries', async () => {
    drop('directory/staff.csv', GOOD);
    const wrongTable = createDirectoryLoaderHandler({
      ...entry.directoryLoaderRuntimeFrom({ ...ENVIRONMENT, TABLE_NAME: 'no-such-table' }).deps,
      logger,
    });
    await expect(wrongTable(created('directory/staff.csv'))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses to start without its bucket, naming it, when the entry module loads', async () => {
    const { IMPORT_BUCKET: _missing, ...rest } = ENVIRONMENT;
    // A class of the module loaded afresh: told by its name.
    await expect(loadEntry(rest)).rejects.toMatchObject({
      name: 'EnvironmentError',
      problems: [
        'IMPORT_BUCKET is not set; it must be the name of the import bucket, such as line-of-sight-dev-imports-123456789012',
      ],
    });
  });
});
