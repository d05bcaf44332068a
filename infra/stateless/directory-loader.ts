/**
 * The directory loader: a staff directory CSV dropped into the stateful stack's import bucket under
 * `directory/` (HR's nightly export) is loaded as the directory, as `los directory import --table`
 * does. The bucket reports each object created to EventBridge's default bus; a rule there matching the
 * bucket and the prefix invokes the loader function (`functions/handlers/directory-loader.ts`). A load
 * that fails (EventBridge could not invoke the function, or it threw after Lambda's retries) ends in the
 * loader's dead-letter queue. Other prefixes of the bucket are other imports', and not this rule's.
 *
 * And a managed policy giving HR's export role what it needs to drop files there, nothing more.
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DIRECTORY_FILE_PREFIX } from '../../functions/handlers/directory-loader.ts';
import { DIRECTORY_LOADER_ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { importBucketName } from '../import-bucket.ts';
import { DEAD_LETTER_QUEUES, FUNCTIONS, nameIn } from '../names.ts';
import { functionEnvironment, lineOfSightFunction } from './function-defaults.ts';
import { deadLetterQueue } from './queues.ts';
import { StackSection, type StackSectionProps } from './stack-section.ts';
import { directoryLoaderTableStatements } from './table-grants.ts';

/**
 * How long a load may take: a council of two thousand staff is two thousand writes, eight at a time,
 * a few seconds; the rest is margin for throttling.
 */
export const DIRECTORY_LOADER_TIMEOUT = Duration.minutes(2);

/**
 * Retries by EventBridge of an invocation it could not make (Lambda's own retries of a load that threw
 * are `ASYNC_RETRY`), then the event goes to the loader's dead-letter queue.
 */
export const DIRECTORY_RULE_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

/** The loader function, its dead-letter queue, the rule on the import bucket's events, the uploader policy. */
export class DirectoryLoader extends StackSection {
  readonly loaderFunction: NodejsFunction;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;
  readonly uploaderPolicy: ManagedPolicy;
  /** The stateful stack's import bucket, by its name. */
  private readonly bucket: IBucket;

  constructor(scope: Construct, id: string, props: StackSectionProps) {
    super(scope, id, props);
    const { name, stateful } = this;
    const bucket = Bucket.fromBucketName(
      this,
      'ImportBucket',
      importBucketName(name, Stack.of(this).account),
    );
    this.bucket = bucket;
    const directoryFiles = bucket.arnForObjects(`${DIRECTORY_FILE_PREFIX}*`);

    // What a failed load leaves: EventBridge's event (the bucket and the file's key, no content) or
    // Lambda's failure record of it.
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DirectoryLoaderDeadLetterQueue',
      nameIn(name, DEAD_LETTER_QUEUES.directoryLoader),
      'of the directory rule’s target and of the loader function’s asynchronous invocations',
    );
    this.loaderFunction = lineOfSightFunction(this, 'DirectoryLoaderFunction', {
      functionName: nameIn(name, FUNCTIONS.directoryLoader),
      entry: 'directory-loader.ts',
      description:
        'Loads a staff directory CSV dropped into the import bucket under directory/, as los directory import does',
      timeout: DIRECTORY_LOADER_TIMEOUT,
      memorySize: 512,
      environment: functionEnvironment(stateful.table, 'line-of-sight-directory-loader', {
        [DIRECTORY_LOADER_ENVIRONMENT.importBucket]: bucket.bucketName,
      }),
      stateful,
      tableStatements: directoryLoaderTableStatements(stateful.table),
      onFailure: this.deadLetterQueue,
    });
    this.loaderFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'DirectoryFiles', actions: ['s3:GetObject'], resources: [directoryFiles] }),
    );
    this.loaderFunction.addToRolePolicy(this.importKeyStatement(['kms:Decrypt']));

    this.rule = new Rule(this, 'DirectoryFileRule', {
      ruleName: `${name}-directory-file`,
      description: `A file created in the import bucket under ${DIRECTORY_FILE_PREFIX}: a staff directory to load`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: Match.prefix(DIRECTORY_FILE_PREFIX) },
        },
      },
    });
    this.rule.addTarget(
      new LambdaFunction(this.loaderFunction, {
        deadLetterQueue: this.deadLetterQueue,
        ...DIRECTORY_RULE_RETRY,
      }),
    );

    this.uploaderPolicy = new ManagedPolicy(this, 'DirectoryUploaderPolicy', {
      managedPolicyName: `${name}-directory-uploader`,
      description: `Line of Sight ${this.settings.environmentName}: drop staff directory files into the import bucket under ${DIRECTORY_FILE_PREFIX}`,
      statements: [
        new PolicyStatement({
          sid: 'PutDirectoryFiles',
          actions: ['s3:PutObject'],
          resources: [directoryFiles],
        }),
        // Encrypting with the bucket's key; Decrypt too for the multipart uploads of larger files.
        this.importKeyStatement(['kms:Decrypt', 'kms:GenerateDataKey']),
      ],
    });

    // The function reads, and HR's role writes, the files of one prefix: keys vary, so no single ARN.
    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::${importBucketName(name, '<AWS::AccountId>')}/${DIRECTORY_FILE_PREFIX}*]`,
      reason: `Staff directory files are named by whoever drops them: the grant is every key under ${DIRECTORY_FILE_PREFIX} of the import bucket, nothing else of it.`,
    });

    new CfnOutput(this, 'DirectoryLoaderDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Directory files that could not be loaded after retries',
    });
    new CfnOutput(this, 'DirectoryUploaderPolicyArn', {
      value: this.uploaderPolicy.managedPolicyArn,
      description: 'Attach to the role that drops staff directory files into the import bucket',
    });
  }

  /**
   * `actions` on the data key, only through S3 in this region and only for the import bucket's objects
   * (S3's encryption context names the bucket under an S3 Bucket Key, the object without one).
   */
  private importKeyStatement(actions: readonly string[]): PolicyStatement {
    const { bucket } = this;
    return new PolicyStatement({
      sid: 'ImportBucketKey',
      actions: [...actions],
      resources: [this.stateful.dataKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` },
        StringLike: {
          'kms:EncryptionContext:aws:s3:arn': [
            bucket.bucketArn,
            bucket.arnForObjects(`${DIRECTORY_FILE_PREFIX}*`),
          ],
        },
      },
    });
  }
}
