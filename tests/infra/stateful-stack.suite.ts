/**
 * The stateful stack's template: what protects the data (encryption with the environment's own key,
 * recovery, retention) and the table's shape, which the DynamoDB adapter and dynalite rely on. Key names
 * are written out here rather than taken from the layout module: changing them replaces the table.
 *
 * And cdk-nag's AWS Solutions checks, which run on every synthesis of the app. cdk-nag 3 is a CDK
 * policy-validation plugin: its findings, and those of CDK's built-in CloudFormation validation, go to
 * `validation-report.json` in the cloud assembly, and any error makes `synth()` throw under test.
 *
 * These checks run from `stateless-stack.test.ts`, in the same worker as the stateless stack's, so that
 * the app is synthesised once for the folder (`synth.ts`): the first synthesis in a process takes
 * seconds (mostly loading CloudFormation's validation rules), and each test file is a process of its own.
 */
import { type App, type CfnElement, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import { acknowledgementsIn, lineOfSight, SYNTHESIS_TIMEOUT, type ValidationReport } from './synth.ts';

let app: App;
let stack: StatefulStack;
let template: Template;
let keyArn: unknown;
let report: ValidationReport;

beforeAll(() => {
  ({
    app,
    stateful: stack,
    templates: { stateful: template },
    report,
  } = lineOfSight());
  keyArn = stack.resolve(stack.dataKey.keyArn);
}, SYNTHESIS_TIMEOUT);

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
      // The case-event bus, and the deadlines bus.
      'AWS::Events::EventBus',
      'AWS::Events::EventBus',
      'AWS::KMS::Alias',
      'AWS::KMS::Key',
      // The import bucket and the bucket of its access logs, each with its policy (TLS only).
      'AWS::S3::Bucket',
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
      'AWS::S3::BucketPolicy',
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
      'AWS::S3::Bucket',
    ]) {
      template.allResources(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('exports the table, the key and the bus as outputs', () => {
    // Besides these, CDK publishes an output (`PublishOutput…`) for each value the stateless stack reads
    // with Fn::GetStackOutput (weak cross-stack references); the stateless tests check those.
    const named = Object.keys(template.findOutputs('*')).filter((id) => !id.startsWith('PublishOutput'));
    expect(named.sort()).toEqual([
      'CaseEventArchiveName',
      'CaseEventBusArn',
      'CaseEventBusName',
      'DataKeyArn',
      'DeadlineEventBusArn',
      'DeadlineEventBusName',
      'ImportBucketName',
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

  it('may be used only by the account’s own IAM policies, EventBridge and the topics’ publishers', () => {
    const policy = only('AWS::KMS::Key').KeyPolicy as { Statement: { Principal: unknown }[] };
    const principals = new Set(policy.Statement.map((s) => JSON.stringify(stack.resolve(s.Principal))));
    expect([...principals].sort()).toEqual(
      [
        JSON.stringify({ AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } }),
        JSON.stringify({ Service: 'events.amazonaws.com' }),
        JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
        JSON.stringify({ Service: 'ses.amazonaws.com' }),
      ].sort(),
    );
  });

  it('lets CloudWatch use it for the alarms topic only, and SES for the SES-events topic only', () => {
    const statements = (
      only('AWS::KMS::Key').KeyPolicy as {
        Statement: { Principal: unknown; Action: unknown; Condition: unknown }[];
      }
    ).Statement;
    const topicArn = (name: string) => ({
      'Fn::Join': ['', ['arn:aws:sns:eu-west-2:', { Ref: 'AWS::AccountId' }, `:${name}`]],
    });
    for (const [service, topicName] of [
      ['cloudwatch.amazonaws.com', 'line-of-sight-dev-alarms'],
      ['ses.amazonaws.com', 'line-of-sight-dev-ses-events'],
    ] as const) {
      expect(statements.filter((s) => JSON.stringify(s.Principal).includes(service))).toEqual([
        expect.objectContaining({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn(topicName) } },
        }),
      ]);
    }
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

  it('has the sparse due and trackers indexes, each projecting every attribute', () => {
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
        {
          IndexName: 'trackers',
          KeySchema: [
            { AttributeName: 'trackerPk', KeyType: 'HASH' },
            { AttributeName: 'trackerSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'duePk', AttributeType: 'S' },
        { AttributeName: 'dueSk', AttributeType: 'S' },
        { AttributeName: 'trackerPk', AttributeType: 'S' },
        { AttributeName: 'trackerSk', AttributeType: 'S' },
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

/** The properties of the bus named `name`. */
function bus(name: string): Record<string, unknown> {
  const found = Object.values(
    template.findResources('AWS::Events::EventBus', { Properties: { Name: name } }),
  );
  expect(found, name).toHaveLength(1);
  return (found[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('the case event bus and its archive', () => {
  it('is a custom bus named for its environment, encrypted with the key', () => {
    expect(bus('line-of-sight-dev-case-events')).toMatchObject({ KmsKeyIdentifier: keyArn });
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

describe('the deadlines bus', () => {
  it('is a custom bus of its own, named for its environment and encrypted with the key', () => {
    expect(bus('line-of-sight-dev-deadlines')).toMatchObject({ KmsKeyIdentifier: keyArn });
  });

  it('is archived by nothing, so a replay of the case-event archive never sends deadline events again', () => {
    const [archive] = Object.values(template.findResources('AWS::Events::Archive')) as {
      Properties: { SourceArn: unknown };
    }[];
    expect(Object.keys(template.findResources('AWS::Events::Archive'))).toHaveLength(1);
    expect(JSON.stringify(archive?.Properties.SourceArn)).not.toContain('deadlines');
  });

  it('lets EventBridge use the key for that bus only', () => {
    const statements = (only('AWS::KMS::Key').KeyPolicy as { Statement: { Condition?: unknown }[] })
      .Statement;
    const forDeadlines = statements.filter((s) =>
      JSON.stringify(s.Condition ?? {}).includes('line-of-sight-dev-deadlines'),
    );
    expect(forDeadlines).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
      }),
    ]);
    expect(JSON.stringify(forDeadlines[0]?.Condition)).toContain(
      'kms:EncryptionContext:aws:events:event-bus:arn',
    );
  });
});

describe('the import bucket', () => {
  /** The properties of the bucket whose logical id starts with `prefix`. */
  const bucket = (prefix: string) => {
    const found = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) =>
      id.startsWith(prefix),
    );
    expect(found, prefix).toHaveLength(1);
    return ((found[0] as [string, unknown])[1] as { Properties: Record<string, unknown> }).Properties;
  };

  it('is named for its environment and account, encrypted with the data key under a bucket key, and private', () => {
    expect(bucket('ImportBucket')).toMatchObject({
      BucketName: { 'Fn::Join': ['', ['line-of-sight-dev-imports-', { Ref: 'AWS::AccountId' }]] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('deletes each file 30 days after it was written, keeps no versions, and reports each file to EventBridge', () => {
    const props = bucket('ImportBucket');
    expect(props).not.toHaveProperty('VersioningConfiguration');
    expect(props.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'expire',
          Status: 'Enabled',
          ExpirationInDays: 30,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
    // Natively, with no custom resource (and so no function) in this stack.
    expect(props.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
  });

  it('refuses every request not over TLS', () => {
    for (const id of ['ImportBucket', 'ImportAccessLogBucket']) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: Match.stringLikeRegexp(`^${id}[0-9A-F]{8}$`) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('logs who read or wrote which file to a private bucket of its own, kept 90 days', () => {
    expect(bucket('ImportBucket').LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^ImportAccessLogBucket[0-9A-F]{8}$/) },
      LogFilePrefix: 'imports/',
    });
    expect(bucket('ImportAccessLogBucket')).toMatchObject({
      BucketName: { 'Fn::Join': ['', ['line-of-sight-dev-import-logs-', { Ref: 'AWS::AccountId' }]] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: { Rules: [{ Id: 'expire', Status: 'Enabled', ExpirationInDays: 90 }] },
    });
  });
});

describe('cdk-nag', () => {
  // That the checks really run, on both stacks and on any stack added to the app, is tested with the
  // stateless stack's checks, with one careless synthesis for the folder.
  it('finds nothing to report in either stack, and acknowledges nothing in this one', () => {
    expect(
      report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`)),
    ).toEqual([]);
    // None is needed here. Should one be, list it as `id: reason`, acknowledge it with the id the error
    // prints (`AwsSolutions::AwsSolutions-…`) so that the report records it as suppressed, and check
    // that it appears among the report's `suppressedViolations`. The app's acknowledgements are in the
    // stateless stack (their list is checked in stateless-stack.test.ts). (cdk-nag does not ask a bucket
    // that only receives another's server access logs to log its own.)
    const here = (path: string) => path.startsWith(`${stack.node.path}/`) || path === stack.node.path;
    expect(
      app.node
        .findAll()
        .filter((c) => here(c.node.path))
        .flatMap((c) =>
          c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY),
        ),
    ).toEqual([]);
    expect(
      report.pluginReports
        .flatMap((r) => (r.suppressedViolations ?? []) as { acknowledgedAt?: string }[])
        .filter((v) => here(v.acknowledgedAt ?? '')),
    ).toEqual([]);
    expect(acknowledgementsIn(app)).toHaveLength(6);
  });
});
