/**
 * What every function shares (`infra/stateless/function-defaults.ts`): JSON logs in a log group of its
 * own, kept 90 days; a role of its own; and the rule settings: a built-in profile by name, or a council
 * profile file checked in full at synth and bundled beside the code with its version.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { ICommandHooks, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_PROFILE_FILE, profileVersion } from '../../../functions/rule-profile.ts';
import { defineLineOfSight } from '../../../infra/line-of-sight.ts';
import { SettingsError } from '../../../infra/settings.ts';
import { bundledProfileHooks } from '../../../infra/stateless/function-defaults.ts';
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

  it('passes a council profile file, checked, with its version, to every function that reads the rules', () => {
    const file = 'rules/profiles/example-council.json';
    const council = defineLineOfSight(testApp({ 'los:ruleProfile': file })).stateless;
    const variablesOf = (fn: NodejsFunction) =>
      (
        council.resolve((fn.node.defaultChild as CfnFunction).environment) as {
          variables: Record<string, unknown>;
        }
      ).variables;
    const version = profileVersion(readFileSync(file));
    for (const fn of [
      council.ingest.queueFunction,
      council.ingest.httpFunction,
      council.scheduledRuns.runFunction,
      council.notifier.notifyFunction,
    ]) {
      expect(variablesOf(fn)).toMatchObject({ RULE_PROFILE: 'council', RULE_PROFILE_VERSION: version });
    }
    // The version is the one `los rules check` prints for the file.
    expect(version).toBe('sha256-45ffa4a41a2d3ca8');
    expect(variablesOf(council.sesFeedback.eventsFunction)).not.toHaveProperty('RULE_PROFILE');
  });

  it('bundles the very file it checked beside each function’s code, and nothing for a built-in profile', () => {
    const file = 'rules/profiles/example-council.json';
    const { commandHooks } = bundledProfileHooks(file) as { commandHooks: ICommandHooks };
    const out = mkdtempSync(join(tmpdir(), 'los-asset-'));
    execSync(commandHooks.afterBundling('/unused', out).join(' && '));
    expect(readFileSync(join(out, BUNDLED_PROFILE_FILE))).toEqual(readFileSync(file));
    expect(bundledProfileHooks('default')).toEqual({});
    expect(bundledProfileHooks(undefined)).toEqual({});
  });

  it('refuses a council profile laxer than the national floor before making any stack, naming the rule', () => {
    const lax = join(mkdtempSync(join(tmpdir(), 'los-profile-')), 'lax-council.json');
    writeFileSync(
      lax,
      JSON.stringify({
        name: 'lax-council',
        overrides: {
          'cp.initial-conference': {
            intervals: [{ offset: { amount: 20, unit: 'working-days' } }],
            reason: 'more time',
          },
        },
      }),
    );
    const app = testApp({ 'los:ruleProfile': lax });
    expect(() => defineLineOfSight(app)).toThrow(SettingsError);
    expect(() => defineLineOfSight(testApp({ 'los:ruleProfile': lax }))).toThrow(
      `los:ruleProfile: ${lax} cannot be deployed: overrides.cp.initial-conference.intervals: 20 working days is longer than the national floor of 15 working days for the first interval`,
    );
    expect(app.node.children).toEqual([]);
  });

  it('refuses a council profile file it cannot read, or that is not JSON, naming the setting', () => {
    expect(() => defineLineOfSight(testApp({ 'los:ruleProfile': 'rules/profiles/no-such.json' }))).toThrow(
      "los:ruleProfile: rules/profiles/no-such.json cannot be read (ENOENT); a relative path starts at the project's root",
    );
    const broken = join(mkdtempSync(join(tmpdir(), 'los-profile-')), 'broken.json');
    writeFileSync(broken, '{ "name": ');
    expect(() => defineLineOfSight(testApp({ 'los:ruleProfile': broken }))).toThrow(
      new RegExp(`los:ruleProfile: ${broken} is not valid JSON`),
    );
  });
});
