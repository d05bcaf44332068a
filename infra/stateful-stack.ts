/**
 * The stateful stack: what holds data and must outlive any deployment of the code that uses it. The
 * customer-managed key (which also encrypts the stateless stack's two topics), the single table and the
 * case event bus with its archive. Everything here is
 * retained when removed from the stack and named explicitly, so a change that would replace a resource
 * fails the deployment instead of creating an empty one beside the old. The stateless stack (functions,
 * queues, schedules) takes {@link StatefulResources} and can be redeployed or destroyed freely.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus, type IEventBus, Match } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { DUE_INDEX, TABLE_KEY, TTL_ATTRIBUTE } from '../functions/storage/table-layout.ts';
import type { Settings } from './settings.ts';
import { TOPICS, topicArnOf, topicNameOf } from './topics.ts';

/**
 * How long the case event archive keeps events for replay. A fault in ingest found within a quarter can
 * be repaired by replaying what arrived since; accepted events themselves are kept in the table.
 */
export const CASE_EVENT_ARCHIVE_RETENTION = Duration.days(90);

/** What the stateless stack needs from this one. */
export interface StatefulResources {
  /**
   * Encrypts the table, the bus, the archive and the two topics; functions reading the table need
   * decrypt on it.
   */
  readonly dataKey: IKey;
  /** The single table; its layout is `functions/storage/table-layout.ts`. */
  readonly table: ITable;
  /** Where case events arrive. */
  readonly caseEventBus: IEventBus;
}

/** Properties of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  readonly settings: Settings;
}

/** The key, the table and the case event bus of one environment. */
export class StatefulStack extends Stack implements StatefulResources {
  readonly dataKey: IKey;
  readonly table: ITable;
  readonly caseEventBus: IEventBus;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { environmentName } = props.settings;
    const name = `line-of-sight-${environmentName}`;
    Tags.of(this).add('Project', 'line-of-sight');
    Tags.of(this).add('Environment', environmentName);

    // One key for the environment's data at rest. Retained and with the longest pending window, because
    // losing it loses the table's backups with it.
    const dataKey = new Key(this, 'DataKey', {
      alias: `alias/${name}/data`,
      description: `Line of Sight ${environmentName}: case data at rest (table, event bus, archive) and the topics`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The topics' publishers may use it for their own topic only (SNS's encryption context names the
    // topic); nothing else of the data is theirs to decrypt, as every other use goes through DynamoDB
    // or EventBridge with their own contexts.
    for (const [id, topic] of Object.entries(TOPICS)) {
      dataKey.addToResourcePolicy(
        new PolicyStatement({
          sid: `${id}TopicPublisher`,
          principals: [new ServicePrincipal(topic.publisher)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:EncryptionContext:aws:sns:topicArn': topicArnOf(this, topicNameOf(name, topic)),
            },
          },
        }),
      );
    }

    const table = new Table(this, 'Table', {
      tableName: name,
      partitionKey: { name: TABLE_KEY.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEY.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX.name,
      partitionKey: { name: DUE_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: DUE_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType[DUE_INDEX.projection],
    });

    const caseEventBusName = `${name}-case-events`;
    const caseEventBus = new EventBus(this, 'CaseEventBus', {
      eventBusName: caseEventBusName,
      description: `Line of Sight ${environmentName}: case events from the case system`,
      kmsKey: dataKey,
    });
    // Two workarounds for aws-cdk-lib 2.276. `caseEventBus.archive()` drops `kmsKey`, leaving the archive
    // on an AWS-owned key, so the archive is made directly. And the archive adds a statement naming its
    // bus to the key's policy: naming it by `Fn::GetAtt` would make the key depend on the bus, which
    // depends on the key, so the archive is given the bus by its ARN, built from its name, and made to
    // wait for the bus explicitly.
    const caseEventBusByArn = EventBus.fromEventBusArn(
      this,
      'CaseEventBusByArn',
      this.formatArn({ service: 'events', resource: 'event-bus', resourceName: caseEventBusName }),
    );
    const archive = new Archive(this, 'CaseEventArchive', {
      sourceEventBus: caseEventBusByArn,
      archiveName: `${name}-case-events`,
      description: 'Every case event, for replay after a fault in ingest',
      // Every event on the bus, whoever sent it: an empty prefix matches any source.
      eventPattern: { source: Match.prefix('') },
      retention: CASE_EVENT_ARCHIVE_RETENTION,
      kmsKey: dataKey,
    });
    archive.node.addDependency(caseEventBus);
    archive.applyRemovalPolicy(RemovalPolicy.RETAIN);
    caseEventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.dataKey = dataKey;
    this.table = table;
    this.caseEventBus = caseEventBus;

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The single table' });
    new CfnOutput(this, 'TableArn', { value: table.tableArn, description: 'The single table' });
    new CfnOutput(this, 'DataKeyArn', { value: dataKey.keyArn, description: 'The key for data at rest' });
    new CfnOutput(this, 'CaseEventBusName', {
      value: caseEventBus.eventBusName,
      description: 'Where the case system puts case events',
    });
    new CfnOutput(this, 'CaseEventBusArn', {
      value: caseEventBus.eventBusArn,
      description: 'Where the case system puts case events',
    });
    new CfnOutput(this, 'CaseEventArchiveName', {
      value: archive.archiveName,
      description: 'Replay source for case events',
    });
  }
}
