/**
 * The import loader: an extract dropped into the stateful stack's import bucket under
 * `imports/<format>/` (a council's nightly SSD zip, SSDA903 zip, CIN census XML or Annex A workbook) is
 * imported into the table, as `los import <format> … --table` does, by the loader function
 * (`functions/handlers/import-loader.ts`), with its report in its log and its record in the table for
 * `los doctor`. What every loader of the bucket has (the rule, the dead-letter queue, the role's
 * reads, the uploader policy for the council's export role) is `bucket-loader.ts`'s.
 */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { IMPORT_FILE_PREFIX } from '../../functions/handlers/import-loader.ts';
import { DEAD_LETTER_QUEUES, FUNCTIONS } from '../names.ts';
import { BucketLoader } from './bucket-loader.ts';
import { rulesEnvironment } from './function-defaults.ts';
import type { StackSectionProps } from './stack-section.ts';
import { importLoaderTableStatements } from './table-grants.ts';

/**
 * How long an import may take: Lambda's limit. A nightly snapshot of a large council reads its whole
 * extract (a minute or two) and writes only what changed since the night before; a first full load of
 * a large council may need longer, and runs from a machine (`los import … --table`). Near the limit
 * the function stops between batches, and the next drop finishes the import.
 */
export const IMPORT_LOADER_TIMEOUT = Duration.minutes(15);

/**
 * Its memory: the largest council's extract unzipped (some 300 MB of text) with its rows, events and
 * manifest held at once, and the CPU that comes with it (Lambda's CPU grows with memory).
 */
export const IMPORT_LOADER_MEMORY_MB = 4096;

/** The loader function, its dead-letter queue, the rule on the import bucket's events, the uploader policy. */
export class ImportLoader extends BucketLoader {
  constructor(scope: Construct, id: string, props: StackSectionProps) {
    super(scope, id, props, {
      kind: 'Import',
      prefix: IMPORT_FILE_PREFIX,
      files: 'extracts for import',
      one: 'an extract',
      names: { function: FUNCTIONS.importLoader, deadLetterQueue: DEAD_LETTER_QUEUES.importLoader },
      description:
        'Imports an extract (SSD, SSDA903, CIN census, Annex A) dropped into the import bucket under imports/<format>/, as los import --table does',
      entry: 'import-loader.ts',
      serviceName: 'line-of-sight-import-loader',
      timeout: IMPORT_LOADER_TIMEOUT,
      memorySize: IMPORT_LOADER_MEMORY_MB,
      environment: rulesEnvironment(props.settings),
      tableStatements: importLoaderTableStatements(props.stateful.table),
      ruleProfile: props.settings.ruleProfile,
      ruleName: 'import-file',
      uploaderPolicyName: 'import-uploader',
      uploader: 'the role that drops extracts',
    });
  }
}
