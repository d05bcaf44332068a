/**
 * What the board's function asks of the table is what its role allows, as `table-access.test.ts`
 * checks for the other functions: its reads (the directory, a tracker page from the trackers index, a
 * case page and its action texts) and its writes (an action's text, and the action's event through
 * ingest's code) are driven through the real DynamoDB adapters over dynalite, every request recorded
 * and matched with the statements of the board role in the template synthesised with the board's
 * settings (`tests/support/dynamodb-iam.ts` works out DynamoDB's condition keys as IAM does).
 */
import type { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ActionTextCipher } from '../../functions/adapters/action-text/cipher.ts';
import { DynamoActionTextStore } from '../../functions/adapters/dynamodb/action-text-store.ts';
import { indexBoardReader } from '../../functions/board/index-reader.ts';
import { momentOf } from '../../functions/core/engine/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { BOARD_CHANNEL } from '../../functions/handlers/board.ts';
import { type IngestContext, ingestBatch } from '../../functions/ingest/ingest.ts';
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import { LOCAL_TABLE, type OpenedLocalStore, openLocalStore } from '../../local/store.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { isAllowed, type StatementJson, type TableRequest } from '../support/dynamodb-iam.ts';
import { testApp } from './cdk-app.ts';
import { SYNTHESIS_TIMEOUT } from './synth.ts';

const profile = builtInProfile('default');
const requests: TableRequest[] = [];
let recording = false;
let store: OpenedLocalStore;
let statements: StatementJson[];

beforeAll(() => {
  const app: App = testApp({
    'los:boardEntraTenantId': '11111111-2222-4333-8444-555555555555',
    'los:boardEntraClientId': '66666666-7777-4888-9999-000000000000',
    'los:boardEntraSecret': 'los/board-entra',
    'los:boardDomainPrefix': 'wessex-los-board',
  });
  const { stateless } = defineLineOfSight(app);
  const board = stateless.board;
  if (!board) throw new Error('expected the board with its settings set');
  const role = stateless.getLogicalId((board.function.role as Role).node.defaultChild as CfnElement);
  const policies = Object.values(Template.fromStack(stateless).findResources('AWS::IAM::Policy')).filter(
    (policy) => JSON.stringify(policy.Properties.Roles).includes(role),
  ) as { Properties: { PolicyDocument: { Statement: StatementJson[] } } }[];
  expect(policies).toHaveLength(1);
  statements = policies[0]?.Properties.PolicyDocument.Statement ?? [];
}, SYNTHESIS_TIMEOUT);

beforeAll(async () => {
  store = await openLocalStore(null);
  store.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (recording) {
        const action = (context.commandName ?? '').replace(/Command$/, '');
        requests.push({ action, input: structuredClone(args.input as Record<string, unknown>) });
      }
      return next(args);
    },
    // Before the document client marshals the input: names and keys as the adapters wrote them.
    { step: 'initialize', name: 'recordBoardRequests' },
  );
  await store.directory.replace(SMALL_DIRECTORY);
  const ingest = (now: string): IngestContext => ({
    ...store,
    profile,
    timing: defaultNoticeTiming(profile),
    now: () => Date.parse(now),
  });
  // A child in pre-proceedings in team-north-1: on the legal tracker.
  await ingestBatch(
    [
      {
        id: 'T-1',
        type: 'case.allocated',
        caseId: 'CASE-T1',
        occurredAt: '2026-09-01',
        data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
      },
      {
        id: 'T-2',
        type: 'decision.recorded',
        caseId: 'CASE-T1',
        occurredAt: '2026-09-07',
        data: { decision: 'initiate-pre-proceedings' },
      },
    ],
    'test',
    ingest('2026-09-08T10:00:00Z'),
  );

  recording = true;
  try {
    const asOf = momentOf('2026-09-14');
    const reader = indexBoardReader(store, profile);
    const directory = await reader.directory();
    expect(await reader.trackerEntries({ units: ['team-north-1'] }, 'legal', asOf, directory)).toHaveLength(
      1,
    );
    expect(await reader.caseOf('CASE-T1', asOf)).not.toBeNull();
    await reader.actions({ units: ['team-north-1'] }, asOf, directory);
    // The timeliness page: months read, and a past month's figures kept for the next reading.
    const figures = await reader.timeliness(
      { from: '2026-08', to: '2026-09' },
      'team',
      momentOf('2026-10-05'),
      directory,
    );
    expect(figures.cells.length).toBeGreaterThan(0);
    await reader.timeliness({ from: '2026-08', to: '2026-09' }, 'team', momentOf('2026-10-05'), directory);
    const texts = new DynamoActionTextStore(
      store.dynamo.client,
      LOCAL_TABLE,
      new ActionTextCipher(new Uint8Array(32)),
    );
    await texts.put('CASE-T1', 'act-7Qm2x9Lp', 'Synthetic action text');
    await texts.textsOf('CASE-T1');
    const summary = await ingestBatch(
      [
        {
          id: 'board-t1-0001',
          type: 'action.recorded',
          caseId: 'CASE-T1',
          occurredAt: '2026-09-14T10:15:00Z',
          recordedBy: 'SM-1',
          data: { actionId: 'act-7Qm2x9Lp', ownerId: 'TM-1', dueOn: '2026-09-25' },
        },
      ],
      BOARD_CHANNEL,
      ingest('2026-09-14T10:15:01Z'),
    );
    expect(summary.accepted).toBe(1);
  } finally {
    recording = false;
  }
}, SYNTHESIS_TIMEOUT);

afterAll(async () => {
  await store?.close();
});

it('asks the table for nothing the board’s role does not allow', () => {
  const actions = new Set(requests.map((request) => request.action));
  for (const action of ['Query', 'PutItem', 'GetItem']) expect(actions).toContain(action);
  const refused = requests.filter((request) => !isAllowed(statements, request));
  expect(
    refused.map(({ action, input }) => ({ action, key: input.Key ?? input.Item ?? input.IndexName })),
  ).toEqual([]);
});
