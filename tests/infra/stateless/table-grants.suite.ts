/**
 * What each function may do with the table (`infra/stateless/table-grants.ts`): ingest's statements one
 * by one, and what no function may do (BatchWrite, Scan but for the weekly run, reach another service
 * unasked, send email or read the directory without needing to).
 */
import type { CfnElement } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatelessStack } from '../../../infra/stateless-stack.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import { actionsOf, idOf, type Statement, statefulOutput, statelessStack, statementsOf } from './template.ts';

let stack: StatelessStack;

beforeAll(() => {
  stack = statelessStack();
}, SYNTHESIS_TIMEOUT);

describe('IAM', () => {
  it('lets each function use only its log group, the table (no index) and the key through DynamoDB', () => {
    for (const fn of [stack.ingest.queueFunction, stack.ingest.httpFunction]) {
      const statements = statementsOf(stack.getLogicalId(fn.role?.node.defaultChild as CfnElement));
      const byService = (service: string) =>
        statements.filter((s) => actionsOf(s).some((a) => a.startsWith(`${service}:`)));

      const logs = byService('logs');
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/FunctionLogs/), 'Arn'] },
      });

      const table = statefulOutput('FnGetAttTable');
      expect(byService('dynamodb')).toEqual([
        // A case's events, deadlines and projection; never an event-id claim or quarantined input.
        {
          Sid: 'CaseReads',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: table,
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
        },
        // Case, event-id and quarantine items only: never the directory or the ledger's summaries.
        {
          Sid: 'Puts',
          Effect: 'Allow',
          Action: 'dynamodb:PutItem',
          Resource: table,
          Condition: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': ['CASE#*', 'TIMELINESS#*', 'EVENTID#*', 'QUARANTINE#*'],
            },
          },
        },
        // Updates and deletes in case partitions name a deadline's attributes only, so no ledger entry
        // there can be changed: not its state, message or times.
        {
          Sid: 'Deadlines',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
          Resource: table,
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
            'ForAllValues:StringEquals': {
              'dynamodb:Attributes': [
                'pk',
                'sk',
                'caseId',
                'version',
                'content',
                'plan',
                'deadline',
                'allocation',
                'nextActionAt',
                'handledUntil',
                'duePk',
                'dueSk',
              ],
            },
            StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
          },
        },
        // The timeliness figures' month partitions: an entry's hash read, an entry removed, a change
        // counted, each naming an entry's or the change count's attributes only.
        {
          Sid: 'TimelinessMonths',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
          Resource: table,
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TIMELINESS#*'] },
            'ForAllValues:StringEquals': {
              'dynamodb:Attributes': ['pk', 'sk', 'caseId', 'version', 'content', 'entry', 'changes'],
            },
            StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
          },
        },
        {
          Sid: 'RecomputeMarks',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
          Resource: table,
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['RECOMPUTE'] } },
        },
      ]);
      for (const statement of byService('dynamodb')) {
        expect(JSON.stringify(statement.Resource)).not.toContain('index');
      }
      // None of the ledger's own attributes may be named in an update or delete.
      const [, , deadlines] = byService('dynamodb');
      expect(JSON.stringify(deadlines?.Condition)).not.toMatch(/"(state|message|sentAt|recipient)"/);

      expect(byService('kms')).toEqual([
        {
          Sid: 'TableKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: statefulOutput('FnGetAttDataKey'),
          Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-2.amazonaws.com' } },
        },
      ]);
    }
  });
});

describe('least privilege across the functions', () => {
  const functionRoles = () =>
    [
      stack.ingest.queueFunction,
      stack.ingest.httpFunction,
      stack.scheduledRuns.runFunction,
      stack.notifier.notifyFunction,
      stack.sesFeedback.eventsFunction,
      stack.directoryLoader.loaderFunction,
      stack.importLoader.loaderFunction,
    ].map((fn) => [fn.node.id, statementsOf(idOf(fn.role as Role))] as const);

  it('lets no function but the import loader batch the table, none transact, nor touch anything in another service unasked, and only the weekly run Scan it', () => {
    for (const [id, statements] of functionRoles()) {
      const actions = statements.flatMap(actionsOf);
      expect(actions.filter((a) => /Transact|PartiQL/.test(a))).toEqual([]);
      // The import loader's writes of whole cases and manifests, each statement held to partitions
      // (and, in case partitions, to a bundle's and a deadline's attributes).
      const batches = statements.filter((s) => actionsOf(s).some((a) => /Batch/.test(a)));
      expect(batches.map((s) => [id, s.Sid, s.Condition !== undefined])).toEqual(
        id === 'ImportLoaderFunction'
          ? [
              [id, 'CaseBatchWrites', true],
              [id, 'RecomputeMarkBatches', true],
              [id, 'CaseBatchReads', true],
              [id, 'ImportManifests', true],
            ]
          : [],
      );
      // The weekly summary's read of every deadline, held to the deadline items' attributes.
      const scans = statements.filter((s) => actionsOf(s).some((a) => /Scan/.test(a)));
      expect(scans.map((s) => [id, s.Sid, s.Condition !== undefined])).toEqual(
        id === 'ScheduleRunFunction' ? [[id, 'WeeklyScan', true]] : [],
      );
      const services = new Set(actions.map((a) => a.split(':')[0]));
      expect(
        [...services].every((service) =>
          ['logs', 'dynamodb', 'kms', 'sqs', 'ses', 'secretsmanager', 's3', 'events'].includes(
            service as string,
          ),
        ),
      ).toBe(true);
    }
  });

  it('lets only the notifier send email, only the run, the ses-events function and the loaders reach the directory, and only the loaders the import bucket', () => {
    const holders = (test: (statement: Statement) => boolean) =>
      functionRoles()
        .filter(([, statements]) => statements.some(test))
        .map(([id]) => id);
    expect(holders((s) => actionsOf(s).includes('ses:SendEmail'))).toEqual(['NotifyFunction']);
    expect(holders((s) => s.Sid === 'Directory')).toEqual([
      'ScheduleRunFunction',
      'SesEventsFunction',
      'DirectoryLoaderFunction',
      'ImportLoaderFunction',
    ]);
    expect(holders((s) => actionsOf(s).some((a) => a.startsWith('s3:')))).toEqual([
      'DirectoryLoaderFunction',
      'ImportLoaderFunction',
    ]);
  });
});
