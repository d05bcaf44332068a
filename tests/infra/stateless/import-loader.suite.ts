/**
 * The import loader (`infra/stateless/import-loader.ts`): the rule on the import bucket's `Object
 * Created` events under `imports/`, the loader function's size, environment, retries and dead-letter
 * queue, its role (what ingest may do, the import manifests, its records, the directory; the files
 * under imports/ only, the data key through S3 for that bucket only), the council's uploader policy,
 * and the two alarms on it.
 */
import type { Role } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportLoader } from '../../../infra/stateless/import-loader.ts';
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

let loader: ImportLoader;

beforeAll(() => {
  ({ importLoader: loader } = statelessStack());
}, SYNTHESIS_TIMEOUT);

const importFiles = filesUnder('imports/');
const importBucketKey = (actions: string | string[]) => bucketKey('imports/', actions);

describe('the import loader', () => {
  it('is invoked by a rule matching files created in the import bucket under imports/ only', () => {
    expect(one('AWS::Events::Rule', 'ImportFileRule')).toMatchObject({
      Name: 'line-of-sight-dev-import-file',
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: 'imports/' }] } },
      },
    });
    expect(one('AWS::Events::Rule', 'ImportFileRule')).not.toHaveProperty('EventBusName');
  });

  it('retries an invocation EventBridge could not make 3 times within the hour, then the DLQ', () => {
    expect(one('AWS::Events::Rule', 'ImportFileRule').Targets).toEqual([
      {
        Id: 'Target0',
        Arn: getAtt(loader.loaderFunction),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: getAtt(loader.deadLetterQueue) },
      },
    ]);
    expect(one('AWS::Lambda::Permission', 'ImportFileRule')).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(loader.loaderFunction),
      Principal: 'events.amazonaws.com',
      SourceArn: getAtt(loader.rule),
    });
  });

  it('lets Lambda retry a failed import twice within the hour, then records it in the same DLQ', () => {
    expect(one('AWS::Lambda::EventInvokeConfig', 'ImportLoaderFunction')).toEqual({
      FunctionName: { Ref: idOf(loader.loaderFunction) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(loader.deadLetterQueue) } },
    });
    expect(one('AWS::SQS::Queue', 'ImportLoaderDeadLetterQueue')).toMatchObject({
      QueueName: 'line-of-sight-dev-import-loader-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('runs on Node 24 on ARM for up to 15 minutes with 4 GB, told the table, the rules and the import bucket', () => {
    expect(one('AWS::Lambda::Function', 'ImportLoaderFunction')).toMatchObject({
      FunctionName: 'line-of-sight-dev-import-loader',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 900,
      MemorySize: 4096,
      Environment: {
        Variables: {
          TABLE_NAME: statefulOutput('RefTable'),
          IMPORT_BUCKET: bucketName,
          RULE_PROFILE: 'default',
          MORNING_RUN_TIME: expect.stringMatching(/^\d\d:\d\d$/),
          POWERTOOLS_SERVICE_NAME: 'line-of-sight-import-loader',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('may do with the table what ingest may, write and read whole cases, keep the manifests, its records and the directory', () => {
    const statements = statementsOf(idOf(loader.loaderFunction.role as Role));
    const dynamo = byService(statements, 'dynamodb');
    expect(dynamo.map(({ Sid }) => Sid)).toEqual([
      'CaseReads',
      'Puts',
      'Deadlines',
      'TimelinessMonths',
      'RecomputeMarks',
      'CaseBatchWrites',
      'RecomputeMarkBatches',
      'CaseBatchReads',
      'ImportManifests',
      'ImportRecords',
      'Directory',
    ]);
    // Ingest's statements, as the ingest functions have them.
    const ingest = byService(
      statementsOf(idOf(statelessStack().ingest.queueFunction.role as Role)),
      'dynamodb',
    );
    expect(dynamo.slice(0, 5)).toEqual(ingest);
    expect(dynamo.slice(5)).toEqual([
      {
        Sid: 'CaseBatchWrites',
        Effect: 'Allow',
        Action: 'dynamodb:BatchWriteItem',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': expect.arrayContaining([
              'pk',
              'sk',
              'events',
              'count',
              'deadline',
              'duePk',
            ]),
          },
        },
      },
      {
        Sid: 'RecomputeMarkBatches',
        Effect: 'Allow',
        Action: 'dynamodb:BatchWriteItem',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['RECOMPUTE'] } },
      },
      {
        Sid: 'CaseBatchReads',
        Effect: 'Allow',
        Action: 'dynamodb:BatchGetItem',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      },
      {
        Sid: 'ImportManifests',
        Effect: 'Allow',
        Action: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IMPORT#*'] } },
      },
      {
        Sid: 'ImportRecords',
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: statefulOutput('FnGetAttTable'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['IMPORTS'] } },
      },
      expect.objectContaining({
        Sid: 'Directory',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIRECTORY', 'DIRECTORY#*'] } },
      }),
    ]);
    expect(byService(statements, 's3')).toEqual([
      { Sid: 'ImportFiles', Effect: 'Allow', Action: 's3:GetObject', Resource: importFiles },
    ]);
    expect(byService(statements, 'kms')).toEqual([
      expect.objectContaining({ Sid: 'TableKey' }),
      importBucketKey('kms:Decrypt'),
    ]);
    expect(byService(statements, 'sqs')).toEqual([
      expect.objectContaining({ Resource: getAtt(loader.deadLetterQueue) }),
    ]);
  });

  it('offers the council’s export role a policy to drop extracts under imports/, encrypted with the data key, nothing more', () => {
    expect(one('AWS::IAM::ManagedPolicy', 'ImportUploaderPolicy')).toMatchObject({
      ManagedPolicyName: 'line-of-sight-dev-import-uploader',
      PolicyDocument: {
        Statement: [
          { Sid: 'PutImportFiles', Effect: 'Allow', Action: 's3:PutObject', Resource: importFiles },
          importBucketKey(['kms:Decrypt', 'kms:GenerateDataKey']),
        ],
      },
    });
    statelessTemplate().hasOutput('ImportUploaderPolicyArn', { Value: { Ref: idOf(loader.uploaderPolicy) } });
    statelessTemplate().hasOutput('ImportLoaderDeadLetterQueueUrl', {
      Value: { Ref: idOf(loader.deadLetterQueue) },
    });
  });

  it('raises an alarm on a file refused whole, counted from the loader’s line, and on an import that failed for good', () => {
    expect(one('AWS::Logs::MetricFilter', 'ImportFileRefused')).toEqual({
      LogGroupName: { Ref: idOf(loader.loaderFunction.logGroup as never) },
      FilterName: 'line-of-sight-dev-import-file-refused',
      FilterPattern: '{ ($.message = "import file refused") && ($.problems > 0) }',
      MetricTransformations: [
        { MetricNamespace: 'LineOfSight/dev', MetricName: 'ImportFileRefused', MetricValue: '$.problems' },
      ],
    });
    expect(alarmNamed('line-of-sight-dev-import-file-refused')).toMatchObject({
      MetricName: 'ImportFileRefused',
      Namespace: 'LineOfSight/dev',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarmNamed('line-of-sight-dev-import-load-failed')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(loader.deadLetterQueue, 'QueueName') }],
      Threshold: 0,
    });
  });
});
