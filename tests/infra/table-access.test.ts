/**
 * What each function asks of the table is what its role allows. Ingest, the scheduled runs, the
 * notifier, the ses-events function and the two loaders of the import bucket are driven through their
 * real DynamoDB adapters over dynalite (which enforces no IAM); every request is recorded and must be allowed by a statement of that
 * function's role in the synthesised template, with DynamoDB's condition keys worked out as IAM does
 * (`tests/support/dynamodb-iam.ts`). So a role narrowed past what the code needs fails here, not on
 * AWS, and so does code that starts naming an attribute its role does not allow.
 *
 * IAM cannot tell apart the item kinds sharing a case's partition; the code's own hold on ingest's
 * writes there is checked too: it never addresses a ledger entry, and its puts and deletes there are
 * conditional.
 */

import {
  DeleteCommand,
  type DeleteCommandInput,
  PutCommand,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CfnElement } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSD_FORMAT } from '../../functions/core/imports/ssd/index.ts';
import type { Notice } from '../../functions/core/notices/message.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { SendError } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { DEFAULT_LEASE_SECONDS, deliverNotice } from '../../functions/delivery/deliver.ts';
import { importLoaderChannel } from '../../functions/handlers/import-loader.ts';
import { importAndRecord } from '../../functions/imports/recorded-import.ts';
import { storeTarget } from '../../functions/imports/store-target.ts';
import { type IngestContext, ingestBatch } from '../../functions/ingest/ingest.ts';
import { runSchedule } from '../../functions/runs/due-run.ts';
import { runWeekly } from '../../functions/runs/weekly-run.ts';
import { CASE_SORT_KEY_PREFIX, itemKey } from '../../functions/storage/table-layout.ts';
import { type OpenedLocalStore, openLocalStore } from '../../local/store.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import {
  attributesOf,
  isAllowed,
  leadingKeyOf,
  type StatementJson,
  type TableRequest,
} from '../support/dynamodb-iam.ts';
import { renderSettings } from '../support/notice-lines.ts';
import { lineOfSight, SYNTHESIS_TIMEOUT } from './synth.ts';

type FunctionName = 'ingest' | 'run' | 'notify' | 'sesEvents' | 'directoryLoader' | 'importLoader';

const profile = builtInProfile('default');
const timing = defaultNoticeTiming(profile);
const at = (instant: string) => () => Date.parse(instant);

let store: OpenedLocalStore;
/** Every request made, by the function whose code made it (setup's own writes are not recorded). */
const made: Record<FunctionName, TableRequest[]> = {
  ingest: [],
  run: [],
  notify: [],
  sesEvents: [],
  directoryLoader: [],
  importLoader: [],
};
let acting: FunctionName | null = null;

/** Runs `work` as the function `name`, recording its requests under that name. */
async function as<T>(name: FunctionName, work: () => Promise<T>): Promise<T> {
  acting = name;
  try {
    return await work();
  } finally {
    acting = null;
  }
}

/** The statements of a function's role, as the template grants them. */
function statementsOf(name: FunctionName): StatementJson[] {
  const { stateless, templates } = lineOfSight();
  const fn = {
    ingest: stateless.ingest.queueFunction,
    run: stateless.scheduledRuns.runFunction,
    notify: stateless.notifier.notifyFunction,
    sesEvents: stateless.sesFeedback.eventsFunction,
    directoryLoader: stateless.directoryLoader.loaderFunction,
    importLoader: stateless.importLoader.loaderFunction,
  }[name];
  const role = stateless.getLogicalId((fn.role as Role).node.defaultChild as CfnElement);
  const policies = Object.values(templates.stateless.findResources('AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(role),
  );
  expect(policies).toHaveLength(1);
  const [policy] = policies as [{ Properties: { PolicyDocument: { Statement: StatementJson[] } } }];
  return policy.Properties.PolicyDocument.Statement;
}

const event = (id: string, type: string, occurredAt: string, data: Record<string, unknown> = {}) => ({
  id,
  type,
  caseId: 'CASE-T1',
  occurredAt,
  data,
});

const collected: Notice[] = [];
const sink = { send: async (notices: readonly Notice[]) => void collected.push(...notices) };

// The app synthesised before the first test reads a role (it takes seconds on a busy machine).
beforeAll(() => {
  lineOfSight();
}, SYNTHESIS_TIMEOUT);

beforeAll(async () => {
  store = await openLocalStore(null);
  store.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (acting !== null) {
        const action = (context.commandName ?? '').replace(/Command$/, '');
        const input = structuredClone(args.input as Record<string, unknown>);
        // IAM holds each item of a BatchWriteItem or BatchGetItem to the statement's conditions
        // (LeadingKeys and Attributes over them all): recorded one request per put, delete or key.
        if (action === 'BatchGetItem') {
          type KeysAndAttributes = {
            Keys: unknown[];
            ProjectionExpression?: string;
            ExpressionAttributeNames?: unknown;
          };
          for (const { Keys, ...read } of Object.values(
            input.RequestItems as Record<string, KeysAndAttributes>,
          )) {
            for (const Key of Keys) made[acting].push({ action, input: { ...read, Key } });
          }
        } else if (action === 'BatchWriteItem') {
          type WriteRequest = { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } };
          for (const requests of Object.values(input.RequestItems as Record<string, WriteRequest[]>)) {
            for (const { PutRequest, DeleteRequest } of requests) {
              made[acting].push({
                action: 'BatchWriteItem',
                input: PutRequest ? { Item: PutRequest.Item } : { Key: DeleteRequest?.Key },
              });
            }
          }
        } else made[acting].push({ action, input });
      }
      return next(args);
    },
    // Before the document client marshals the input: names and keys as the adapters wrote them.
    { step: 'initialize', name: 'recordTableRequests' },
  );
  await store.directory.replace(SMALL_DIRECTORY);

  // Ingest: a case with a plan since September, visits late; a repeat, a conflicting id and input
  // that fails the contract.
  const ingest = (now: string): IngestContext => ({ ...store, profile, timing, now: at(now) });
  const history = [
    event('T-1', 'case.allocated', '2026-09-01', { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' }),
    event('T-2', 'cp_plan.started', '2026-09-07'),
  ];
  await as('ingest', async () => {
    await ingestBatch(history, 'test', ingest('2026-11-20T10:00:00Z'));
    await ingestBatch(
      [history[1], { ...history[1], occurredAt: '2026-09-08' }, { id: 'T-3', type: 'no.such' }],
      'test',
      ingest('2026-11-20T11:00:00Z'),
    );
  });

  // Monday morning: notices, moves of next actions on, and the weekly summaries.
  await as('run', async () => {
    await runSchedule(Date.parse('2026-11-23T07:00:00Z'), 'morning', {
      ...store,
      notices: sink,
      profile,
      timing,
    });
    await runWeekly(Date.parse('2026-11-23T07:15:00Z'), { ...store, notices: sink, profile, timing });
  });

  // The notifier: one email refused (marked failed), the rest sent.
  let refused = false;
  const delivery = {
    ledger: store.ledger,
    email: {
      send: async () => {
        if (refused) return 'ses-1';
        refused = true;
        throw new SendError('MessageRejected', false);
      },
    },
    teams: { post: async () => {} },
    render: renderSettings,
    now: at('2026-11-23T07:01:00Z'),
    leaseSeconds: DEFAULT_LEASE_SECONDS,
  };
  await as('notify', async () => {
    for (const notice of collected) {
      // The refused one is marked failed and thrown, for the queue to retry.
      await deliverNotice(notice, delivery).catch((error: unknown) => {
        if (!(error instanceof SendError)) throw error;
      });
    }
  });

  // A visit meets the deadline (the next morning tells whom it told before, from the ledger); the
  // plan's start is retracted (its deadlines go).
  await as('ingest', () =>
    ingestBatch(
      [
        event('T-4', 'visit.completed', '2026-11-23T09:00:00Z', {
          visitType: 'cp',
          childSeen: true,
          seenAlone: true,
          bedroomSeen: true,
        }),
      ],
      'test',
      ingest('2026-11-23T10:00:00Z'),
    ),
  );
  // Sending paused (cdk.json's): the run holds its lines in the outbox, and moves nothing on.
  await as('run', () =>
    runSchedule(Date.parse('2026-11-24T07:00:00Z'), 'morning', {
      ...store,
      notices: sink,
      profile,
      timing,
      holdIn: store.outbox,
    }),
  );
  await as('run', () =>
    runSchedule(Date.parse('2026-11-24T07:00:00Z'), 'morning', { ...store, notices: sink, profile, timing }),
  );

  await as('ingest', () =>
    ingestBatch(
      [event('T-5', 'event.retracted', '2026-11-24T09:00:00Z', { eventId: 'T-2' })],
      'test',
      ingest('2026-11-24T10:00:00Z'),
    ),
  );

  await as('sesEvents', () => store.directory.markUndeliverable('sw-1@council.example', 'bounced'));

  // Two loads of the directory: the second retires (deletes) the version setup imported.
  await as('directoryLoader', async () => {
    await store.directory.replace(SMALL_DIRECTORY);
    await store.directory.replace(SMALL_DIRECTORY);
  });

  // Two nightly SSD extracts: the first adds a team to the directory; the second corrects a row and
  // drops another (retractions, a manifest deleted), and refuses a row.
  const extract = (visits: string) => [
    { name: 'ssd_person.csv', text: 'pers_person_id,pers_dob\nCASE-I1,2015-03-01\nCASE-I2,2012-07-09\n' },
    {
      name: 'ssd_cp_plans.csv',
      text: 'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date\nP1,CASE-I1,2026-10-01\n',
    },
    {
      name: 'ssd_department.csv',
      text: 'dept_team_id,dept_team_name,dept_team_parent_id\nteam-south-1,South 1,childrens-services\n',
    },
    {
      name: 'ssd_cp_visits.csv',
      text: `cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone,cppv_cp_visit_bedroom\n${visits}`,
    },
  ];
  const nightly = async (files: ReturnType<typeof extract>, night: string) => {
    const now = at(`${night}T02:00:00Z`);
    const target = storeTarget('the table', store, { profile, timing, now }, importLoaderChannel('ssd'));
    const run = {
      format: SSD_FORMAT,
      files,
      source: 'ssd',
      today: night,
      profile,
      progress: () => undefined,
    };
    await importAndRecord(run, target, {
      log: store.imports,
      via: 'import bucket',
      file: 'imports/ssd/x.zip',
      now,
    });
  };
  await as('importLoader', async () => {
    await nightly(extract('V1,CASE-I1,2026-11-02,Y,Y,Y\nV2,CASE-I2,2026-11-03,Y,N,Y\n'), '2026-11-25');
    await nightly(extract('V1,CASE-I1,2026-11-04,Y,Y,Y\nV3,CASE-I1,2026-13-01,Y,Y,Y\n'), '2026-11-26');
  });
}, 60_000);

afterAll(async () => {
  await store.close();
});

/** What a function's requests were, in words: `UpdateItem CASE#… [names]`. */
const described = (request: TableRequest) =>
  `${request.action} ${request.input.IndexName ?? 'table'} ${leadingKeyOf(request) ?? '(scan)'} [${attributesOf(request).join(', ')}]`;

describe('every request a function makes of the table', () => {
  for (const name of ['ingest', 'run', 'notify', 'sesEvents', 'directoryLoader', 'importLoader'] as const) {
    it(`is allowed by the ${name} function’s role`, () => {
      const statements = statementsOf(name);
      expect(made[name].length).toBeGreaterThan(0);
      expect(made[name].filter((request) => !isAllowed(statements, request)).map(described)).toEqual([]);
    });
  }

  it('covers what each function does: ingest’s updates and deletes of deadlines, the run’s moves, scan and ledger read', () => {
    const kinds = (name: FunctionName) =>
      new Set(made[name].map((request) => `${request.action} ${request.input.IndexName ?? ''}`.trim()));
    expect([...kinds('ingest')]).toEqual(
      expect.arrayContaining(['PutItem', 'GetItem', 'Query', 'UpdateItem', 'DeleteItem']),
    );
    expect([...kinds('run')]).toEqual(expect.arrayContaining(['Query due', 'Query', 'UpdateItem', 'Scan']));
    // The second morning read who had been told of the met deadline: the ledger's attributes only.
    expect(
      made.run.some(
        (request) =>
          request.action === 'Query' &&
          request.input.Select === 'SPECIFIC_ATTRIBUTES' &&
          leadingKeyOf(request)?.startsWith('CASE#'),
      ),
    ).toBe(true);
    expect([...kinds('notify')]).toEqual(expect.arrayContaining(['PutItem', 'UpdateItem']));
    // The paused morning held its lines in the outbox.
    expect(
      made.run.some(
        (request) => request.action === 'PutItem' && leadingKeyOf(request) === 'OUTBOX#2026-11-24',
      ),
    ).toBe(true);
    // The pointer read and switched, the new version written, the retired one deleted.
    expect([...kinds('directoryLoader')].sort()).toEqual([
      'DeleteItem',
      'GetItem',
      'PutItem',
      'Query',
      'UpdateItem',
    ]);
    expect(
      made.directoryLoader.some(
        (request) => request.action === 'DeleteItem' && leadingKeyOf(request)?.startsWith('DIRECTORY#'),
      ),
    ).toBe(true);
    // The import loader: ingest's writes, its manifests, its records, the directory.
    expect([...kinds('importLoader')]).toEqual(
      expect.arrayContaining(['PutItem', 'GetItem', 'Query', 'UpdateItem', 'BatchWriteItem']),
    );
    const loaderWrites = (action: string, partition: string) =>
      made.importLoader.filter(
        (request) => request.action === action && leadingKeyOf(request)?.startsWith(partition),
      );
    expect(loaderWrites('BatchWriteItem', 'IMPORT#').length).toBeGreaterThan(0);
    // Whole cases: event bundles and a new case's deadlines written at once, projections read so.
    const caseBatchKeys = loaderWrites('BatchWriteItem', 'CASE#').map(
      ({ input }) => (input.Item as { sk: string }).sk.split('#')[0],
    );
    expect(new Set(caseBatchKeys)).toEqual(new Set(['EVENT', 'DEADLINE']));
    expect(loaderWrites('BatchGetItem', 'CASE#').length).toBeGreaterThan(0);
    expect(loaderWrites('PutItem', 'IMPORTS')).toHaveLength(2);
    expect(loaderWrites('PutItem', 'DIRECTORY#').length).toBeGreaterThan(0);
  });
});

describe('what the roles refuse', () => {
  const noticeKey = itemKey.notice('CASE-T1', 'cp.visit', 1, 'escalation-0', 'TM-1');
  const deadlineKey = itemKey.deadline('CASE-T1', 'cp.visit', 1);
  const setState: TableRequest = {
    action: 'UpdateItem',
    input: {
      Key: noticeKey,
      UpdateExpression: 'SET #state = :sent',
      ExpressionAttributeNames: { '#state': 'state' },
    },
  };

  it('refuses ingest and the run any change to what a ledger entry records', () => {
    expect(isAllowed(statementsOf('ingest'), setState)).toBe(false);
    expect(isAllowed(statementsOf('run'), setState)).toBe(false);
    // The notifier, whose ledger it is, may.
    expect(isAllowed(statementsOf('notify'), setState)).toBe(true);
  });

  it('refuses the run any write but a next action’s, and any write outside case partitions', () => {
    const run = statementsOf('run');
    const setDeadline: TableRequest = {
      action: 'UpdateItem',
      input: { Key: deadlineKey, UpdateExpression: 'SET deadline = :d' },
    };
    expect(isAllowed(run, setDeadline)).toBe(false);
    const moveInDirectory: TableRequest = {
      action: 'UpdateItem',
      input: { Key: itemKey.staff('v1', 'SW-1'), UpdateExpression: 'SET nextActionAt = :n' },
    };
    expect(isAllowed(run, moveInDirectory)).toBe(false);
  });

  it('refuses the loader anything outside the directory, and every other function a write of the directory', () => {
    const caseWrite: TableRequest = { action: 'PutItem', input: { Item: itemKey.caseProjection('CASE-T1') } };
    expect(isAllowed(statementsOf('directoryLoader'), caseWrite)).toBe(false);
    const entryWrite: TableRequest = { action: 'PutItem', input: { Item: itemKey.staff('v1', 'SW-1') } };
    const switchPointer: TableRequest = {
      action: 'UpdateItem',
      input: { Key: itemKey.directoryPointer(), UpdateExpression: 'SET #current = :v' },
    };
    expect(isAllowed(statementsOf('directoryLoader'), entryWrite)).toBe(true);
    for (const name of ['ingest', 'run', 'notify', 'sesEvents'] as const) {
      expect(isAllowed(statementsOf(name), entryWrite), name).toBe(false);
    }
    // Marking an address is the ses-events function's only write, in a version's partition.
    const mark: TableRequest = {
      action: 'UpdateItem',
      input: { Key: itemKey.staff('v1', 'SW-1'), UpdateExpression: 'SET undeliverable = :t' },
    };
    expect(isAllowed(statementsOf('sesEvents'), mark)).toBe(true);
    for (const name of ['ingest', 'run', 'notify', 'sesEvents'] as const) {
      expect(isAllowed(statementsOf(name), switchPointer), name).toBe(false);
    }
  });

  it('refuses the import loader what ingest may not do, and every other function the imports’ partitions', () => {
    const loader = statementsOf('importLoader');
    expect(isAllowed(loader, setState)).toBe(false);
    const hold: TableRequest = { action: 'PutItem', input: { Item: itemKey.outbox('2026-11-24', 'line') } };
    expect(isAllowed(loader, hold)).toBe(false);
    const manifest: TableRequest = {
      action: 'BatchWriteItem',
      input: { Item: itemKey.importManifest('ssd', 'CASE-T1') },
    };
    const record: TableRequest = { action: 'PutItem', input: { Item: itemKey.importRun('ssd') } };
    expect(isAllowed(loader, manifest)).toBe(true);
    expect(isAllowed(loader, record)).toBe(true);
    for (const name of ['ingest', 'run', 'notify', 'sesEvents', 'directoryLoader'] as const) {
      expect(isAllowed(statementsOf(name), manifest), name).toBe(false);
      expect(isAllowed(statementsOf(name), record), name).toBe(false);
    }
    // Its batch writes in case partitions name a bundle's or a deadline's attributes only, never a
    // ledger entry's; and reach no partition but cases' and the recompute marks'.
    const ledgerBatch: TableRequest = {
      action: 'BatchWriteItem',
      input: { Item: { ...noticeKey, state: 'sent', message: 'm-1' } },
    };
    expect(isAllowed(loader, ledgerBatch)).toBe(false);
    const directoryBatch: TableRequest = {
      action: 'BatchWriteItem',
      input: { Item: itemKey.staff('v1', 'SW-1') },
    };
    expect(isAllowed(loader, directoryBatch)).toBe(false);
  });

  it('refuses ingest an update or delete that reads the item back or tests a ledger attribute', () => {
    const ingest = statementsOf('ingest');
    const update = { Key: deadlineKey, UpdateExpression: 'SET nextActionAt = :n' };
    expect(isAllowed(ingest, { action: 'UpdateItem', input: update })).toBe(true);
    expect(isAllowed(ingest, { action: 'UpdateItem', input: { ...update, ReturnValues: 'ALL_OLD' } })).toBe(
      false,
    );
    expect(
      isAllowed(ingest, {
        action: 'DeleteItem',
        input: {
          Key: noticeKey,
          ConditionExpression: '#state = :sent',
          ExpressionAttributeNames: { '#state': 'state' },
        },
      }),
    ).toBe(false);
  });
});

describe('ingest’s writes in case partitions, which IAM cannot tell apart by kind', () => {
  const caseWrites = () =>
    made.ingest.filter(
      (request) =>
        ['PutItem', 'UpdateItem', 'DeleteItem'].includes(request.action) &&
        leadingKeyOf(request)?.startsWith('CASE#'),
    );
  const sortKey = (request: TableRequest) =>
    ((request.input.Key ?? request.input.Item) as Record<string, string>).sk as string;

  it('never address a ledger entry: each is an event’s, a deadline’s, a tracker row’s, a projection’s or the timeliness months’', () => {
    const keys = caseWrites().map(sortKey);
    expect(keys.length).toBeGreaterThan(0);
    expect(
      keys.filter(
        (sk) =>
          !sk.startsWith(CASE_SORT_KEY_PREFIX.event) &&
          !sk.startsWith(CASE_SORT_KEY_PREFIX.deadline) &&
          !sk.startsWith(CASE_SORT_KEY_PREFIX.tracker) &&
          sk !== itemKey.caseProjection('CASE-T1').sk &&
          sk !== itemKey.timelinessCase('CASE-T1').sk,
      ),
    ).toEqual([]);
  });

  it('put and delete only on a condition a ledger entry fails: aimed at one, each is refused', async () => {
    const claim = made.notify.find(
      (request) => request.action === 'PutItem' && leadingKeyOf(request) === 'CASE#CASE-T1',
    ) as TableRequest;
    const { pk, sk } = claim.input.Item as Record<string, string>;
    const ledger = await store.ledger.noticesOf('CASE-T1');
    const putsAndDeletes = caseWrites().filter((request) => request.action !== 'UpdateItem');
    expect(putsAndDeletes.map((request) => request.action)).toEqual(
      expect.arrayContaining(['PutItem', 'DeleteItem']),
    );
    for (const { action, input } of putsAndDeletes) {
      const { client } = store.dynamo;
      const aimed =
        action === 'PutItem'
          ? client.send(
              new PutCommand({ ...(input as PutCommandInput), Item: { ...(input.Item as object), pk, sk } }),
            )
          : client.send(new DeleteCommand({ ...(input as DeleteCommandInput), Key: { pk, sk } }));
      await expect(aimed, action).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    }
    expect(await store.ledger.noticesOf('CASE-T1')).toEqual(ledger);
  });
});
