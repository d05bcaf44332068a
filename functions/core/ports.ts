/**
 * The small interfaces the core asks of the world outside it. Adapters (DynamoDB on AWS, the same
 * adapter over dynalite on a laptop, in-memory fakes in tests) implement them; the core and the handlers
 * depend only on these.
 */
import type { CaseEvent, DeadlineEvent, Problem } from '../../events/index.ts';
import type { DirectoryData } from './directory/model.ts';
import type { CaseAllocation, DeadlineJson } from './engine/index.ts';
import type { ImportRecord } from './imports/import-record.ts';
import type { ManifestEntry } from './imports/reconcile.ts';
import type { Grouping, MonthlyFigures } from './timeliness/figures.ts';
import type { CaseMonth, StoredCaseMonth } from './timeliness/stored.ts';
import type { BoardList, BoardRow, RowOf } from './trackers/row.ts';

export type { CaseAllocation } from './engine/index.ts';

import type { LineNotice, Notice, NoticeLine } from './notices/message.ts';

/** What happened to one event offered to the store. */
export type AppendOutcome =
  /** Stored for the first time. */
  | 'stored'
  /** The same id with the same body was already stored: nothing changes (retries are safe). */
  | 'duplicate'
  /** The same id was already stored with a different body: refused, the first one stands. */
  | 'conflict'
  /**
   * An id of the shape an import makes, of a source whose ids only its import writes (docs/architecture.md,
   * "Bulk write"), that the case does not hold: refused, since the import may make that id yet.
   */
  | 'reserved';

/** The append-only log of case events. */
export interface CaseEventStore {
  /**
   * Stores an event once; safe to repeat. `receivedAt` is an ISO instant (UTC). An id of an import's
   * shape whose source is claimed for whole-case writes ({@link claimSource}) is stored only by
   * {@link appendCases}: here it is a `duplicate` when its case holds it with the same body, else a
   * `conflict`.
   */
  append(event: CaseEvent, receivedAt: string): Promise<AppendOutcome>;
  /** Every stored event of a case, each id once, in no particular order (the engine orders them). */
  eventsOf(caseId: string): Promise<CaseEvent[]>;
  /** Every case id with at least one event, for rebuilds and full evaluations. */
  caseIds(): AsyncIterable<string>;
  /**
   * Claims the ids an import of `source` makes (`<source>:…`, see `importIdSource`) for
   * {@link appendCases}: true when they are (now) written whole cases at a time, false when
   * {@link append} met one first, so the source goes event by event in this store. Decided once.
   * A store without it writes every event through {@link append}.
   */
  claimSource?(source: string): Promise<boolean>;
  /**
   * Stores whole cases' events at once, for an import of a claimed `source` (every id of its shape):
   * each event once, an id its case already holds being a `duplicate` (the same body) or a `conflict`
   * (another; the first stands). Returns, for each case in order, each event's outcome in order and
   * the case's whole log after the write, to compute it from.
   */
  appendCases?(source: string, cases: readonly CaseEvents[], receivedAt: string): Promise<AppendedCase[]>;
}

/** A case's events, handed over together. */
export interface CaseEvents {
  caseId: string;
  events: readonly CaseEvent[];
}

/** What {@link CaseEventStore.appendCases} did with one case's events. */
export interface AppendedCase {
  caseId: string;
  outcomes: AppendOutcome[];
  /** Every event of the case once they were written, as {@link CaseEventStore.eventsOf} reads it. */
  events: CaseEvent[];
}

/** Input that could not be accepted, kept with every reason so that nothing is silently dropped. */
export interface QuarantineEntry {
  /** ISO instant (UTC) it arrived. */
  receivedAt: string;
  /** Where it came from: `http`, `eventbridge`, `file:<name>`… */
  channel: string;
  /**
   * The input as received: text as it came, decoded JSON written out again, bytes that are not UTF-8
   * as base64 (which its problem says). Truncated only if over the store's item size.
   */
  raw: string;
  problems: Problem[];
}

export interface QuarantineStore {
  put(entry: QuarantineEntry): Promise<void>;
  /** The entries received on a London or UTC calendar day (`YYYY-MM-DD`, as the store keys them). */
  onDay(day: string): Promise<QuarantineEntry[]>;
}

/** A case's deadlines as last computed, with the moment each next needs someone to act. */
export interface StoredDeadline {
  caseId: string;
  deadline: DeadlineJson;
  /** ISO instant (UTC) of the next reminder, due moment or escalation; null when nothing more will happen. */
  nextActionAt: string | null;
  /** Who holds the case when it was computed (its latest `case.allocated`); null while unallocated. */
  allocation: CaseAllocation | null;
  /**
   * A fingerprint of the notices planned for the deadline (their moments, stages and levels) and of its
   * allocation; absent on items stored before it was kept.
   */
  plan?: string;
  /**
   * Set when a run moved the next action on: the run's as-of moment (ISO instant), up to which every
   * planned notice was dealt with. A recomputation that finds the same plan keeps the run's next action
   * (see `keptNextAction`), so what was dealt with is not read again.
   */
  handledUntil?: string;
}

/**
 * A deadline as a run read it from the due index, with the version of the computation that wrote it:
 * moving its next action on is conditional on finding that version and that next action still there.
 */
export interface DueDeadline extends StoredDeadline {
  /**
   * The version of the computation that last wrote this occurrence. An adapter may rewrite every
   * occurrence of a case with each computation (this is then the case's latest version) or only those
   * whose content changed (then it is the version of the computation that last changed it).
   */
  version: number;
}

/** A stored deadline without what runs record of it (`plan`, `handledUntil`): what the weekly summary counts. */
export type CountedDeadline = Omit<StoredDeadline, 'plan' | 'handledUntil'>;

/** One computation of a case's deadlines, as {@link DeadlineStore.replaceCase} takes it. */
export interface CaseComputation {
  caseId: string;
  version: number;
  deadlines: readonly StoredDeadline[];
  /**
   * Set when the caller read the case's events and found none but those this computation is of:
   * a computation stores only deadlines its events give, so the case has none stored, and a store
   * need not read them to know. (One racing in is put right as any race with a computation is.)
   */
  noEarlierEvents?: true;
}

/** The per-case projection of deadlines and the due index a scheduled run reads. */
export interface DeadlineStore {
  /**
   * Replaces a case's deadlines with a newer computation. `version` must grow with each computation of
   * the case (e.g. the count of its events); an older or equal version is ignored, so concurrent
   * recomputations cannot roll a case back. The `handledUntil` of the deadlines given is ignored: a
   * stored deadline that a run moved on keeps the run's next action and mark when the computation finds
   * the same plan (see {@link StoredDeadline.handledUntil}).
   */
  replaceCase(
    caseId: string,
    version: number,
    deadlines: readonly StoredDeadline[],
  ): Promise<'replaced' | 'stale'>;
  /**
   * {@link replaceCase} for many cases at once (an import's), in fewer requests; outcomes in order.
   * Every case is tried; the first failure is thrown once all are done, and a retry of those cases
   * through {@link replaceCase} puts them right. A store without it is called case by case.
   */
  replaceCases?(computations: readonly CaseComputation[]): Promise<('replaced' | 'stale')[]>;
  /** The deadlines of a case as last stored. */
  deadlinesOf(caseId: string): Promise<StoredDeadline[]>;
  /** Every deadline whose next action is at or before `asOf` (ISO instant, any offset), across all shards. */
  dueBy(asOf: string): AsyncIterable<DueDeadline>;
  /**
   * Every stored deadline of every case, in no particular order, without what runs record of it: what
   * the weekly summary counts. It reads the whole projection, so its cost grows with the number of
   * cases; it is for a weekly run, never for a daily or per-event path.
   */
  all(): AsyncIterable<CountedDeadline>;
  /**
   * Moves one deadline's next action on after a run has dealt with everything planned up to
   * `handledUntil` (null takes it out of the due index), and records `handledUntil` on it; only if the
   * occurrence still holds the version and next action the run read. `changed`, with nothing written,
   * when it is gone, or a recomputation has rewritten it or another run moved it since (the due index is
   * read eventually consistently, and ingest may recompute the case while the run sends), so a run never
   * puts back what it read over a newer computation. Whether a recomputation that left the occurrence as
   * it was has rewritten it depends on the adapter (see {@link DueDeadline.version}): if so, the move is
   * `changed` and the next run reads the deadline again (the ledger sends nothing twice).
   */
  setNextAction(
    read: DueDeadline,
    nextActionAt: string | null,
    handledUntil: string,
  ): Promise<'moved' | 'changed'>;
}

/**
 * Cases whose events were stored but whose deadlines may not yet have been recomputed from them: ingest
 * marks a case before storing its events and clears the mark after the recompute, so a crash in between
 * leaves a mark that the next batch (or the next start) repairs, and the weekly summary waits for.
 */
export interface RecomputeMarks {
  /** Marks a case as about to change; returns the mark's token (a later mark replaces it). */
  mark(caseId: string, at: string): Promise<string>;
  /** {@link mark} for many cases at once (an import's), in fewer requests; their tokens in order. */
  markCases?(caseIds: readonly string[], at: string): Promise<string[]>;
  /** Clears the case's mark if it is still the one with this token (a later batch's mark stays). */
  clear(caseId: string, token: string): Promise<void>;
  /** Every mark: the case, when it was marked (ISO instant) and its token. */
  pending(): Promise<RecomputeMark[]>;
}

/**
 * Where each week's summaries stand: a weekly run that had to wait (cases awaiting their recompute)
 * records that it is `waiting`, and the day's hourly runs try it again until it is `done`.
 */
export interface WeeklyRunLog {
  /** Where the summaries of the week starting `weekStart` (`YYYY-MM-DD`) stand; null before any run. */
  stateOf(weekStart: string): Promise<WeeklyRunState | null>;
  /** Records where they stand, at `at` (ISO instant). */
  record(weekStart: string, state: WeeklyRunState, at: string): Promise<void>;
}

/** A week's summaries: held back until cases are recomputed, or handed on. */
export type WeeklyRunState = 'waiting' | 'done';

/** One case awaiting its recompute. */
export interface RecomputeMark {
  caseId: string;
  markedAt: string;
  token: string;
}

/**
 * How old a mark must be to be taken for one a stopped batch left behind: far longer than a batch
 * takes (a Lambda's timeout is under a minute), so a batch still under way is not raced for nothing.
 */
export const ABANDONED_MARK_MS = 5 * 60_000;

/** The marks made at least {@link ABANDONED_MARK_MS} before `now`. */
export const abandonedMarks = (marks: readonly RecomputeMark[], now: number) =>
  marks.filter((mark) => Date.parse(mark.markedAt) <= now - ABANDONED_MARK_MS);

/** Where one notice stands in the ledger. */
export type ClaimOutcome =
  /** This caller may send it now. */
  | 'claimed'
  /** Already sent, or another sender holds a live claim: do not send. */
  | 'taken';

/** What the ledger records of one notice to one recipient: who was told what, when and why. */
export interface LedgerNotice {
  /** {@link NoticeLine.key}: `<caseId>|<rule>|<occurrence>|<stageKey>|<recipient>`. */
  key: string;
  caseId: string;
  rule: string;
  occurrence: number;
  stageKey: string;
  ladderStep: number | null;
  /** A staff id, or `team:<teamId>` for a Teams channel. */
  recipient: string;
  as: NoticeLine['as'];
  channel: 'email' | 'teams';
  /** The message it went in (`digest|<staffId>|<day>`…). */
  message: string;
}

/**
 * What the ledger records of a summary about many cases (the weekly summary): claimed as one message,
 * so it is sent once, and kept apart from any case's audit trail (`caseId` is null).
 */
export interface SummaryLedgerNotice {
  /** The summary's own key, `weekly|<staffId>|<week start>`: the message is the notice. */
  key: string;
  caseId: null;
  /** A staff id. */
  recipient: string;
  channel: 'email';
  message: string;
}

/** A ledger entry as read back, for the audit trail (`los notices --case`). */
export interface LedgerRecord extends LedgerNotice {
  state: 'claimed' | 'sent' | 'failed';
  claimedAt: string;
  sentAt?: string;
  messageId?: string | null;
  failedAt?: string;
  reason?: string;
}

/**
 * The notice ledger: each notice to each recipient is claimed before it is sent and marked sent
 * after, so retried and overlapping runs send it once. A claim is held by the message that made it:
 * the same message redelivered (after a crash between claim and send) may claim again and send; any
 * other message finds it taken until the claim's lease runs out. A failed send is marked failed and
 * may be claimed again by the retry.
 */
export interface NoticeLedger {
  claim(notice: LedgerNotice | SummaryLedgerNotice, now: string, leaseSeconds: number): Promise<ClaimOutcome>;
  markSent(notice: LedgerNotice | SummaryLedgerNotice, at: string, messageId: string | null): Promise<void>;
  markFailed(notice: LedgerNotice | SummaryLedgerNotice, at: string, reason: string): Promise<void>;
  /** Every notice of a case, oldest claim first (summaries are about no one case, so never here). */
  noticesOf(caseId: string): Promise<LedgerRecord[]>;
}

/**
 * Where a run hands its messages to be sent: an SQS queue on AWS, the local notifier on a laptop, a
 * list in tests. `N` is what a run hands on: the emails and cards of the runs that read the due index
 * unless it says otherwise (the weekly run's summaries); the queue and the local notifier take any
 * {@link Notice}.
 */
export interface NoticeSink<N extends Notice = LineNotice> {
  send(notices: readonly N[]): Promise<void>;
}

/**
 * Where the pipeline publishes its own deadline events (a breach, an escalation, a deadline met after
 * its breach, a notice sent): the deadlines bus on AWS, a file or memory on a laptop. Best effort: an
 * adapter retries what it can, then counts what it could not publish rather than throwing, so that
 * publishing never fails a run or a delivery, nor makes either repeat a send. The events' ids make a
 * repeat harmless to consumers.
 */
export interface DeadlineEventPublisher {
  /** Publishes the events; resolves to how many could not be published. */
  publish(events: readonly DeadlineEvent[]): Promise<number>;
}

/**
 * Publishes through `publisher`, if there is one, as the runs and deliveries must: never throwing, even
 * when an adapter does. How many events could not be published.
 */
export async function publishBestEffort(
  publisher: DeadlineEventPublisher | undefined,
  events: readonly DeadlineEvent[],
): Promise<number> {
  if (publisher === undefined || events.length === 0) return 0;
  try {
    return await publisher.publish(events);
  } catch {
    return events.length;
  }
}

/**
 * One line a run would have handed on while sending was paused (the quiet start, `los:sending`): to
 * whom, about which case and rule, at which stage. Ids only: never a name, an address or what a
 * message says.
 */
export interface HeldLine {
  /** The ledger key it would have been claimed under ({@link NoticeLine.key}, or a summary's key). */
  key: string;
  /** The message it would have gone in: `digest|<staffId>|<day>`, `team|<teamId>|<day>`, `weekly|…`. */
  message: string;
  kind: Notice['kind'];
  channel: 'email' | 'teams';
  /** A staff id, or `team:<teamId>` for a Teams channel. */
  recipient: string;
  /** Null for a weekly summary, which is about many cases. */
  caseId: string | null;
  rule: string | null;
  /** `reminder-5-working-days`, `due-today`, `escalation-1`…; null for a weekly summary. */
  stageKey: string | null;
  as: NoticeLine['as'] | null;
  /** The deadline's due date or instant as published; null for a weekly summary. */
  due: string | null;
}

/** A held line as recorded: the London day and the moment (ISO) of the run that held it. */
export interface HeldRecord extends HeldLine {
  day: string;
  heldAt: string;
}

/**
 * What the runs would have sent while sending was paused, for the administrators to read before
 * sending goes live (`los outbox list`). Apart from the ledger: a held line was sent to nobody, so it
 * never stops a later live run sending what is still due.
 */
export interface NoticeOutbox {
  /** Records the lines a run held on a London `day` (`YYYY-MM-DD`) at `heldAt`; a line held again that day replaces itself. */
  hold(day: string, heldAt: string, lines: readonly HeldLine[]): Promise<void>;
  /** The lines held on a London day, by key. */
  heldOn(day: string): Promise<HeldRecord[]>;
}

/** Whose cases a board page reads: teams' and workers' (by id), and the cases allocated to nobody yet. */
export interface TrackerHolders {
  teams: readonly string[];
  workers: readonly string[];
  unallocated: boolean;
}

/**
 * The board's index: each case's rows on the Line of Sight meeting's lists (the legal and permanency
 * trackers, and its open actions) as of its latest evaluation, filed under whoever holds the case, so
 * a board page reads the rows of its reader's line and nothing else (functions/core/trackers/row.ts
 * says what a row holds).
 */
export interface TrackerIndex {
  /**
   * Replaces a case's rows with those of a newer evaluation (none: the case is on no list). An older
   * or equal `version` is ignored, as {@link DeadlineStore.replaceCase}'s is. `fresh`: the caller
   * knows the case had no evaluation before this one (an import's new case), so there is no earlier
   * row to read.
   */
  replaceCase(
    caseId: string,
    version: number,
    rows: readonly BoardRow[],
    fresh?: boolean,
  ): Promise<'replaced' | 'stale'>;
  /** The rows of one list held by these teams, workers or nobody, in case reference order. */
  rowsHeldBy<L extends BoardList>(holders: TrackerHolders, list: L): Promise<RowOf<L>[]>;
}

/**
 * The timeliness figures' store: each case's deadlines by the month they fall due in
 * (functions/core/timeliness/stored.ts), kept by ingest with the deadlines, so a month's figures are
 * read from one month's entries and no event log is replayed.
 */
export interface TimelinessStore {
  /**
   * Replaces a case's months with those of a newer evaluation: a month whose content is unchanged is
   * not rewritten, a month the case no longer has is removed. An older or equal `version` is ignored,
   * as {@link DeadlineStore.replaceCase}'s is.
   */
  replaceCase(caseId: string, version: number, months: readonly CaseMonth[]): Promise<'replaced' | 'stale'>;
  /** Every case's entry for one month (`YYYY-MM`), in case reference order. */
  monthOf(month: string): Promise<StoredCaseMonth[]>;
  /** How many times a month's entries have changed: each entry written or removed counts one. */
  changesOf(month: string): Promise<number>;
  /**
   * A month's figures of one grouping as a reading last kept them, with the basis it kept them on (what
   * they were computed from: see `cli/commands/report.ts`); null when none are kept.
   */
  keptFigures(month: string, by: Grouping): Promise<KeptFigures | null>;
  /** Keeps a month's figures of one grouping for the next reading, in place of any kept before. */
  keepFigures(month: string, by: Grouping, kept: KeptFigures): Promise<void>;
}

/** A month's figures as kept for the next reading, and what they were computed from. */
export interface KeptFigures {
  basis: string;
  figures: MonthlyFigures;
}

/** The staff directory as stored. */
export interface DirectoryStore {
  /**
   * Replaces the whole directory (an import); staff marked undeliverable keep that mark. A load
   * meanwhile reads the old directory or the new one, whole, never part of either.
   */
  replace(directory: DirectoryData): Promise<{ staff: number; teams: number }>;
  load(): Promise<DirectoryData>;
  /** Marks every member of staff with this address undeliverable (after a bounce or complaint). */
  markUndeliverable(email: string, reason: string): Promise<number>;
}

/**
 * What was imported from each source (an extract's format, or a name a council gives one), case by
 * case: how an import tells a snapshot's new, corrected and deleted rows (core/imports/reconcile.ts).
 */
export interface ImportManifestStore {
  /** Every entry of a source's manifest, in no particular order; none before its first import. */
  entriesOf(source: string): Promise<ManifestEntry[]>;
  /** Replaces the entries of each of these cases of a source; a case with none left is removed. */
  saveCases(
    source: string,
    cases: readonly { caseId: string; entries: readonly ManifestEntry[] }[],
  ): Promise<void>;
}

/**
 * The last import of each source, as it recorded itself (core/imports/import-record.ts): what
 * `los doctor` reads to say when each source was last imported, and what it came to.
 */
export interface ImportLog {
  /** Replaces the source's record with this one. */
  record(entry: ImportRecord): Promise<void>;
  /** Every source's last record, by source name. */
  latest(): Promise<ImportRecord[]>;
}

/** The files dropped for import (the stateful stack's import bucket on AWS): read one by its key. */
export interface ImportFiles {
  /**
   * The first `limit` + 1 bytes of the file (all of it when it is no longer than `limit`, so more than
   * `limit` bytes means it is too long), or null when there is no file with that key (any more).
   */
  read(key: string, limit: number): Promise<Uint8Array | null>;
}

/** One rendered email. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email (SES v2 on AWS and on a laptop). Throws {@link SendError} when the send failed. */
export interface EmailSender {
  /** Returns the provider's message id. */
  send(email: OutgoingEmail): Promise<string | null>;
}

/** Posts a card to a Teams channel's Workflows webhook. */
export interface TeamsPoster {
  post(teamsChannel: string, payload: unknown): Promise<void>;
}

/** A send that failed: `retryable` when throttled or the service was unavailable, so a retry may work. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/**
 * What about the deployment refused a send: the Teams webhooks (not configured, the secret missing or
 * unreadable as a map, a channel with no entry or an entry that is not an https URL), the SES identity
 * (not verified, or IAM allows another), or the SES account (sending paused or suspended).
 */
export type SendingFault = 'teams-webhooks' | 'ses-identity' | 'ses-account';

/**
 * A send refused because of how the deployment is set up, not because of the message: every message
 * that needs the same thing fails the same way until it is put right. Not retryable; the notifier logs
 * it as such (an alarm fires at the first), and the message ends in the dead-letter queue to be sent
 * again once it is put right. Its message names the channel, the secret or the setting, never a URL or
 * an address.
 */
export class ConfigurationError extends SendError {
  constructor(
    message: string,
    readonly fault: SendingFault,
  ) {
    super(message, false);
    this.name = 'ConfigurationError';
  }
}

/**
 * The text of the actions recorded on the board: the one free text Line of Sight keeps, stored with
 * its case and encrypted (docs/security.md, "Action text"). Events name an action by its id only; the
 * board puts the text here when it records the action and reads it back to show the case to a reader
 * whose line includes it. Never in a notice, a log, an event or a URL.
 */
export interface ActionTextStore {
  /** Stores the text of an action of a case (again: replaces it). */
  put(caseId: string, actionId: string, text: string): Promise<void>;
  /** The texts of a case's actions, by action id (none: an empty map). */
  textsOf(caseId: string): Promise<Map<string, string>>;
}
