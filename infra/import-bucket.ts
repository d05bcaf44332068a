/**
 * The import bucket's name, as data both stacks read: the stateful stack makes the bucket, and the
 * stateless stack's rule and grants name it, built from the environment and the account as the topics'
 * ARNs are (`topics.ts`), rather than read from the stateful stack's outputs, so that what each grant
 * allows reads plainly in the template and in cdk-nag's findings.
 */

/**
 * The import bucket of the environment whose resources are named `name` (`line-of-sight-<environment>`)
 * in `account`: S3 names are global, so the account makes it the council's own (at most 51 characters,
 * within S3's 63).
 */
export const importBucketName = (name: string, account: string) => `${name}-imports-${account}`;
