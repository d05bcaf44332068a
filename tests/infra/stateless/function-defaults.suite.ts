/**
 * What every function shares (`infra/stateless/function-defaults.ts`): JSON logs in a log group of its
 * own, kept 90 days; a role of its own; and the rule settings, which a council profile file cannot
 * give yet.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineLineOfSight } from '../../../infra/line-of-sight.ts';
import { SettingsError } from '../../../infra/settings.ts';
import type { StatelessStack } from '../../../infra/stateless-stack.ts';
import { testApp } from '../cdk-app.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import { all, idOf, statelessStack, statelessTemplate } from './template.ts';

let stack: StatelessStack;
let template: Template;

beforeAll(() => {
  stack = statelessStack();
  template = statelessTemplate();
}, SYNTHESIS_TIMEOUT);

describe('the ingest functions', () => {
  it('log as JSON to log groups of their own, kept 90 days', () => {
    for (const fn of [stack.ingest.queueFunction, stack.ingest.httpFunction]) {
      const loggingConfig = stack.resolve((fn.node.defaultChild as CfnFunction).loggingConfig) as {
        LogFormat?: string;
        logFormat?: string;
        logGroup?: unknown;
      };
      expect(loggingConfig.logFormat).toBe('JSON');
      const logGroupId = (loggingConfig.logGroup as { Ref: string }).Ref;
      expect(template.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 90 },
      });
    }
    for (const group of Object.values(all('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });
});

describe('IAM', () => {
  it('gives the functions roles of their own, with no managed policies', () => {
    const schedulerRole = idOf(stack.scheduledRuns.schedulerRole);
    for (const [id, role] of Object.entries(all('AWS::IAM::Role')).filter(([id]) => id !== schedulerRole)) {
      expect(id).toMatch(/FunctionRole/);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument).toMatchObject({
        Statement: [{ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
    }
  });
});

describe('settings', () => {
  it('passes the statutory profile and the council’s morning run to the functions', () => {
    const other = defineLineOfSight(
      testApp({ 'los:ruleProfile': 'statutory', 'los:morningRunTime': '06:30' }),
    ).stateless;
    const environment = other.resolve(
      (other.ingest.queueFunction.node.defaultChild as CfnFunction).environment,
    ) as { variables: Record<string, unknown> };
    expect(environment.variables).toMatchObject({ RULE_PROFILE: 'statutory', MORNING_RUN_TIME: '06:30' });
  });

  it('refuses a council profile file, which the functions cannot load yet, naming the setting', () => {
    expect(() =>
      defineLineOfSight(testApp({ 'los:ruleProfile': 'rules/profiles/example-council.json' })),
    ).toThrow(SettingsError);
    expect(() =>
      defineLineOfSight(testApp({ 'los:ruleProfile': 'rules/profiles/example-council.json' })),
    ).toThrow(
      /^.*\n {2}- los:ruleProfile: a council profile file \(rules\/profiles\/example-council\.json\)/,
    );
  });
});
