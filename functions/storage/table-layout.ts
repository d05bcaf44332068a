/**
 * The single-table layout, as data: attribute names, the `due` index, every item kind's key shape, the
 * pure functions that build those keys, and the access patterns the keys serve. The CDK stack creates
 * the table from these constants and the DynamoDB adapter writes and queries with them, so the two can
 * never disagree; `docs/storage.md` is generated from the same data.
 *
 * Every write is a single-item (conditional) write, or a batch of unconditional ones to keys nothing
 * else holds (an import's bundles, a new case's deadlines): the local stand-in, dynalite, has no
 * transactions.
 *
 * @packageDocumentation
 */

/** Attribute names of the table's primary key; both are strings. */
export const TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * The global secondary index a run reads to find what needs action. It is sparse: only a deadline
 * occurrence with a next action (a reminder, the due moment or the next escalation step) carries its
 * two key attributes, so a run reads what is due and nothing else.
 *
 * Projection ALL: an item is in the index only while its deadline is open, so the copy costs little,
 * and a run can send notices from the index alone instead of one GetItem per result. An INCLUDE list
 * would have to be kept in step with every attribute the notifier reads, and an attribute missed from
 * it is silently absent rather than an error.
 */
export const DUE_INDEX = { name: 'due', partitionKey: 'duePk', sortKey: 'dueSk', projection: 'ALL' } as const;

/**
 * The global secondary index the board reads its trackers and actions from. It is sparse: only a
 * case's rows carry its two key attributes, and a case has a row only for a list it is on (a tracker,
 * or its open actions), or can come onto as time passes with no new event (an SDQ coming within its
 * window, say). The partition is whoever holds the case (see {@link trackerHolder}), so a manager's
 * page queries the teams and workers of their line and reads nothing else; the sort key starts with
 * the list, so the legal tracker's page never reads the permanency tracker's rows.
 *
 * Projection ALL: the board shows what the row holds, and a page would otherwise make one GetItem per
 * child.
 */
export const TRACKER_INDEX = {
  name: 'trackers',
  partitionKey: 'trackerPk',
  sortKey: 'trackerSk',
  projection: 'ALL',
} as const;

/** The table's global secondary indexes: the `due` index runs read and the `trackers` index the board reads. */
export const SECONDARY_INDEXES = [DUE_INDEX, TRACKER_INDEX] as const;

/**
 * How many partitions the `due` index spreads its entries over. Writing every open deadline under one
 * partition key would put a whole council's re-evaluation (after a rule change, say) on one index
 * partition, and index throttling slows writes to the table itself. A run queries every shard.
 *
 * The count may grow; it must not shrink unless every open deadline is rewritten first, since a run
 * would no longer query the shards beyond the new count.
 */
export const DUE_SHARD_COUNT = 16;

/**
 * The time-to-live attribute: a Number of epoch seconds after which DynamoDB deletes the item (within
 * a few days, not at once). Only quarantined input and the outbox carry it.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The attribute of an event-id claim holding a hash of the event's body. The claim is written with the
 * condition `attribute_not_exists(pk) OR bodyHash = :bodyHash`, so one conditional write both stores a
 * new id and accepts a resend of the same event, and fails only when the same id arrives with a
 * different body.
 */
export const EVENT_CLAIM_HASH_ATTRIBUTE = 'bodyHash';

/** Sort-key prefixes of the item kinds that share a case's partition, for `begins_with` queries. */
export const CASE_SORT_KEY_PREFIX = {
  event: 'EVENT#',
  deadline: 'DEADLINE#',
  notice: 'NOTICE#',
  tracker: 'TRACKER#',
  actionText: 'ACTIONTEXT#',
} as const;

/**
 * The sort-key start of a case's event bundles (what an import writes: a case's events in one item).
 * Under `EVENT#`, so the query of a case's events reads bundles too; after it a letter, where an event
 * item has its date, so a bundle's key is never an event's.
 */
export const EVENT_BUNDLE_SORT_KEY_PREFIX = `${CASE_SORT_KEY_PREFIX.event}BUNDLE#`;

/**
 * The only attributes a Scan of the table may return (the weekly summary's read of every deadline):
 * the scanning function's IAM policy allows a Scan only with these, so it can never read an event's
 * body or quarantined input, which hold case content. `sk` is the filter's.
 */
export const DEADLINE_SCAN_ATTRIBUTES = [
  TABLE_KEY.sortKey,
  'caseId',
  'deadline',
  'nextActionAt',
  'allocation',
] as const;

/**
 * What a run reads of a case's notice ledger (who was told what, to tell them of a resolution): the
 * attributes of ledger entries and the keys its Query names. The run's IAM policy allows a Query of
 * case partitions for these attributes only, so it can never read a case's events.
 */
export const LEDGER_READ_ATTRIBUTES = [
  'key',
  'caseId',
  'rule',
  'occurrence',
  'stageKey',
  'ladderStep',
  'recipient',
  'as',
  'channel',
  'message',
  'state',
  'claimedAt',
  'sentAt',
  'messageId',
  'failedAt',
  'reason',
] as const;

/**
 * Every attribute ingest's writes of a deadline occurrence name: its key, what it holds (see the
 * `deadline` kind) and the `version` their conditions read. Ingest's IAM policy allows an UpdateItem or
 * DeleteItem in a case partition naming these only, so it cannot change what a ledger entry in the same
 * partition records (its state, message, times).
 */
export const DEADLINE_WRITE_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  'caseId',
  'version',
  'content',
  'plan',
  'deadline',
  'allocation',
  'nextActionAt',
  'handledUntil',
  DUE_INDEX.partitionKey,
  DUE_INDEX.sortKey,
] as const;

/**
 * Every attribute ingest's writes of a tracker row name (see the `trackerRow` kind). Ingest's and the
 * import loader's IAM policies allow a write in a case partition naming these, besides a deadline's.
 */
export const TRACKER_WRITE_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  'caseId',
  'version',
  'row',
  TRACKER_INDEX.partitionKey,
  TRACKER_INDEX.sortKey,
] as const;

/**
 * Every attribute of a case's entry in a month's timeliness partition (see the `timelinessMonth` kind),
 * and the month's change count (`timelinessChanges`). Ingest's and the import loader's deletes and
 * updates there name these only.
 */
export const TIMELINESS_MONTH_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  'caseId',
  'version',
  'content',
  'entry',
  'changes',
] as const;

/**
 * Every attribute of an action's text item (see the `actionText` kind): the board's writes in a case
 * partition name these only, so it cannot set what any other item in the partition holds.
 */
export const ACTION_TEXT_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  'caseId',
  'actionId',
  'sealed',
] as const;

/**
 * Every attribute of an event bundle (an import's events of one case, written at once; see the
 * `eventBundle` kind). The import loader's IAM policy allows a BatchWriteItem in a case partition
 * naming these or a deadline's attributes only, so its bulk writes cannot set what a ledger entry
 * records.
 */
export const EVENT_BUNDLE_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  'caseId',
  'receivedAt',
  'count',
  'events',
] as const;

/**
 * Every attribute a run's move of a deadline's next action names: the key, the next action, how far it
 * was handled and its `due` index attributes, the content hash it sets, and the `version` its condition
 * reads. The run's IAM policy allows an UpdateItem naming these only, so it can move a next action on
 * and change nothing else of any item.
 */
export const NEXT_ACTION_WRITE_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  'version',
  'nextActionAt',
  'handledUntil',
  'content',
  DUE_INDEX.partitionKey,
  DUE_INDEX.sortKey,
] as const;

/**
 * The partition of recompute marks: cases whose events were stored and whose deadlines may not have been
 * recomputed since. Ingest writes a mark before storing a case's events and deletes it after the
 * recompute, so what it holds is small (the cases of the batches in flight, and of any that crashed).
 */
export const RECOMPUTE_PARTITION = 'RECOMPUTE';

/**
 * The partition of the directory's pointer, which names the version of the staff directory in use. Each
 * version is a partition of its own (`DIRECTORY#<version>`, see {@link directoryPartition}): an import
 * writes a whole new version beside the one in use and then switches the pointer to it with one
 * conditional write, so a run reads one whole directory, old or new, never part of one. (In a table
 * written before versions, which has no pointer, the directory is the staff and team items of this
 * partition itself; the first import keeps them as its previous version, the next deletes them.)
 */
export const DIRECTORY_PARTITION = 'DIRECTORY';

/**
 * The partition of the imports' records of themselves: one small item per source, its last import
 * (when, how, counts, where its problems are), which `los doctor` lists with one query.
 */
export const IMPORT_RUNS_PARTITION = 'IMPORTS';

/** The sort key of the directory's pointer, in {@link DIRECTORY_PARTITION}. */
export const DIRECTORY_POINTER_SORT_KEY = 'CURRENT';

/** Sort-key prefixes of a directory version's partition. */
export const DIRECTORY_SORT_KEY_PREFIX = { staff: 'STAFF#', team: 'TEAM#' } as const;

/** The partition of one version of the staff directory. */
export const directoryPartition = (version: string) => `${DIRECTORY_PARTITION}#${version}`;

/** A table item's primary key. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The `due` index attributes of a deadline occurrence that has a next action. */
export interface DueIndexKey {
  readonly duePk: string;
  readonly dueSk: string;
}

/** One kind of item: its name, its key shapes (placeholders in angle brackets) and what it holds. */
export interface ItemKindLayout {
  readonly kind: string;
  readonly pk: string;
  readonly sk: string;
  readonly holds: string;
}

/** Every kind of item the table holds. */
export const ITEM_KINDS = [
  {
    kind: 'caseEvent',
    pk: 'CASE#<caseId>',
    sk: 'EVENT#<occurredAt>#<eventId>',
    holds: 'One accepted case event, as received.',
  },
  {
    kind: 'eventIdClaim',
    pk: 'EVENTID#<eventId>',
    sk: 'EVENTID',
    holds:
      'The hash of an event’s body and its case: an id is stored once, and a different body under it is refused.',
  },
  {
    kind: 'eventBundle',
    pk: 'CASE#<caseId>',
    sk: 'EVENT#BUNDLE#<source>#<receivedAt>#<token>',
    holds:
      'Events an import of a source wrote for the case at once: their JSON, gzipped (`events`, at most 350 KB), with their `count` and `receivedAt`. Read with the case’s events; its ids are claimed within the case (see `idNamespace`).',
  },
  {
    kind: 'idNamespace',
    pk: 'EVENTID#<source>:',
    sk: 'NAMESPACE',
    holds:
      'Which write path holds the ids an import of the source makes (`<source>:<key>:<hash>…`) in this table (`owner`): `bulk`, event bundles whose ids are claimed within their case, or `ingest`, an event item and an id claim each. Set by the first to write such an id, never changed.',
  },
  {
    kind: 'caseProjection',
    pk: 'CASE#<caseId>',
    sk: 'PROJECTION',
    holds:
      'The version of the case’s latest evaluation, the sort keys of its deadline occurrences and the content hash of each (the deadlines themselves are on the occurrence items, so a long history never nears the item size limit).',
  },
  {
    kind: 'deadline',
    pk: 'CASE#<caseId>',
    sk: 'DEADLINE#<rule>#<occurrence>',
    holds: `One deadline occurrence, with the version that wrote it and its content hash (removed when a run moves its next action on); carries \`${DUE_INDEX.partitionKey}\` and \`${DUE_INDEX.sortKey}\` only while it has a next action.`,
  },
  {
    kind: 'trackerRow',
    pk: 'CASE#<caseId>',
    sk: 'TRACKER#<list>',
    holds: `What the board shows of the case on one list of the Line of Sight meeting (\`legal\`, \`permanency\`, or its open \`actions\`: ids, owners and dates, never an action's text), as of its latest evaluation and with that evaluation's version, as JSON (\`row\`): for a tracker, the facts that put the child there and its open deadlines; the board works out each date's status and the stalled flags as of the moment it is read. Carries \`${TRACKER_INDEX.partitionKey}\` (\`TRACKERS#<holder>\`) and \`${TRACKER_INDEX.sortKey}\` (\`<list>#<caseId>\`) while the case is on the list.`,
  },
  {
    kind: 'actionText',
    pk: 'CASE#<caseId>',
    sk: 'ACTIONTEXT#<actionId>',
    holds:
      'The text of an action recorded on the board, the one free text kept: sealed with AES-256-GCM under the action-text key, bound to its case and action (`sealed`: version, IV, tag and ciphertext, base64url). Its events carry the action’s id, owner and dates only.',
  },
  {
    kind: 'timelinessCase',
    pk: 'CASE#<caseId>',
    sk: 'TIMELINESS',
    holds:
      'The version of the case’s latest evaluation as the timeliness figures hold it, and the months the case has an entry in with the content hash of each (`months`), so a recompute rewrites only the months whose deadlines changed and removes those the case no longer has.',
  },
  {
    kind: 'timelinessMonth',
    pk: 'TIMELINESS#<month>',
    sk: 'CASE#<caseId>',
    holds:
      'A case’s deadlines that fall due in one month (`YYYY-MM`), as JSON (`entry`): for each, its rule, due date and what became of it (met on time, met late and by how many working days, missed), or, still open, its due moment; and the case’s allocation on the due date (worker and team ids, never a name). With the version that wrote it and its content hash. The month’s figures are one query of the partition; the directory places each allocation in a team when they are read.',
  },
  {
    kind: 'timelinessChanges',
    pk: 'TIMELINESS#<month>',
    sk: 'CHANGES',
    holds:
      'How many times the month’s entries have changed (`changes`): ingest adds one for each entry it writes or removes, so figures kept for the month say whether they are still its figures.',
  },
  {
    kind: 'timelinessFigures',
    pk: 'TIMELINESS#<month>',
    sk: 'FIGURES#<grouping>#<part>',
    holds:
      'The month’s figures by `team` or `worker`, kept by the last report that worked them out from the entries, as JSON cells (`cells`) in parts of at most 300 kB, each with the basis they were computed on (`basis`: the month’s change count and the directory’s hash) and the number of parts (`parts`). Kept only for a month wholly before the reading, whose figures time no longer moves.',
  },
  {
    kind: 'notice',
    pk: 'CASE#<caseId>',
    sk: 'NOTICE#<rule>#<occurrence>#<stageKey>#<recipient>',
    holds:
      'The ledger entry of one notice to one recipient (a member of staff or a team channel): claimed by a message before sending, then marked sent or failed, so it is sent once; kept with the case as its audit trail of who was told what and when.',
  },
  {
    kind: 'summaryNotice',
    pk: 'SUMMARY#<key>',
    sk: 'NOTICE',
    holds:
      'The ledger entry of a summary about many cases (a manager’s weekly summary, key `weekly|<staffId>|<week start>`): claimed, then marked sent or failed, as a notice is, so each goes once.',
  },
  {
    kind: 'quarantine',
    pk: 'QUARANTINE#<yyyy-mm-dd>',
    sk: '<receivedAt>#<id>',
    holds: `Input that was refused, with every problem found; deleted after \`${TTL_ATTRIBUTE}\`.`,
  },
  {
    kind: 'outbox',
    pk: 'OUTBOX#<yyyy-mm-dd>',
    sk: '<line key>',
    holds: `A line a run would have sent on that London day while sending was paused (\`los:sending\`): the recipient’s id, the case, rule and stage, the message it would have gone in; ids only. Deleted after \`${TTL_ATTRIBUTE}\`.`,
  },
  {
    kind: 'recomputeMark',
    pk: RECOMPUTE_PARTITION,
    sk: 'CASE#<caseId>',
    holds:
      'A case about to have events stored, with when it was marked and a token: deleted (if the token is still its own) once the case is recomputed, so one left behind by a crash is repaired by the next batch, and the weekly summary waits while any is left.',
  },
  {
    kind: 'weeklyRun',
    pk: 'WEEKLY#<weekStart>',
    sk: 'RUN',
    holds:
      'Where the managers’ weekly summaries of the week starting on that Monday stand, and since when: `waiting` (held back while cases await their recompute; that day’s hourly runs try again) or `done` (handed on).',
  },
  {
    kind: 'importManifest',
    pk: 'IMPORT#<source>',
    sk: 'CASE#<caseId>',
    holds:
      'What an import of a source (`ssd`…) made for one case: each source key’s event id, date, content hash and revision, gzipped JSON (`entries`), so the next snapshot’s corrections and deletions can be told.',
  },
  {
    kind: 'importRun',
    pk: IMPORT_RUNS_PARTITION,
    sk: 'SOURCE#<source>',
    holds:
      'The last import of a source, as it recorded itself: when it ended, how it was run (the import bucket or `los import`), the file’s key, whether it finished, stopped part-way or was refused, its counts, and how many problems with where the first 20 are (file, row, column: never a value).',
  },
  {
    kind: 'directoryPointer',
    pk: DIRECTORY_PARTITION,
    sk: DIRECTORY_POINTER_SORT_KEY,
    holds:
      'Which version of the staff directory is in use (`current`, its partition) and how many staff and teams it holds, the version before it (`previous`, kept so that a run that read the pointer just before a switch still reads a whole directory), and the versions being written (`pending`) or to delete (`retired`).',
  },
  {
    kind: 'staff',
    pk: 'DIRECTORY#<version>',
    sk: 'STAFF#<staffId>',
    holds:
      'A member of staff in one version of the directory: name, email, level, team, line manager, leaving date, and whether their address is undeliverable.',
  },
  {
    kind: 'team',
    pk: 'DIRECTORY#<version>',
    sk: 'TEAM#<teamId>',
    holds:
      'A team, service or directorate in one version of the directory: its parent and its Teams channel.',
  },
] as const satisfies readonly ItemKindLayout[];

/** The name of an item kind. */
export type ItemKind = (typeof ITEM_KINDS)[number]['kind'];

/** How one access pattern reads or writes the table. */
export interface AccessPattern {
  readonly name: string;
  readonly operation:
    | 'GetItem'
    | 'PutItem'
    | 'UpdateItem'
    | 'DeleteItem'
    | 'Query'
    | 'Scan'
    | 'BatchGetItem'
    | 'BatchWriteItem';
  readonly index: 'table' | typeof DUE_INDEX.name | typeof TRACKER_INDEX.name;
  readonly keyCondition: string;
  readonly purpose: string;
}

/** Every way the pipeline reads or writes the table. */
export const ACCESS_PATTERNS: readonly AccessPattern[] = [
  {
    name: 'Claim an event id',
    operation: 'PutItem',
    index: 'table',
    keyCondition: `pk = EVENTID#<eventId>, sk = EVENTID; if attribute_not_exists(pk) OR ${EVENT_CLAIM_HASH_ATTRIBUTE} = :${EVENT_CLAIM_HASH_ATTRIBUTE}`,
    purpose:
      'Stores an id once; a resend of the same event passes, a different body under the same id fails the condition and is refused.',
  },
  {
    name: 'Store a case event',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = EVENT#<occurredAt>#<eventId>',
    purpose: 'Written after its claim; writing it again is harmless, so a retry after a crash is safe.',
  },
  {
    name: 'Read a case’s events',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId> AND begins_with(sk, EVENT#)',
    purpose:
      'The whole history the engine evaluates, event items and bundles alike (an id found twice is read once, as first received); the engine puts it in its own order.',
  },
  {
    name: 'Claim a source’s import ids',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = EVENTID#<source>:, sk = NAMESPACE; if attribute_not_exists(pk) OR owner = :owner',
    purpose:
      'An import writing in bulk (`bulk`), or ingest meeting an id of an import’s shape (`ingest`), before its first such id of the source. Whoever finds the other there keeps off: the import writes event by event, and ingest takes such an id only as a resend of one its case holds.',
  },
  {
    name: 'Store an import’s events',
    operation: 'BatchWriteItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = EVENT#BUNDLE#<source>#<receivedAt>#<token>',
    purpose:
      'Whole cases at once, 25 items a request: each bundle under a key of its own (a random token), so it replaces nothing; holds only ids its case was read not to hold.',
  },
  {
    name: 'Read a case projection',
    operation: 'GetItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = PROJECTION',
    purpose: 'The version a new evaluation must exceed, read before writing its occurrences.',
  },
  {
    name: 'Read many cases’ projections',
    operation: 'BatchGetItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = PROJECTION (100 keys a request, consistent read)',
    purpose: 'An import: the same, for every case of a batch of whole cases at once.',
  },
  {
    name: 'Replace a case projection',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = PROJECTION; if attribute_not_exists(pk) OR version < :version',
    purpose:
      'Written last, after the occurrences, so a retry redoes a half-finished replacement; the condition keeps an older evaluation, finishing late, from overwriting a newer one.',
  },
  {
    name: 'Read a case’s deadlines',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId> AND begins_with(sk, DEADLINE#)',
    purpose:
      'Reads each occurrence’s version and content hash: a new evaluation writes only the occurrences whose content changed and deletes those it no longer holds. An older, overlapping evaluation that overwrote an occurrence the newer one left unchanged is found by the hash after its projection put fails, and its retry repairs it.',
  },
  {
    name: 'Write a deadline occurrence',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = DEADLINE#<rule>#<occurrence>',
    purpose: `Sets \`${DUE_INDEX.partitionKey}\` and \`${DUE_INDEX.sortKey}\` while there is a next action and removes them when there is none, which takes it out of the index.`,
  },
  {
    name: 'Write a new case’s deadlines',
    operation: 'BatchWriteItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = DEADLINE#<rule>#<occurrence>',
    purpose:
      'An import, for a case read to have neither projection nor occurrence: its occurrences 25 a request, then its projection last on its condition, as ever. A computation that wrote the case meanwhile is told by that condition or by the projection it replaces, and what it wrote is put right as for a single case.',
  },
  {
    name: 'Find what is due',
    operation: 'Query',
    index: DUE_INDEX.name,
    keyCondition: `${DUE_INDEX.partitionKey} = DUE#<shard> AND ${DUE_INDEX.sortKey} < <as-of + 1 ms, ISO UTC>`,
    purpose: `A run: one query per shard (${DUE_SHARD_COUNT}, in parallel), reading only the occurrences whose next action is due.`,
  },
  {
    name: 'Replace a case’s board row',
    operation: 'PutItem',
    index: 'table',
    keyCondition:
      'pk = CASE#<caseId>, sk = TRACKER#<tracker>; if attribute_not_exists(pk) OR version < :version',
    purpose:
      'Written after the case’s deadlines by the same computation, under the same version, so an older evaluation finishing late never overwrites a newer row. A case that has left a list keeps its item with the version and without the index attributes, which takes it out of the index, so an older evaluation cannot put it back on.',
  },
  {
    name: 'Read a line’s tracker or actions',
    operation: 'Query',
    index: TRACKER_INDEX.name,
    keyCondition: `${TRACKER_INDEX.partitionKey} = TRACKERS#<holder> AND begins_with(${TRACKER_INDEX.sortKey}, <list>#)`,
    purpose:
      'The board: one query per team and worker of the reader’s line (in parallel), reading only that list’s rows: what the page shows and nothing else.',
  },
  {
    name: 'Store an action’s text',
    operation: 'PutItem',
    index: 'table',
    keyCondition:
      'pk = CASE#<caseId>, sk = ACTIONTEXT#<actionId>; if attribute_not_exists(pk) OR attribute_exists(sealed)',
    purpose:
      'The board, when an action is recorded (or its text put right): the text sealed before it is written.',
  },
  {
    name: 'Read a case’s action texts',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId> AND begins_with(sk, ACTIONTEXT#)',
    purpose:
      'The board, showing one case to a reader whose line includes it: opened in memory, never logged.',
  },
  {
    name: 'Read a case’s timeliness months',
    operation: 'GetItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = TIMELINESS',
    purpose:
      'Ingest, recomputing a case after its deadlines: the months it had and their content hashes, and the version that wrote them.',
  },
  {
    name: 'Read a case’s entries in its months',
    operation: 'GetItem',
    index: 'table',
    keyCondition:
      'pk = TIMELINESS#<month>, sk = CASE#<caseId>, for each month the case had or has (a few at once)',
    purpose:
      'Ingest: the content hash each entry holds now, so that only a month whose content changed is written (and one an older, concurrent computation overwrote is put right).',
  },
  {
    name: 'Replace a case’s entry in a month',
    operation: 'PutItem',
    index: 'table',
    keyCondition:
      'pk = TIMELINESS#<month>, sk = CASE#<caseId>; if attribute_not_exists(pk) OR version < :version',
    purpose:
      'Ingest, for a month whose content changed only: a past month is rewritten only when the case’s events change what fell due in it.',
  },
  {
    name: 'Remove a case’s entry from a month',
    operation: 'DeleteItem',
    index: 'table',
    keyCondition: 'pk = TIMELINESS#<month>, sk = CASE#<caseId>; if version < :version',
    purpose:
      'Ingest: the case no longer has a deadline due in that month (a correction moved or removed it).',
  },
  {
    name: 'Count a change to a month’s entries',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition: 'pk = TIMELINESS#<month>, sk = CHANGES; ADD changes 1',
    purpose: 'Ingest, after each entry it writes or removes in the month.',
  },
  {
    name: 'Record a case’s timeliness months',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = TIMELINESS; if attribute_not_exists(pk) OR version < :version',
    purpose: 'Ingest, last: the months and hashes just written, under the computation’s version.',
  },
  {
    name: 'Read a month’s timeliness',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = TIMELINESS#<month> AND begins_with(sk, CASE#)',
    purpose:
      '`los report timeliness`, for a month whose kept figures are missing or out of date (or still moving with time): every case’s entry, folded into the month’s figures.',
  },
  {
    name: 'Read a month’s change count',
    operation: 'GetItem',
    index: 'table',
    keyCondition: 'pk = TIMELINESS#<month>, sk = CHANGES',
    purpose: '`los report timeliness`: whether the figures kept for the month are still its figures.',
  },
  {
    name: 'Read a month’s kept figures',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = TIMELINESS#<month> AND begins_with(sk, FIGURES#<grouping>#)',
    purpose: '`los report timeliness`: the month’s figures by team or worker, in their parts.',
  },
  {
    name: 'Keep a month’s figures',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = TIMELINESS#<month>, sk = FIGURES#<grouping>#<part>',
    purpose:
      '`los report timeliness`, after working a month’s figures out from its entries; parts beyond the new count are deleted (DeleteItem).',
  },
  {
    name: 'Claim a notice',
    operation: 'PutItem',
    index: 'table',
    keyCondition:
      'pk = CASE#<caseId>, sk = NOTICE#<rule>#<occurrence>#<stageKey>#<recipient>; if attribute_not_exists(pk) OR (state <> sent AND message = :message) OR (state = claimed AND leaseUntil < :now) OR state = failed',
    purpose:
      'Claims a notice before it is sent, so a repeated run or an overlapping message sends nothing twice; the message that holds the claim may claim again after a crash, a claim whose sender stopped lapses with its lease, and a failed send may be retried.',
  },
  {
    name: 'Mark a notice sent or failed',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId>, sk = NOTICE#<rule>#<occurrence>#<stageKey>#<recipient>',
    purpose: 'Records the provider’s message id and time, or the reason a send failed.',
  },
  {
    name: 'Claim a summary',
    operation: 'PutItem',
    index: 'table',
    keyCondition:
      'pk = SUMMARY#<key>, sk = NOTICE; if attribute_not_exists(pk) OR (state <> sent AND message = :message) OR (state = claimed AND leaseUntil < :now) OR state = failed',
    purpose:
      'A weekly summary is about many cases, so it is claimed whole, under its own key rather than in a case’s partition, with the condition a notice’s claim has.',
  },
  {
    name: 'Mark a summary sent or failed',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition: 'pk = SUMMARY#<key>, sk = NOTICE',
    purpose: 'Records the provider’s message id and time, or the reason a send failed.',
  },
  {
    name: 'Read a case’s notices',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = CASE#<caseId> AND begins_with(sk, NOTICE#)',
    purpose: 'The audit trail of a case: who was told what, when and why (`los notices --case`).',
  },
  {
    name: 'Read every deadline',
    operation: 'Scan',
    index: 'table',
    keyCondition: `filter begins_with(sk, DEADLINE#); Select SPECIFIC_ATTRIBUTES: ${DEADLINE_SCAN_ATTRIBUTES.join(', ')}`,
    purpose:
      'The weekly summary, once a week: every case’s deadlines. A Scan reads (and is billed for) every item of the table, whatever its kind, so its cost grows with the number of cases; its projection never returns an event or quarantined input.',
  },
  {
    name: 'Quarantine input',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = QUARANTINE#<yyyy-mm-dd>, sk = <receivedAt>#<id>',
    purpose: `Keeps refused input for people to correct and resend, until \`${TTL_ATTRIBUTE}\`.`,
  },
  {
    name: 'List a day’s quarantine',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = QUARANTINE#<yyyy-mm-dd>',
    purpose: 'What was refused on a day (UTC), in the order it arrived.',
  },
  {
    name: 'Hold a line in the outbox',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = OUTBOX#<yyyy-mm-dd>, sk = <line key>',
    purpose:
      'While sending is paused, a run records each line it would have sent instead of sending it; the same line held again that day replaces itself. Kept until `' +
      TTL_ATTRIBUTE +
      '`.',
  },
  {
    name: 'List a day’s outbox',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = OUTBOX#<yyyy-mm-dd>',
    purpose: 'What the runs of a London day would have sent (`los outbox list`).',
  },
  {
    name: 'Mark a case for its recompute',
    operation: 'PutItem',
    index: 'table',
    keyCondition: `pk = ${RECOMPUTE_PARTITION}, sk = CASE#<caseId>`,
    purpose:
      'Written before a batch stores the case’s events (an import’s, 25 to a BatchWriteItem); a later batch’s mark replaces it, token and all.',
  },
  {
    name: 'Clear a recompute mark',
    operation: 'DeleteItem',
    index: 'table',
    keyCondition: `pk = ${RECOMPUTE_PARTITION}, sk = CASE#<caseId>; if token = :token`,
    purpose: 'After the recompute; a mark a later batch made is left for that batch to clear.',
  },
  {
    name: 'List cases awaiting their recompute',
    operation: 'Query',
    index: 'table',
    keyCondition: `pk = ${RECOMPUTE_PARTITION}`,
    purpose:
      'Ingest repairs marks older than a few minutes (a crash between storing and recomputing); the scheduled runs count them, and the weekly summary waits while any is left.',
  },
  {
    name: 'Read where a week’s summaries stand',
    operation: 'GetItem',
    index: 'table',
    keyCondition: 'pk = WEEKLY#<weekStart>, sk = RUN',
    purpose:
      'The weekly run does nothing once they are done; an hourly run on the first working day of a week tries the weekly run again while they are waiting.',
  },
  {
    name: 'Record where a week’s summaries stand',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = WEEKLY#<weekStart>, sk = RUN',
    purpose: 'Waiting when the weekly run held them back; done once it has handed on every summary.',
  },
  {
    name: 'Read an import’s manifest',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = IMPORT#<source>',
    purpose:
      'Before an import (`los import`): what the source’s last snapshot made, case by case, to tell what is new, corrected or deleted.',
  },
  {
    name: 'Save a case’s import manifest',
    operation: 'BatchWriteItem',
    index: 'table',
    keyCondition: 'pk = IMPORT#<source>, sk = CASE#<caseId>',
    purpose:
      'After a batch of cases’ events are ingested: each case’s entries as they now stand, put (deleted when none is left), 25 cases a request.',
  },
  {
    name: 'Record an import',
    operation: 'PutItem',
    index: 'table',
    keyCondition: `pk = ${IMPORT_RUNS_PARTITION}, sk = SOURCE#<source>`,
    purpose:
      'When an import ends (finished, stopped part-way or refused): it replaces the source’s last record.',
  },
  {
    name: 'List the last imports',
    operation: 'Query',
    index: 'table',
    keyCondition: `pk = ${IMPORT_RUNS_PARTITION}`,
    purpose:
      '`los doctor`: each source’s last import, to say when it ran, what it came to, and whether a nightly one was missed.',
  },
  {
    name: 'Read the directory’s pointer',
    operation: 'GetItem',
    index: 'table',
    keyCondition: 'pk = DIRECTORY, sk = CURRENT (consistent read)',
    purpose:
      'Which version to read (and how many staff and teams it holds), before loading, marking or replacing the directory.',
  },
  {
    name: 'Load the directory',
    operation: 'Query',
    index: 'table',
    keyCondition: 'pk = DIRECTORY#<version> (consistent read)',
    purpose:
      'Every member of staff and team of the version in use, read once per run to address notices and climb reporting lines; read again from the pointer if the counts differ from the pointer’s.',
  },
  {
    name: 'Register a version being written',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition: 'pk = DIRECTORY, sk = CURRENT; ADD pending',
    purpose:
      'Before an import writes its entries, so that a version an import left unfinished is known, and deleted by the next import that switches.',
  },
  {
    name: 'Write a member of staff or a team',
    operation: 'PutItem',
    index: 'table',
    keyCondition: 'pk = DIRECTORY#<version>, sk = STAFF#<staffId> (or TEAM#<teamId>)',
    purpose: 'An import writes every entry of its new version, none of which any run reads yet.',
  },
  {
    name: 'Switch the directory to a new version',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition:
      'pk = DIRECTORY, sk = CURRENT; if current = <the version the import read> (or attribute_not_exists(current))',
    purpose:
      'Last, once every entry is written: the new version is in use, the old one is kept as previous, the one before it and any version an import left unfinished are retired. An import that finds another has switched since it read the pointer fails, and nothing of it is used.',
  },
  {
    name: 'Delete a retired version',
    operation: 'DeleteItem',
    index: 'table',
    keyCondition: 'pk = DIRECTORY#<version>, sk = STAFF#<staffId> (or TEAM#<teamId>)',
    purpose:
      'After the switch, each entry of a version two imports old (or never switched to); then the version is taken off the pointer’s retired list (UpdateItem, DELETE retired).',
  },
  {
    name: 'Mark an address undeliverable',
    operation: 'UpdateItem',
    index: 'table',
    keyCondition: 'pk = DIRECTORY#<version>, sk = STAFF#<staffId>; if email = :email',
    purpose:
      'After an SES bounce or complaint, in the version in use: notices skip the address and go up a level, and the gap is reported. An import carries the marks of the version it replaces, read again after its switch.',
  },
];

const OCCURRENCE_DIGITS = 6;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * An occurrence number as a fixed-width string, so a case's deadlines sort by rule, then occurrence.
 * Occurrences count from 1 (see the engine's `Deadline.occurrence`).
 */
function occurrenceText(occurrence: number): string {
  if (!Number.isInteger(occurrence) || occurrence < 1 || occurrence >= 10 ** OCCURRENCE_DIGITS) {
    throw new RangeError(`A deadline occurrence must be an integer from 1 to 999999, not ${occurrence}`);
  }
  return String(occurrence).padStart(OCCURRENCE_DIGITS, '0');
}

/**
 * An instant as a fixed-width ISO UTC string (`YYYY-MM-DDTHH:mm:ss.sssZ`), so that string order is time
 * order in the `due` index.
 */
function isoUtc(instant: Date | number): string {
  return new Date(instant).toISOString();
}

/** The primary key of every item kind, built from its parts. Pure; inputs are already validated ids. */
export const itemKey = {
  caseEvent: (caseId: string, occurredAt: string, eventId: string): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${CASE_SORT_KEY_PREFIX.event}${occurredAt}#${eventId}`,
  }),
  eventIdClaim: (eventId: string): ItemKey => ({ pk: `EVENTID#${eventId}`, sk: 'EVENTID' }),
  /** `receivedAt` an ISO instant; `token` new for each bundle. */
  eventBundle: (caseId: string, source: string, receivedAt: string, token: string): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${EVENT_BUNDLE_SORT_KEY_PREFIX}${source}#${receivedAt}#${token}`,
  }),
  idNamespace: (source: string): ItemKey => ({ pk: `EVENTID#${source}:`, sk: 'NAMESPACE' }),
  caseProjection: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'PROJECTION' }),
  deadline: (caseId: string, rule: string, occurrence: number): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${CASE_SORT_KEY_PREFIX.deadline}${rule}#${occurrenceText(occurrence)}`,
  }),
  notice: (
    caseId: string,
    rule: string,
    occurrence: number,
    stageKey: string,
    recipient: string,
  ): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${CASE_SORT_KEY_PREFIX.notice}${rule}#${occurrenceText(occurrence)}#${stageKey}#${recipient}`,
  }),
  actionText: (caseId: string, actionId: string): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${CASE_SORT_KEY_PREFIX.actionText}${actionId}`,
  }),
  trackerRow: (caseId: string, list: string): ItemKey => ({
    pk: `CASE#${caseId}`,
    sk: `${CASE_SORT_KEY_PREFIX.tracker}${list}`,
  }),
  timelinessCase: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'TIMELINESS' }),
  /** `month` is `YYYY-MM`. */
  timelinessMonth: (month: string, caseId: string): ItemKey => ({
    pk: timelinessPartition(month),
    sk: `${TIMELINESS_SORT_KEY_PREFIX.entry}${caseId}`,
  }),
  timelinessChanges: (month: string): ItemKey => ({ pk: timelinessPartition(month), sk: 'CHANGES' }),
  /** `part` from 0: written with three digits, so the parts sort in order. */
  timelinessFigures: (month: string, grouping: string, part: number): ItemKey => ({
    pk: timelinessPartition(month),
    sk: `${TIMELINESS_SORT_KEY_PREFIX.figures}${grouping}#${String(part).padStart(3, '0')}`,
  }),
  /** `receivedAt` must be an ISO UTC instant: its date names the day's partition. */
  summaryNotice: (key: string): ItemKey => ({ pk: `SUMMARY#${key}`, sk: 'NOTICE' }),
  quarantine: (receivedAt: string, id: string): ItemKey => {
    if (!UTC_INSTANT.test(receivedAt)) {
      throw new RangeError(`receivedAt must be an ISO instant in UTC ending in Z, not ${receivedAt}`);
    }
    return { pk: `QUARANTINE#${receivedAt.slice(0, 10)}`, sk: `${receivedAt}#${id}` };
  },
  /** `day` is the London day (`YYYY-MM-DD`) of the run that held the line. */
  outbox: (day: string, lineKey: string): ItemKey => ({ pk: `OUTBOX#${day}`, sk: lineKey }),
  recomputeMark: (caseId: string): ItemKey => ({ pk: RECOMPUTE_PARTITION, sk: `CASE#${caseId}` }),
  weeklyRun: (weekStart: string): ItemKey => ({ pk: `WEEKLY#${weekStart}`, sk: 'RUN' }),
  importManifest: (source: string, caseId: string): ItemKey => ({
    pk: `IMPORT#${source}`,
    sk: `CASE#${caseId}`,
  }),
  importRun: (source: string): ItemKey => ({ pk: IMPORT_RUNS_PARTITION, sk: `SOURCE#${source}` }),
  directoryPointer: (): ItemKey => ({ pk: DIRECTORY_PARTITION, sk: DIRECTORY_POINTER_SORT_KEY }),
  staff: (version: string, staffId: string): ItemKey => ({
    pk: directoryPartition(version),
    sk: `${DIRECTORY_SORT_KEY_PREFIX.staff}${staffId}`,
  }),
  team: (version: string, teamId: string): ItemKey => ({
    pk: directoryPartition(version),
    sk: `${DIRECTORY_SORT_KEY_PREFIX.team}${teamId}`,
  }),
} as const satisfies Record<ItemKind, (...parts: never[]) => ItemKey>;

/**
 * The `due` shard of a case, from 0 to {@link DUE_SHARD_COUNT} − 1: FNV-1a over the id's UTF-8 bytes,
 * then MurmurHash3's finaliser so that ids differing only in their last characters (`CASE-1001`,
 * `CASE-1002`) still spread evenly. Stable across processes and versions of Node; every deadline of a
 * case lands in the same shard.
 */
export function dueShardOf(caseId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(caseId)) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % DUE_SHARD_COUNT;
}

/** The `due` index partition key of a shard. */
export function duePartition(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= DUE_SHARD_COUNT) {
    throw new RangeError(`A due shard must be an integer from 0 to ${DUE_SHARD_COUNT - 1}, not ${shard}`);
  }
  return `DUE#${shard}`;
}

/** Every `due` index partition key: what a run queries. */
export function duePartitions(): string[] {
  return Array.from({ length: DUE_SHARD_COUNT }, (_, shard) => duePartition(shard));
}

/**
 * The `due` index attributes of a deadline occurrence whose next action is at `nextActionAt`: the sort
 * key is `<instant ISO UTC>#<caseId>#<rule>#<occurrence>`, so the index orders by time, and the part
 * after the instant is the deadline item's sort key without its prefix.
 */
export function dueIndexKey(
  caseId: string,
  rule: string,
  occurrence: number,
  nextActionAt: Date | number,
): DueIndexKey {
  return {
    duePk: duePartition(dueShardOf(caseId)),
    dueSk: `${isoUtc(nextActionAt)}#${caseId}#${rule}#${occurrenceText(occurrence)}`,
  };
}

/**
 * The exclusive upper bound of a run's `due` query as of `asOf`: `dueSk < dueBefore(asOf)` selects every
 * next action at or before `asOf`. (`dueSk <= asOf` would miss one due at exactly `asOf`, since its key
 * continues past the instant.)
 */
export function dueBefore(asOf: Date | number): string {
  return isoUtc(new Date(asOf).getTime() + 1);
}

/** The `trackers` index partitions of a team's and of a worker's cases, for the board's queries. */
export const trackerPartition = {
  team: (teamId: string) => `TRACKERS#TEAM#${teamId}`,
  worker: (workerId: string) => `TRACKERS#WORKER#${workerId}`,
  unallocated: () => 'TRACKERS#UNALLOCATED',
} as const;

/**
 * Who holds a case, as the `trackers` index files it: the team its allocation names, else its
 * allocated worker (whose team the directory says when the board reads it, so a worker moving team
 * takes their cases along with no rewrite), else nobody yet (the duty team's). The same order as
 * notices find a case's team.
 */
export function trackerHolder(allocation: { workerId: string; teamId: string | null } | null): string {
  if (allocation === null) return trackerPartition.unallocated();
  return allocation.teamId === null
    ? trackerPartition.worker(allocation.workerId)
    : trackerPartition.team(allocation.teamId);
}

/** The partition of a month's timeliness entries, `month` as `YYYY-MM`. */
export const timelinessPartition = (month: string) => `TIMELINESS#${month}`;

/** Sort-key prefixes of a month's timeliness partition: the cases' entries, and the kept figures. */
export const TIMELINESS_SORT_KEY_PREFIX = { entry: 'CASE#', figures: 'FIGURES#' } as const;
