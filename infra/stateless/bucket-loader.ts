/**
 * What the import bucket's loaders share: a function that loads the files dropped under one prefix of
 * the stateful stack's import bucket. The bucket reports each object created to EventBridge's default
 * bus; a rule there matching the bucket and the prefix invokes the loader function. A load that fails
 * (EventBridge could not invoke the function, or it threw after Lambda's retries) ends in the loader's
 * dead-letter queue. Each loader's role may read its own prefix's files only, and use the data key
 * through S3 for the bucket only; and a managed policy gives whoever drops the files what they need to
 * write under the prefix, nothing more. Other prefixes of the bucket are other loaders'.
 *
 * The directory loader (`directory/`) and the import loader (`imports/`) are loaders; their resources'
 * ids start with their kind (`DirectoryLoaderFunction`, `ImportFileRule`…).
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IMPORT_BUCKET_ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { importBucketName } from '../import-bucket.ts';
import { nameIn } from '../names.ts';
import { functionEnvironment, lineOfSightFunction } from './function-defaults.ts';
import { deadLetterQueue } from './queues.ts';
import { StackSection, type StackSectionProps } from './stack-section.ts';

/** What differs between the loaders. */
export interface BucketLoaderOptions {
  /** The start of the ids of the loader's resources and of its statements' ids. */
  readonly kind: 'Directory' | 'Import';
  /** The prefix whose files it loads (`directory/`). */
  readonly prefix: string;
  /** What the files are, in a sentence's words: `staff directory files`; and one of them, `a staff directory`. */
  readonly files: string;
  readonly one: string;
  /** Its function's name and dead-letter queue's, after the environment's prefix. */
  readonly names: { readonly function: string; readonly deadLetterQueue: string };
  /** What its function is, for the console. */
  readonly description: string;
  /** Its entry module in `functions/handlers/lambda/`, and its service name on log lines. */
  readonly entry: string;
  readonly serviceName: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Variables its function is told beside the table, the service name and the import bucket. */
  readonly environment?: Record<string, string>;
  readonly tableStatements: readonly PolicyStatement[];
  /** The rule profile setting, for a function that reads the rules. */
  readonly ruleProfile?: string;
  /** The rule's name after the environment's prefix (`directory-file`). */
  readonly ruleName: string;
  /** The uploader policy's name after the environment's prefix (`directory-uploader`). */
  readonly uploaderPolicyName: string;
  /** Who drops the files, for the policy output's description: `the role that drops staff directory files`. */
  readonly uploader: string;
}

/**
 * Retries by EventBridge of an invocation it could not make (Lambda's own retries of a load that threw
 * are `ASYNC_RETRY`), then the event goes to the loader's dead-letter queue.
 */
export const LOADER_RULE_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) } as const;

/** A loader of one prefix of the import bucket (see the module's description). */
export abstract class BucketLoader extends StackSection {
  readonly loaderFunction: NodejsFunction;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;
  readonly uploaderPolicy: ManagedPolicy;
  /** The stateful stack's import bucket, by its name. */
  private readonly bucket: IBucket;
  private readonly prefix: string;

  protected constructor(
    scope: Construct,
    id: string,
    props: StackSectionProps,
    options: BucketLoaderOptions,
  ) {
    super(scope, id, props);
    const { name, stateful } = this;
    const { kind, prefix, files } = options;
    this.prefix = prefix;
    const bucket = Bucket.fromBucketName(
      this,
      'ImportBucket',
      importBucketName(name, Stack.of(this).account),
    );
    this.bucket = bucket;
    const prefixFiles = bucket.arnForObjects(`${prefix}*`);

    // What a failed load leaves: EventBridge's event (the bucket and the file's key, no content) or
    // Lambda's failure record of it.
    this.deadLetterQueue = deadLetterQueue(
      this,
      `${kind}LoaderDeadLetterQueue`,
      nameIn(name, options.names.deadLetterQueue),
      `of the ${kind.toLowerCase()} rule’s target and of the loader function’s asynchronous invocations`,
    );
    this.loaderFunction = lineOfSightFunction(this, `${kind}LoaderFunction`, {
      functionName: nameIn(name, options.names.function),
      entry: options.entry,
      description: options.description,
      timeout: options.timeout,
      memorySize: options.memorySize,
      environment: functionEnvironment(stateful.table, options.serviceName, {
        ...options.environment,
        [IMPORT_BUCKET_ENVIRONMENT.importBucket]: bucket.bucketName,
      }),
      stateful,
      tableStatements: options.tableStatements,
      onFailure: this.deadLetterQueue,
      ...(options.ruleProfile !== undefined && { ruleProfile: options.ruleProfile }),
    });
    this.loaderFunction.addToRolePolicy(
      new PolicyStatement({ sid: `${kind}Files`, actions: ['s3:GetObject'], resources: [prefixFiles] }),
    );
    this.loaderFunction.addToRolePolicy(this.importKeyStatement(['kms:Decrypt']));

    this.rule = new Rule(this, `${kind}FileRule`, {
      ruleName: nameIn(name, options.ruleName),
      description: `A file created in the import bucket under ${prefix}: ${options.one} to load`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: Match.prefix(prefix) },
        },
      },
    });
    this.rule.addTarget(
      new LambdaFunction(this.loaderFunction, {
        deadLetterQueue: this.deadLetterQueue,
        ...LOADER_RULE_RETRY,
      }),
    );

    this.uploaderPolicy = new ManagedPolicy(this, `${kind}UploaderPolicy`, {
      managedPolicyName: nameIn(name, options.uploaderPolicyName),
      description: `Line of Sight ${this.settings.environmentName}: drop ${files} into the import bucket under ${prefix}`,
      statements: [
        new PolicyStatement({ sid: `Put${kind}Files`, actions: ['s3:PutObject'], resources: [prefixFiles] }),
        // Encrypting with the bucket's key; Decrypt too for the multipart uploads of larger files.
        this.importKeyStatement(['kms:Decrypt', 'kms:GenerateDataKey']),
      ],
    });

    // The function reads, and the uploader writes, the files of one prefix: keys vary, so no single ARN.
    const capitalised = `${files.charAt(0).toUpperCase()}${files.slice(1)}`;
    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::${importBucketName(name, '<AWS::AccountId>')}/${prefix}*]`,
      reason: `${capitalised} are named by whoever drops them: the grant is every key under ${prefix} of the import bucket, nothing else of it.`,
    });

    new CfnOutput(this, `${kind}LoaderDeadLetterQueueUrl`, {
      value: this.deadLetterQueue.queueUrl,
      description: `${capitalised} that could not be loaded after retries`,
    });
    new CfnOutput(this, `${kind}UploaderPolicyArn`, {
      value: this.uploaderPolicy.managedPolicyArn,
      description: `Attach to ${options.uploader} into the import bucket`,
    });
  }

  /**
   * `actions` on the data key, only through S3 in this region and only for the import bucket's objects
   * under the loader's prefix (S3's encryption context names the bucket under an S3 Bucket Key, the
   * object without one).
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
          'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, bucket.arnForObjects(`${this.prefix}*`)],
        },
      },
    });
  }
}
