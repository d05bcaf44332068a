/**
 * The environment's two topics (`infra/topics.ts`), as the stateless stack makes them: encrypted with the
 * stateful stack's data key, refusing requests without TLS, and named as the key's policy names them.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alarms } from '../../infra/stateless/alarms.ts';
import type { SesFeedback } from '../../infra/stateless/ses-feedback.ts';
import { all, idOf, statefulOutput, statelessStack, statelessTemplate } from './stateless/template.ts';
import { SYNTHESIS_TIMEOUT } from './synth.ts';

let template: Template;
let alarms: Alarms;
let sesFeedback: SesFeedback;

beforeAll(() => {
  template = statelessTemplate();
  ({ alarms, sesFeedback } = statelessStack());
}, SYNTHESIS_TIMEOUT);

describe('the topics', () => {
  it('encrypt both topics with the data key and refuse requests without TLS', () => {
    for (const topic of [alarms.topic, sesFeedback.topic]) {
      expect(all('AWS::SNS::Topic')[idOf(topic)]?.Properties.KmsMasterKeyId).toEqual(
        statefulOutput('FnGetAttDataKey'),
      );
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: idOf(topic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
    // The key is the stateful stack's: this stack has none of its own to pay for.
    expect(all('AWS::KMS::Key')).toEqual({});
  });

  it('are named as the data key’s policy names them', () => {
    expect(all('AWS::SNS::Topic')[idOf(alarms.topic)]?.Properties.TopicName).toBe('line-of-sight-dev-alarms');
    expect(all('AWS::SNS::Topic')[idOf(sesFeedback.topic)]?.Properties.TopicName).toBe(
      'line-of-sight-dev-ses-events',
    );
  });
});
