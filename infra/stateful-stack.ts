/**
 * The stateful stack: what holds data and must outlive any deployment of the code that uses it. The
 * customer-managed key (which also encrypts the stateless stack's two topics), the single table, the
 * case event bus with its archive, and the deadlines bus that councils route the pipeline's own events
 * from (its rules are theirs, so it must outlive any deployment too). Everything here is
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
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { SECONDARY_INDEXES, TABLE_KEY, TTL_ATTRIBUTE } from '../functions/storage/table-layout.ts';
import { importBucketName } from './import-bucket.ts';
import { CASE_EVENT_BUS, environmentPrefix, nameIn } from './names.ts';
import type { Settings } from './settings.ts';
import { TOPICS, topicArnOf, topicNameOf } from './topics.ts';

/**
 * How long the case event archive keeps events for replay. A fault in ingest found within a quarter can
 * be repaired by replaying what arrived since; accepted events themselves are kept in the table.
 */
export const CASE_EVENT_ARCHIVE_RETENTION = Duration.days(90);

/**
 * How long a file dropped into the import bucket is kept: long enough to look into a load that went
 * wrong (the file is what HR sent), no longer, as it holds staff names and addresses.
 */
export const IMPORT_FILE_RETENTION = Duration.days(30);

/** How long the import bucket's server access logs (who read or wrote which file) are kept. */
export const IMPORT_ACCESS_LOG_RETENTION = Duration.days(90);

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
  /**
   * Where the pipeline publishes its own deadline events (`events/deadline-event.ts`). A bus of its
   * own, with no archive: a replay of the case-event archive never sends them again.
   */
  readonly deadlineEventBus: IEventBus;
}

/** Properties of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  readonly settings: Settings;
}

/** The key, the table, the case event bus and the deadlines bus of one environment. */
export class StatefulStack extends Stack implements StatefulResources {
  readonly dataKey: IKey;
  readonly table: ITable;
  readonly caseEventBus: IEventBus;
  readonly deadlineEventBus: IEventBus;
  /**
   * Where files are dropped for import (`directory/…`: the staff directory), each kept
   * {@link IMPORT_FILE_RETENTION}; encrypted with the data key, and reporting each object created to
   * EventBridge. The stateless stack names it by {@link importBucketName}.
   */
  readonly importBucket: IBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { environmentName } = props.settings;
    const name = environmentPrefix(environmentName);
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
    for (const index of SECONDARY_INDEXES) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[index.projection],
      });
    }

    const caseEventBusName = nameIn(name, CASE_EVENT_BUS);
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
      archiveName: caseEventBusName,
      description: 'Every case event, for replay after a fault in ingest',
      // Every event on the bus, whoever sent it: an empty prefix matches any source.
      eventPattern: { source: Match.prefix('') },
      retention: CASE_EVENT_ARCHIVE_RETENTION,
      kmsKey: dataKey,
    });
    archive.node.addDependency(caseEventBus);
    archive.applyRemovalPolicy(RemovalPolicy.RETAIN);
    caseEventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const deadlineEventBus = new EventBus(this, 'DeadlineEventBus', {
      eventBusName: `${name}-deadlines`,
      description: `Line of Sight ${environmentName}: deadline events, for councils' own rules`,
      kmsKey: dataKey,
    });
    deadlineEventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.dataKey = dataKey;
    this.table = table;
    this.caseEventBus = caseEventBus;
    this.deadlineEventBus = deadlineEventBus;
    this.importBucket = this.importBucketOf(name, dataKey);

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
    new CfnOutput(this, 'DeadlineEventBusName', {
      value: deadlineEventBus.eventBusName,
      description: 'Where Line of Sight publishes its deadline events; add rules here to route them',
    });
    new CfnOutput(this, 'DeadlineEventBusArn', {
      value: deadlineEventBus.eventBusArn,
      description: 'Where Line of Sight publishes its deadline events',
    });
    new CfnOutput(this, 'ImportBucketName', {
      value: this.importBucket.bucketName,
      description: 'Where files are dropped for import: the staff directory under directory/',
    });
    new CfnOutput(this, 'CaseEventArchiveName', {
      value: archive.archiveName,
      description: 'Replay source for case events',
    });
  }

  /**
   * The import bucket: encrypted with the data key (an S3 Bucket Key, so S3 asks KMS once per bucket key
   * rather than once per object), no public access, TLS only, each file deleted
   * {@link IMPORT_FILE_RETENTION} after it was written, and each object created reported to EventBridge
   * (the stateless stack's rules pick what they load by prefix). Versioning is off: a file is an input
   * already loaded into the table (which keeps its own history), and versions would keep overwritten and
   * deleted files, staff names and all, past the 30 days. Its server access logs (who read or wrote
   * which file) go to a bucket of their own.
   */
  private importBucketOf(name: string, dataKey: IKey): IBucket {
    const accessLogs = new Bucket(this, 'ImportAccessLogBucket', {
      bucketName: `${name}-import-logs-${this.account}`,
      // S3 writes server access logs only to a bucket encrypted with S3's own keys.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire', expiration: IMPORT_ACCESS_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = new Bucket(this, 'ImportBucket', {
      bucketName: importBucketName(name, this.account),
      encryption: BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'imports/',
      lifecycleRules: [
        {
          id: 'expire',
          expiration: IMPORT_FILE_RETENTION,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Set on the bucket itself: the L2's `eventBridgeEnabled` would add a custom resource (a function of
    // its own) to do what CloudFormation does natively.
    (bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    return bucket;
  }
}
