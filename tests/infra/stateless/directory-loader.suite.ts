/**
 * The directory loader (`infra/stateless/directory-loader.ts`): the rule on the import bucket's
 * `Object Created` events under `directory/`, the loader function's environment, retries and
 * dead-letter queue, its role (the directory's partitions, the directory files, the data key through
 * S3 for that bucket only), HR's uploader policy, and the two alarms on it.
 */
import type { Role } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryLoader } from '../../../infra/stateless/directory-loader.ts';
import { SYNTHESIS_TIMEOUT } from '../synth.ts';
import { importBucketKey as bucketKey, bucketName, filesUnder } from './import-bucket.ts';
import {
  alarmNamed,
  byService,
  getAtt,
  idOf,
  one,
  statefulOutput,
  statelessStack,
  statelessTemplate,
  statementsOf,
} from './template.ts';

let loader: DirectoryLoader;

beforeAll(() => {
  ({ directoryLoader: loader } = statelessStack());
}, SYNTHESIS_TIMEOUT);

const directoryFiles = filesUnder('directory/');
const importBucketKey = (actions: string | string[]) => bucketKey('directory/', actions);

describe('the directory loader', () => {
  it('is invoked by a rule matching files created in the import bucket under directory/ only', () => {
    expect(one('AWS::Events::Rule', 'DirectoryFileRule')).toMatchObject({
      Name: 'line-of-sight-dev-directory-file',
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: 'directory/' }] } },
      },
    });
    // The account's default bus, where S3 reports: not the case-event bus.
    expect(one('AWS::Events::Rule', 'DirectoryFileRule')).not.toHaveProperty('EventBusName');
  });

  it('retries an invocation EventBridge could not make 3 times within the hour, then the DLQ', () => {
    expect(one('AWS::Events::Rule', 'DirectoryFileRule').Targets).toEqual([
      {
        Id: 'Target0',
        Arn: getAtt(loader.loaderFunction),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: getAtt(loader.deadLetterQueue) },
      },
    ]);
    expect(one('AWS::Lambda::Permission', 'DirectoryFileRule')).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(loader.loaderFunction),
      Principal: 'events.amazonaws.com',
      SourceArn: getAtt(loader.rule),
    });
  });

  it('lets Lambda retry a failed load twice within the hour, then records it in the same DLQ', () => {
    expect(one('AWS::Lambda::EventInvokeConfig', 'DirectoryLoaderFunction')).toEqual({
      FunctionName: { Ref: idOf(loader.loaderFunction) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(loader.deadLetterQueue) } },
    });
    expect(one('AWS::SQS::Queue', 'DirectoryLoaderDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-directory-loader-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('runs on Node 24 on ARM for up to 2 minutes, told the table and the import bucket', () => {
    expect(one('AWS::Lambda::Function', 'DirectoryLoaderFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-directory-loader',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 120,
      Environment: {
        Variables: {
          TABLE_NAME: statefulOutput('RefTable'),
          IMPORT_BUCKET: bucketName,
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-directory-loader',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('may write the directory’s partitions only, read the directory files only, and decrypt them through S3 only', () => {
    const statements = statementsOf(idOf(loader.loaderFunction.role as Role));
    expect(byService(statements, 'dynamodb')).toEqual([
      {
        Sid: 'Directory',
        Effect: 'Allow',
        Action: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY', 'DIRECTORY#*'] } },
      },
    ]);
    expect(byService(statements, 's3')).toEqual([
      { Sid: 'DirectoryFiles', Effect: 'Allow', Action: 's3:GetObject', Resource: directoryFiles },
    ]);
    expect(byService(statements, 'kms')).toEqual([
      expect.objectContaining({ Sid: 'TableKey' }),
      importBucketKey('kms:Decrypt'),
    ]);
    expect(byService(statements, 'sqs')).toEqual([
      expect.objectContaining({ Resource: getAtt(loader.deadLetterQueue) }),
    ]);
    expect(statements).toHaveLength(6);
  });

  it('offers HR’s export role a policy to drop directory files, encrypted with the data key, nothing more', () => {
    expect(one('AWS::IAM::ManagedPolicy', 'DirectoryUploaderPolicy')).toMatchObject({
      ManagedPolicyName: 'line-of-sight-dev-directory-uploader',
      PolicyDocument: {
        Statement: [
          { Sid: 'PutDirectoryFiles', Effect: 'Allow', Action: 's3:PutObject', Resource: directoryFiles },
          importBucketKey(['kms:Decrypt', 'kms:GenerateDataKey']),
        ],
      },
    });
    statelessTemplate().hasOutput('DirectoryUploaderPolicyArn', {
      Value: { Ref: idOf(loader.uploaderPolicy) },
    });
  });

  it('raises an alarm on a refused file, counted from the loader’s line, and on a load that failed for good', () => {
    expect(one('AWS::Logs::MetricFilter', 'DirectoryFileRefused')).toEqual({
      LogGroupName: { Ref: idOf(loader.loaderFunction.logGroup as never) },
      FilterName: 'line-of-sight-dev-directory-file-refused',
      FilterPattern: '{ ($.message = "directory file refused") && ($.problems > 0) }',
      MetricTransformations: [
        { MetricNamespace: 'LineOfSight/dev', MetricName: 'DirectoryFileRefused', MetricValue: '$.problems' },
      ],
    });
    expect(alarmNamed('line-of-sight-dev-directory-file-refused')).toMatchObject({
      MetricName: 'DirectoryFileRefused',
      Namespace: 'LineOfSight/dev',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarmNamed('line-of-sight-dev-directory-load-failed')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(loader.deadLetterQueue, 'QueueName') }],
      Threshold: 0,
    });
  });
});
