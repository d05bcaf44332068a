/**
 * What the stateless stack's tests share: its template, from the app as deployed and synthesised once
 * per worker (`../synth.ts`), and the queries they make of it.
 */
import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import type { StatelessStack } from '../../../infra/stateless-stack.ts';
import { lineOfSight } from '../synth.ts';

/** The stateless stack of the repository's app. */
export const statelessStack = (): StatelessStack => lineOfSight().stateless;

/** Its template. */
export const statelessTemplate = (): Template => lineOfSight().templates.stateless;

/** A resource of the template. */
export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** Every resource of `type`, by logical id. */
export const all = (type: string) => statelessTemplate().findResources(type) as Record<string, Resource>;

/** The properties of the one resource of `type` whose logical id starts with `prefix`. */
export function one(type: string, prefix = ''): Record<string, unknown> {
  const found = Object.entries(all(type)).filter(([id]) => id.startsWith(prefix));
  expect(
    found.map(([id]) => id),
    `${type} ${prefix}`,
  ).toHaveLength(1);
  return (found[0] as [string, Resource])[1].Properties;
}

/** The properties of the alarm named `name`, if there is one. */
export const alarmNamed = (name: string) =>
  Object.values(all('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === name)?.Properties;

/** The logical id of a construct's CloudFormation resource in the stateless stack. */
export const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  statelessStack().getLogicalId(construct.node.defaultChild as CfnElement);

/** `Fn::GetAtt` of a construct's resource. */
export const getAtt = (construct: { node: { defaultChild?: unknown } }, attribute = 'Arn') => ({
  'Fn::GetAtt': [idOf(construct), attribute],
});

/** A value read from the stateful stack's output `PublishOutput<prefix>…` with Fn::GetStackOutput. */
export const statefulOutput = (prefix: string) => ({
  'Fn::GetStackOutput': {
    StackName: 'line-of-sight-dev-stateful',
    Region: 'eu-west-2',
    OutputName: expect.stringMatching(new RegExp(`^PublishOutput${prefix}`)),
  },
});

/** An IAM policy statement as the template holds it. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The statements of the role's inline policy. */
export function statementsOf(roleLogicalIdPrefix: string): Statement[] {
  const policies = Object.values(all('AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(roleLogicalIdPrefix),
  );
  expect(policies).toHaveLength(1);
  return ((policies[0] as Resource).Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

/** A statement's actions, as a list. */
export const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** The statements that grant some action of `service`. */
export const byService = (statements: readonly Statement[], service: string) =>
  statements.filter((s) => actionsOf(s).some((a) => a.startsWith(`${service}:`)));
