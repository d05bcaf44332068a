/**
 * The stateful stack's template: what protects the data (encryption with the environment's own key,
 * recovery, retention) and the table's shape, which the DynamoDB adapter and dynalite rely on. Key names
 * are written out here rather than taken from the layout module: changing them replaces the table.
 *
 * And cdk-nag's AWS Solutions checks, which run on every synthesis of the app. cdk-nag 3 is a CDK
 * policy-validation plugin: its findings, and those of CDK's built-in CloudFormation validation, go to
 * `validation-report.json` in the cloud assembly, and any error makes `synth()` throw under test.
 *
 * The app is synthesised once for the whole file: the first synthesis in a process takes seconds
 * (mostly loading the CloudFormation validation rules), later ones a fraction of that.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, type CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import { testApp } from './cdk-app.ts';

let app: App;
let stack: StatefulStack;
let template: Template;
let keyArn: unknown;

beforeAll(() => {
  app = testApp();
  ({ stateful: stack } = defineLineOfSight(app));
  template = Template.fromStack(stack);
  keyArn = stack.resolve(stack.dataKey.keyArn);
});

/** The properties of the one resource of `type`. */
function only(type: string): Record<string, unknown> {
  const resources = Object.values(template.findResources(type));
  expect(resources, type).toHaveLength(1);
  return (resources[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('the stateful stack', () => {
  it('holds exactly the key, its alias, the table, the bus and the archive', () => {
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>)
      .map((r) => r.Type)
      .filter((type) => type !== 'AWS::CDK::Metadata')
      .sort();
    expect(types).toEqual([
      'AWS::DynamoDB::Table',
      'AWS::Events::Archive',
      'AWS::Events::EventBus',
      'AWS::KMS::Alias',
      'AWS::KMS::Key',
    ]);
  });

  it('is deployed to London under a name of its environment, with termination protection', () => {
    expect(stack.region).toBe('eu-west-2');
    expect(stack.stackName).toBe('line-of-sight-dev-stateful');
    expect(stack.terminationProtection).toBe(true);
  });

  it('retains every resource that holds or protects data when it is removed or replaced', () => {
    for (const type of [
      'AWS::KMS::Key',
      'AWS::DynamoDB::Table',
      'AWS::Events::EventBus',
      'AWS::Events::Archive',
    ]) {
      template.allResources(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('exports the table, the key and the bus as outputs', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'CaseEventArchiveName',
      'CaseEventBusArn',
      'CaseEventBusName',
      'DataKeyArn',
      'TableArn',
      'TableName',
    ]);
  });
});

describe('the key', () => {
  it('rotates, waits the longest before deletion and has an alias', () => {
    expect(only('AWS::KMS::Key')).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 30 });
    expect(only('AWS::KMS::Alias')).toMatchObject({ AliasName: 'alias/line-of-sight-dev/data' });
  });

  it('may be used only by the account’s own IAM policies and by EventBridge', () => {
    const policy = only('AWS::KMS::Key').KeyPolicy as { Statement: { Principal: unknown }[] };
    const principals = new Set(policy.Statement.map((s) => JSON.stringify(stack.resolve(s.Principal))));
    expect([...principals].sort()).toEqual(
      [
        JSON.stringify({ AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } }),
        JSON.stringify({ Service: 'events.amazonaws.com' }),
      ].sort(),
    );
  });
});

describe('the table', () => {
  it('is on demand, named for its environment, with pk and sk as string keys', () => {
    expect(only('AWS::DynamoDB::Table')).toMatchObject({
      TableName: 'line-of-sight-dev',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    });
  });

  it('has the sparse due index, keyed by duePk and dueSk, projecting every attribute', () => {
    expect(only('AWS::DynamoDB::Table')).toMatchObject({
      GlobalSecondaryIndexes: [
        {
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'duePk', KeyType: 'HASH' },
            { AttributeName: 'dueSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'duePk', AttributeType: 'S' },
        { AttributeName: 'dueSk', AttributeType: 'S' },
      ]),
    });
  });

  it('is encrypted with the customer-managed key', () => {
    expect(only('AWS::DynamoDB::Table').SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: keyArn,
    });
  });

  it('has point-in-time recovery and deletion protection on, and expires items by expiresAt', () => {
    expect(only('AWS::DynamoDB::Table')).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('the case event bus and its archive', () => {
  it('is a custom bus named for its environment, encrypted with the key', () => {
    expect(only('AWS::Events::EventBus')).toMatchObject({
      Name: 'line-of-sight-dev-case-events',
      KmsKeyIdentifier: keyArn,
    });
  });

  it('archives every event on the bus for 90 days, encrypted with the key', () => {
    const archive = only('AWS::Events::Archive');
    expect(archive).toMatchObject({
      ArchiveName: 'line-of-sight-dev-case-events',
      RetentionDays: 90,
      KmsKeyIdentifier: keyArn,
      EventPattern: { source: [{ prefix: '' }] },
    });
    expect(JSON.stringify(archive.SourceArn)).toContain(':event-bus/line-of-sight-dev-case-events');
  });

  it('creates the archive after its bus, though it names the bus by ARN', () => {
    const busId = stack.getLogicalId(stack.caseEventBus.node.defaultChild as CfnElement);
    template.hasResource('AWS::Events::Archive', { DependsOn: Match.arrayWith([busId]) });
  });
});

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
}

describe('cdk-nag', () => {
  it('finds nothing to report, and nothing is acknowledged', () => {
    const report = JSON.parse(
      readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    expect(
      report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`)),
    ).toEqual([]);
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    expect(acknowledged).toEqual([]);
  });

  it('runs on the app: a finding fails synthesis, naming the rule', () => {
    const careless = testApp();
    defineLineOfSight(careless);
    const stack = new Stack(careless, 'Careless', { env: { region: 'eu-west-2' } });
    new Table(stack, 'NoRecovery', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(() => careless.synth()).toThrow(/AwsSolutions-DDB3/);
  });
});
