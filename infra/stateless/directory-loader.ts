/**
 * The directory loader: a staff directory CSV dropped into the stateful stack's import bucket under
 * `directory/` (HR's nightly export) is loaded as the directory, as `los directory import --table`
 * does, by the loader function (`functions/handlers/directory-loader.ts`); what every loader of the
 * bucket has (the rule, the dead-letter queue, the role's reads, the uploader policy for HR's export
 * role) is `bucket-loader.ts`'s.
 */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DIRECTORY_FILE_PREFIX } from '../../functions/handlers/directory-loader.ts';
import { DEAD_LETTER_QUEUES, FUNCTIONS } from '../names.ts';
import { BucketLoader } from './bucket-loader.ts';
import type { StackSectionProps } from './stack-section.ts';
import { directoryLoaderTableStatements } from './table-grants.ts';

/**
 * How long a load may take: a council of two thousand staff is two thousand writes, eight at a time,
 * a few seconds; the rest is margin for throttling.
 */
export const DIRECTORY_LOADER_TIMEOUT = Duration.minutes(2);

/** The loader function, its dead-letter queue, the rule on the import bucket's events, the uploader policy. */
export class DirectoryLoader extends BucketLoader {
  constructor(scope: Construct, id: string, props: StackSectionProps) {
    super(scope, id, props, {
      kind: 'Directory',
      prefix: DIRECTORY_FILE_PREFIX,
      files: 'staff directory files',
      one: 'a staff directory',
      names: { function: FUNCTIONS.directoryLoader, deadLetterQueue: DEAD_LETTER_QUEUES.directoryLoader },
      description:
        'Loads a staff directory CSV dropped into the import bucket under directory/, as los directory import does',
      entry: 'directory-loader.ts',
      serviceName: 'line-of-sight-directory-loader',
      timeout: DIRECTORY_LOADER_TIMEOUT,
      memorySize: 512,
      tableStatements: directoryLoaderTableStatements(props.stateful.table),
      ruleName: 'directory-file',
      uploaderPolicyName: 'directory-uploader',
      uploader: 'the role that drops staff directory files',
    });
  }
}
