/**
 * What the import bucket's loaders' tests share (`infra/stateless/bucket-loader.ts`): the bucket as the
 * stateless stack names it, the files under one prefix, and the data-key statement for them.
 */
import { statefulOutput } from './template.ts';

/** The import bucket's name, as the stateless stack builds it from the account. */
export const bucketName = { 'Fn::Join': ['', ['line-of-sight-dev-imports-', { Ref: 'AWS::AccountId' }]] };

/** The import bucket's ARN. */
export const bucketArn = {
  'Fn::Join': ['', ['arn:aws:s3:::line-of-sight-dev-imports-', { Ref: 'AWS::AccountId' }]],
};

/** Every object under `prefix` (`directory/`) of the import bucket. */
export const filesUnder = (prefix: string) => ({
  'Fn::Join': ['', ['arn:aws:s3:::line-of-sight-dev-imports-', { Ref: 'AWS::AccountId' }, `/${prefix}*`]],
});

/** The data key, used only through S3 in London, for the import bucket's objects under `prefix` only. */
export const importBucketKey = (prefix: string, actions: string | string[]) => ({
  Sid: 'ImportBucketKey',
  Effect: 'Allow',
  Action: actions,
  Resource: statefulOutput('FnGetAttDataKey'),
  Condition: {
    StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
    StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, filesUnder(prefix)] },
  },
});
