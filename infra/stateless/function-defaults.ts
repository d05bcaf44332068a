/**
 * What every function of the stateless stack shares: the runtime and bundling, a log group and a role
 * of its own, the table's key through DynamoDB only, and the environment it is told. Each section adds
 * what its functions alone need.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { BUNDLED_PROFILE_FILE } from '../../functions/rule-profile.ts';
import { deployedProfile } from '../rule-profile.ts';
import type { Settings } from '../settings.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { tableKeyStatement } from './table-grants.ts';

/** How long function and access logs are kept: they hold ids and counts, never case content. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * Lambda's retries of a function invoked asynchronously (the scheduled run by the scheduler, the
 * ses-events function by SNS) that failed: then the event is recorded in its dead-letter queue.
 */
export const ASYNC_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

/** How a function of the stack is made: what differs from one to another. */
export interface LineOfSightFunctionOptions {
  readonly functionName: string;
  /** The entry module, in `functions/handlers/lambda/`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  /** 1024 MB unless given: building the rule profile and rendering MJML are CPU-bound. */
  readonly memorySize?: number;
  readonly environment: Record<string, string>;
  readonly stateful: StatefulResources;
  readonly tableStatements: readonly PolicyStatement[];
  /** Where a failed asynchronous invocation is recorded, after Lambda's retries. */
  readonly onFailure?: IQueue;
  /**
   * The rule profile setting (`los:ruleProfile`) of a function that reads the profile: a council profile
   * file is bundled beside its code as `rule-profile.json` (see `functions/rule-profile.ts`).
   */
  readonly ruleProfile?: string;
}

/**
 * A function: bundled ESM for Node 24 on ARM, with a role of its own that may write only to its own
 * log group, use the table only as `tableStatements` say, and its key only through DynamoDB.
 */
export function lineOfSightFunction(
  scope: Construct,
  id: string,
  options: LineOfSightFunctionOptions,
): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Instead of AWSLambdaBasicExecutionRole, which may write to any log group in the account.
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `${options.functionName}: its log group and the table`,
  });
  logGroup.grantWrite(role);
  for (const statement of options.tableStatements) role.addToPrincipalPolicy(statement);
  role.addToPrincipalPolicy(tableKeyStatement(options.stateful.dataKey, Stack.of(scope).region));
  return new NodejsFunction(scope, id, {
    functionName: options.functionName,
    description: options.description,
    entry: fileURLToPath(new URL(`../../functions/handlers/lambda/${options.entry}`, import.meta.url)),
    handler: 'handler',
    projectRoot: fileURLToPath(new URL('../..', import.meta.url)),
    depsLockFilePath: fileURLToPath(new URL('../../package-lock.json', import.meta.url)),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: options.memorySize ?? 1024,
    timeout: options.timeout,
    role,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    environment: options.environment,
    ...(options.onFailure && { onFailure: new SqsDestination(options.onFailure), ...ASYNC_RETRY }),
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      mainFields: ['module', 'main'],
      // Some bundled CommonJS dependencies call require() for Node built-ins.
      banner:
        "import { createRequire as __losCreateRequire } from 'node:module'; const require = __losCreateRequire(import.meta.url);",
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      // Everything bundled, the AWS SDK included: the functions run the versions the tests ran.
      externalModules: [],
      ...bundledProfileHooks(options.ruleProfile),
    },
  });
}

/** A path as one POSIX shell word (the hooks run in a shell on the machine that bundles). */
const shellQuoted = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * Copies a council profile file, checked by {@link deployedProfile}, beside the bundled code, so the
 * function reads the very bytes whose version its environment names; none for a built-in profile.
 * The asset's hash is of the output, so a changed file is a new asset.
 */
export function bundledProfileHooks(ruleProfile: string | undefined) {
  const file = ruleProfile === undefined ? null : deployedProfile(ruleProfile).file;
  if (file === null) return {};
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [
        `cp ${shellQuoted(file)} ${shellQuoted(`${outputDir}/${BUNDLED_PROFILE_FILE}`)}`,
      ],
    },
  };
}

/** What every function is told: the table, its service name, and what it alone needs (`variables`). */
export function functionEnvironment(
  table: ITable,
  serviceName: string,
  variables: Record<string, string> = {},
): Record<string, string> {
  return {
    [ENVIRONMENT.tableName]: table.tableName,
    [ENVIRONMENT.serviceName]: serviceName,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Stack traces point into the TypeScript sources (the bundles carry source maps).
    NODE_OPTIONS: '--enable-source-maps',
    ...variables,
  };
}

/**
 * What the functions that work out deadlines are told of the rules: the profile (a council profile
 * file's version too) and the morning run.
 *
 * @throws {SettingsError} when a council profile file cannot be read or used.
 */
export function rulesEnvironment(settings: Settings): Record<string, string> {
  return {
    ...deployedProfile(settings.ruleProfile).environment,
    [ENVIRONMENT.morningRunTime]: settings.morningRunTime,
  };
}
