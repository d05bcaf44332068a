/**
 * The queues (`infra/stateless/queues.ts`): dead letters kept as long as SQS allows, SQS-managed
 * encryption on every queue, and TLS required by each.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatelessStack } from '../../../infra/stateless-stack.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import { all, getAtt, idOf, one, statelessStack, statelessTemplate } from './template.ts';

let stack: StatelessStack;
let template: Template;

beforeAll(() => {
  stack = statelessStack();
  template = statelessTemplate();
}, SYNTHESIS_TIMEOUT);

describe('the queues', () => {
  it('keep dead letters for the longest SQS allows, 14 days', () => {
    expect(one('AWS::SQS::Queue', 'IngestDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-ingest-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
    expect(one('AWS::SQS::Queue', 'IngestDeadLetterQueue').RedrivePolicy).toBeUndefined();
  });

  it('are encrypted with SQS-managed keys, so nothing is added to the stateful key', () => {
    for (const queue of Object.values(all('AWS::SQS::Queue'))) {
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      expect(queue.Properties.KmsMasterKeyId).toBeUndefined();
    }
  });

  it('refuse every request that is not over TLS', () => {
    for (const queue of [
      stack.ingest.queue,
      stack.ingest.deadLetterQueue,
      stack.notifier.queue,
      stack.notifier.deadLetterQueue,
      stack.scheduledRuns.deadLetterQueue,
      stack.sesFeedback.deadLetterQueue,
    ]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: idOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Resource: getAtt(queue),
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ]),
        },
      });
    }
  });
});
