/**
 * What each function may do with the table: IAM statements on the table's ARN (the `due` index's for
 * the scheduled run's Query), each held by its conditions to the partitions, and where IAM can tell,
 * the attributes, the function uses. And the one statement every function has on the table's key.
 *
 * IAM cannot tell apart the kinds of item that share a case's partition: its only key condition is on
 * the partition key (`dynamodb:LeadingKeys`), and a case's events, projection, deadlines and notice
 * ledger all live under `CASE#<caseId>`. What it can hold is which attributes a request names
 * (`dynamodb:Attributes`). What it cannot hold, the code does (see docs/security.md), and
 * `tests/infra/table-access.test.ts` drives each function's code against its role.
 */

import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  DEADLINE_SCAN_ATTRIBUTES,
  DEADLINE_WRITE_ATTRIBUTES,
  DIRECTORY_PARTITION,
  DUE_INDEX,
  directoryPartition,
  EVENT_BUNDLE_ATTRIBUTES,
  IMPORT_RUNS_PARTITION,
  ITEM_KINDS,
  type ItemKind,
  type ItemKindLayout,
  LEDGER_READ_ATTRIBUTES,
  NEXT_ACTION_WRITE_ATTRIBUTES,
  RECOMPUTE_PARTITION,
  TABLE_KEY,
  TIMELINESS_MONTH_ATTRIBUTES,
  TRACKER_INDEX,
} from '../../functions/storage/table-layout.ts';

/**
 * What DynamoDB needs of a caller on a table encrypted with a customer-managed key, allowed only when
 * the call comes through DynamoDB. Named one by one: no `kms:*Encrypt*`-style wildcards.
 */
export const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
] as const;

/** Ingest's reads, of case partitions only: a case's events, deadlines and projection (never the index). */
export const INGEST_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
/** Ingest's puts: events, projections, tracker rows, timeliness entries, event-id claims and quarantined input. */
export const INGEST_PUT_ACTIONS = ['dynamodb:PutItem'] as const;
/** Ingest's writes of deadline occurrences: updated when their content changes, deleted when gone. */
export const INGEST_DEADLINE_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'] as const;
/**
 * Ingest's upkeep of the timeliness figures' month entries, besides putting them: reading what a case's
 * entries in its months hold (GetItem), removing those it no longer has, and counting each change in
 * the month (UpdateItem).
 */
export const INGEST_TIMELINESS_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:UpdateItem',
] as const;
/** Ingest's recompute marks: put before a case's events are stored, deleted after, listed to repair. */
export const RECOMPUTE_MARK_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'] as const;

/** The scheduled run's DynamoDB actions on the `due` index: only Query. */
export const SCHEDULE_RUN_INDEX_ACTIONS = ['dynamodb:Query'] as const;
/** The scheduled run's writes: moving a deadline's next action on, an UpdateItem. */
export const SCHEDULE_RUN_TABLE_ACTIONS = ['dynamodb:UpdateItem'] as const;
/** What the scheduled run does in case partitions beyond updating deadlines: read a case's notice ledger. */
export const SCHEDULE_RUN_LEDGER_ACTIONS = ['dynamodb:Query'] as const;
/**
 * The weekly run's read of every deadline: a Scan of the table, allowed only for the attributes of
 * deadline occurrences ({@link DEADLINE_SCAN_ATTRIBUTES}), so it never returns an event or quarantined
 * input. The only Scan any function may make.
 */
export const WEEKLY_SCAN_ACTIONS = ['dynamodb:Scan'] as const;
/** Reading the directory: a Query of its partition, which the statement's condition holds it to. */
export const DIRECTORY_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
/** The runs' count of cases awaiting their recompute (the weekly summary waits for them): a Query. */
export const RECOMPUTE_MARK_READ_ACTIONS = ['dynamodb:Query'] as const;
/** The weekly run's record of the weeks whose summaries went: read it, then write it once they have. */
export const WEEKLY_RUN_LOG_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/**
 * Marking an address undeliverable, after reading the directory: an UpdateItem of each member of staff
 * with it, in a version's partition (never the pointer's, so a mark cannot switch the directory).
 */
export const DIRECTORY_MARK_ACTIONS = ['dynamodb:UpdateItem'] as const;

/**
 * Loading a new directory: read the pointer and the version in use, register the new version and write
 * its entries, switch the pointer, carry marks, delete the retired versions' entries.
 */
export const DIRECTORY_LOAD_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
] as const;

/**
 * An import's manifests: read a source's whole manifest (a Query of its partition), and put or delete
 * each case's entries after its events are in, in batches (BatchWriteItem).
 */
export const IMPORT_MANIFEST_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:Query'] as const;

/** An import's record of itself, put when it ends, replacing the source's last. */
export const IMPORT_RECORD_ACTIONS = ['dynamodb:PutItem'] as const;

/**
 * An import's writes of whole cases at once: its event bundles, and the deadlines of a case read to
 * have none yet (BatchWriteItem, unconditional); and its read of a batch of cases' projections
 * (BatchGetItem).
 */
export const IMPORT_CASE_WRITE_ACTIONS = ['dynamodb:BatchWriteItem'] as const;
export const IMPORT_CASE_READ_ACTIONS = ['dynamodb:BatchGetItem'] as const;

/** While sending is paused, the scheduled run's record of each line it would have sent: a PutItem. */
export const OUTBOX_HOLD_ACTIONS = ['dynamodb:PutItem'] as const;

/** The notifier's DynamoDB actions, on the table only: claim a notice (PutItem), mark it (UpdateItem). */
export const NOTIFY_TABLE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/** Using the table's key, only through DynamoDB in `region`: every function that reads the table. */
export function tableKeyStatement(dataKey: IKey, region: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'TableKey',
    effect: Effect.ALLOW,
    actions: [...TABLE_KEY_ACTIONS],
    resources: [dataKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
  });
}

/**
 * A condition holding table actions to items of the given kinds, by the fixed start of their partition
 * key (`CASE#…`, `EVENTID#…`): a function granted case items cannot touch the directory, and so on.
 */
export function partitionsOf(...kinds: ItemKind[]) {
  const prefixes = kinds.map((kind) => {
    const layout = ITEM_KINDS.find((item) => item.kind === kind) as ItemKindLayout;
    return `${layout.pk.split('<')[0]}*`;
  });
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(prefixes)] } };
}

/**
 * Conditions holding an UpdateItem or DeleteItem to `attributes`: every attribute the request names (its
 * key, what it sets or removes, what its condition reads) must be one of them, and it may not ask for
 * the item back (`ReturnValues` ALL_OLD or ALL_NEW would return every attribute; the functions ask for
 * nothing).
 */
function writesNamingOnly(attributes: readonly string[]) {
  return {
    'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...attributes] },
    StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
  };
}

/**
 * `actions` on the table, held by the statement's condition to the one fixed partition `partition`
 * (the recompute marks), so a function granted it cannot reach a case through it.
 */
function partitionStatement(
  table: ITable,
  sid: string,
  partition: string,
  actions: readonly string[],
): PolicyStatement {
  return new PolicyStatement({
    sid,
    actions: [...actions],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [partition] } },
  });
}

/**
 * The directory's statement: `actions` on its partitions only (the pointer's, `DIRECTORY`, and its
 * versions', `DIRECTORY#…`), so a function that reads staff cannot read a case.
 */
const directoryStatement = (table: ITable, actions: readonly string[]) =>
  new PolicyStatement({
    sid: 'Directory',
    actions: [...actions],
    resources: [table.tableArn],
    conditions: {
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': [DIRECTORY_PARTITION, directoryPartition('*')],
      },
    },
  });

/**
 * Ingest's table statements, on the table only (never the `due` index), each action on the partitions
 * it is used on: reads of cases; puts of events, projections, claims and quarantined input; writes of
 * deadline occurrences; and its recompute marks.
 *
 * Ingest's UpdateItem and DeleteItem may name the deadline's attributes only, so they cannot change
 * what a ledger entry records. That a delete or a put never lands on a ledger entry at all is held by
 * the code instead, and asserted in `tests/infra/table-access.test.ts`: every key ingest writes in a
 * case partition is an event's, a deadline's, a tracker row's or the projection's, and each put and delete there is
 * conditional on the item being absent or on its `version`, which a ledger entry does not have. A put
 * cannot be held to attributes usefully: it replaces the whole item.
 */
export function ingestTableStatements(table: ITable): PolicyStatement[] {
  const resources = [table.tableArn];
  return [
    new PolicyStatement({
      sid: 'CaseReads',
      actions: [...INGEST_READ_ACTIONS],
      resources,
      conditions: partitionsOf('caseEvent', 'caseProjection', 'deadline', 'trackerRow'),
    }),
    new PolicyStatement({
      sid: 'Puts',
      actions: [...INGEST_PUT_ACTIONS],
      resources,
      conditions: partitionsOf(
        'caseEvent',
        'caseProjection',
        'trackerRow',
        'timelinessMonth',
        'eventIdClaim',
        'quarantine',
      ),
    }),
    new PolicyStatement({
      sid: 'Deadlines',
      actions: [...INGEST_DEADLINE_ACTIONS],
      resources,
      conditions: { ...partitionsOf('deadline'), ...writesNamingOnly(DEADLINE_WRITE_ATTRIBUTES) },
    }),
    // Timeliness partitions only; a delete or update names an entry's or the change count's attributes.
    new PolicyStatement({
      sid: 'TimelinessMonths',
      actions: [...INGEST_TIMELINESS_ACTIONS],
      resources,
      conditions: { ...partitionsOf('timelinessMonth'), ...writesNamingOnly(TIMELINESS_MONTH_ATTRIBUTES) },
    }),
    partitionStatement(table, 'RecomputeMarks', RECOMPUTE_PARTITION, RECOMPUTE_MARK_ACTIONS),
  ];
}

/**
 * The scheduled run's table statements: Query the `due` index, move deadlines' next actions on, read
 * the directory and the recompute marks, keep the weekly run's log, read case ledgers, and the weekly
 * summary's Scan of deadline attributes.
 */
export function scheduleRunTableStatements(table: ITable): PolicyStatement[] {
  const resources = [table.tableArn];
  return [
    new PolicyStatement({
      sid: 'DueIndex',
      actions: [...SCHEDULE_RUN_INDEX_ACTIONS],
      resources: [`${table.tableArn}/index/${DUE_INDEX.name}`],
    }),
    // Moving a deadline's next action on: deadline items live in case partitions, and only the
    // next action's attributes may be named, so no other attribute of any item there changes.
    new PolicyStatement({
      sid: 'NextAction',
      actions: [...SCHEDULE_RUN_TABLE_ACTIONS],
      resources,
      conditions: { ...partitionsOf('deadline'), ...writesNamingOnly(NEXT_ACTION_WRITE_ATTRIBUTES) },
    }),
    directoryStatement(table, DIRECTORY_READ_ACTIONS),
    partitionStatement(table, 'RecomputeMarks', RECOMPUTE_PARTITION, RECOMPUTE_MARK_READ_ACTIONS),
    new PolicyStatement({
      sid: 'WeeklyRuns',
      actions: [...WEEKLY_RUN_LOG_ACTIONS],
      resources,
      conditions: partitionsOf('weeklyRun'),
    }),
    // Who was told of a deadline that has since been met: the case's ledger entries, and only
    // their attributes, asked for by name, so a case's events are never readable.
    new PolicyStatement({
      sid: 'Ledger',
      actions: [...SCHEDULE_RUN_LEDGER_ACTIONS],
      resources,
      conditions: {
        ...partitionsOf('notice'),
        'ForAllValues:StringEquals': {
          'dynamodb:Attributes': [TABLE_KEY.partitionKey, TABLE_KEY.sortKey, ...LEDGER_READ_ATTRIBUTES],
        },
        StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
      },
    }),
    // The weekly summary's read of every deadline. A Scan cannot be held to a partition; it is held
    // to the deadline items' attributes instead, and must ask for them by name.
    new PolicyStatement({
      sid: 'WeeklyScan',
      actions: [...WEEKLY_SCAN_ACTIONS],
      resources,
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...DEADLINE_SCAN_ATTRIBUTES] },
        StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
      },
    }),
  ];
}

/**
 * The scheduled run's statement while sending is paused (`los:sending`): put lines in the outbox's
 * partitions (`OUTBOX#<day>`), and nothing else. Granted only while paused: a live deployment's run
 * cannot write there.
 */
export function outboxHoldStatement(table: ITable): PolicyStatement {
  return new PolicyStatement({
    sid: 'Outbox',
    actions: [...OUTBOX_HOLD_ACTIONS],
    resources: [table.tableArn],
    conditions: partitionsOf('outbox'),
  });
}

/** The notifier's table statement: the ledger only, notices in case partitions and weekly summaries in their own. */
export function notifyTableStatements(table: ITable): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'Table',
      actions: [...NOTIFY_TABLE_ACTIONS],
      resources: [table.tableArn],
      conditions: partitionsOf('notice', 'summaryNotice'),
    }),
  ];
}

/** The ses-events function's table statements: read the directory and mark its staff, nothing else. */
export function sesEventsTableStatements(table: ITable): PolicyStatement[] {
  return [
    directoryStatement(table, DIRECTORY_READ_ACTIONS),
    new PolicyStatement({
      sid: 'DirectoryMarks',
      actions: [...DIRECTORY_MARK_ACTIONS],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [directoryPartition('*')] } },
    }),
  ];
}

/** The directory loader's table statement: the directory's partitions only, nothing else of the table. */
export function directoryLoaderTableStatements(table: ITable): PolicyStatement[] {
  return [directoryStatement(table, DIRECTORY_LOAD_ACTIONS)];
}

/**
 * The import loader's table statements: ingest's (it writes what it imports through ingest's code);
 * its writes of whole cases, which ingest's functions never make: event bundles and a new case's
 * deadlines, naming only their attributes (a batch write has no condition, so what it may name is
 * what keeps it off a ledger entry's state), their recompute marks in batches, and many cases'
 * projections read at once; the import
 * manifests' partitions; its record of each import in theirs; and the directory, which an SSD
 * extract's teams can fill in (loaded and replaced as a directory import does).
 */
export function importLoaderTableStatements(table: ITable): PolicyStatement[] {
  const resources = [table.tableArn];
  return [
    ...ingestTableStatements(table),
    new PolicyStatement({
      sid: 'CaseBatchWrites',
      actions: [...IMPORT_CASE_WRITE_ACTIONS],
      resources,
      conditions: {
        ...partitionsOf('eventBundle', 'deadline'),
        'ForAllValues:StringEquals': {
          'dynamodb:Attributes': [...new Set([...EVENT_BUNDLE_ATTRIBUTES, ...DEADLINE_WRITE_ATTRIBUTES])],
        },
      },
    }),
    partitionStatement(table, 'RecomputeMarkBatches', RECOMPUTE_PARTITION, IMPORT_CASE_WRITE_ACTIONS),
    new PolicyStatement({
      sid: 'CaseBatchReads',
      actions: [...IMPORT_CASE_READ_ACTIONS],
      resources,
      conditions: partitionsOf('caseProjection'),
    }),
    new PolicyStatement({
      sid: 'ImportManifests',
      actions: [...IMPORT_MANIFEST_ACTIONS],
      resources: [table.tableArn],
      conditions: partitionsOf('importManifest'),
    }),
    partitionStatement(table, 'ImportRecords', IMPORT_RUNS_PARTITION, IMPORT_RECORD_ACTIONS),
    directoryStatement(table, DIRECTORY_LOAD_ACTIONS),
  ];
}

/** The board's read of its trackers: a Query of the `trackers` index, one per unit or worker of a line. */
export const BOARD_INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** The board's reads of the timeliness figures: a month's partition, a Query (its writes are ingest's). */
export const BOARD_TIMELINESS_READ_ACTIONS = ['dynamodb:Query'] as const;

/**
 * The board function's table statements: ingest's (the actions it records are events through ingest's
 * code, and a case page reads the case as ingest does; a past month's timeliness figures are kept with
 * its puts and deletes), a Query of the `trackers` index, a read of the directory (who the reader is,
 * and their line), and a Query of the timeliness months' partitions.
 */
export function boardTableStatements(table: ITable): PolicyStatement[] {
  return [
    ...ingestTableStatements(table),
    new PolicyStatement({
      sid: 'TrackerIndex',
      actions: [...BOARD_INDEX_ACTIONS],
      resources: [`${table.tableArn}/index/${TRACKER_INDEX.name}`],
    }),
    directoryStatement(table, DIRECTORY_READ_ACTIONS),
    // The timeliness page: a month's entries and the figures kept for it, read a month at a time.
    new PolicyStatement({
      sid: 'TimelinessReads',
      actions: [...BOARD_TIMELINESS_READ_ACTIONS],
      resources: [table.tableArn],
      conditions: partitionsOf('timelinessMonth'),
    }),
  ];
}
