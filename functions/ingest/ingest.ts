/**
 * Ingest: check each event against the contract, store it once, quarantine what cannot be accepted
 * with every reason, and recompute the deadlines of every case touched. The same code serves the SQS
 * handler, the HTTPS endpoint, the local runner and `los ingest`; only the adapters differ.
 */

import { createHash } from 'node:crypto';
import {
  type CaseEvent,
  canonicalJson,
  claimedEventId,
  jsonText,
  type Problem,
  parseCaseEvent,
  parseEventLine,
} from '../../events/index.ts';
import { allInParallel } from '../concurrency.ts';
import { type EpochMs, londonDayOf } from '../core/calendar/index.ts';
import {
  type CaseAllocation,
  type Deadline,
  deadlineJson,
  type EvaluationProblem,
  evaluateCase,
  OPEN_STATUSES,
  type Profile,
} from '../core/engine/index.ts';
import { importIdSource } from '../core/imports/reconcile.ts';
import {
  CATCH_UP_MS,
  type NoticeTiming,
  nextActionAt,
  type PlannedNotice,
  planNotices,
} from '../core/notices/plan.ts';
import {
  abandonedMarks,
  type CaseEventStore,
  type DeadlineStore,
  type QuarantineStore,
  type RecomputeMarks,
  type StoredDeadline,
  type TimelinessStore,
  type TrackerIndex,
} from '../core/ports.ts';
import { type CaseMonth, caseMonths } from '../core/timeliness/stored.ts';
import { type BoardRow, boardRows } from '../core/trackers/row.ts';

/** What ingest needs: the stores, the rules, when the runs happen, and the time. */
export interface IngestContext {
  events: CaseEventStore;
  deadlines: DeadlineStore;
  /** The board's trackers, kept with the deadlines by the same computation. */
  trackers: TrackerIndex;
  /** The timeliness figures' months, kept with the deadlines by the same computation. */
  timeliness: TimelinessStore;
  quarantine: QuarantineStore;
  marks: RecomputeMarks;
  profile: Profile;
  timing: NoticeTiming;
  now: () => EpochMs;
}

/** What happened to one item of a batch, in the batch's order. */
export interface ItemOutcome {
  /** 0-based position in the batch. */
  position: number;
  id: string | null;
  outcome: 'accepted' | 'duplicate' | 'rejected';
  problems: Problem[];
  /** For an event stored, how an ambiguous DfE code it held was read (present only when one was). */
  notices?: Problem[];
}

/**
 * A deadline the engine could not work out for a case from its events (a date of birth not recorded,
 * a frequency agreed for a rule the profile lacks): the case's events are stored, but the deadline is
 * missing until the case record is put right.
 */
export interface CaseProblem extends EvaluationProblem {
  caseId: string;
}

/** A case problem as one line for a person: the case, the rule and the event, then what is wrong. */
export const caseProblemText = (problem: CaseProblem) =>
  `case ${problem.caseId}, rule ${problem.rule} (event ${problem.eventId}): ${problem.message}`;

export interface IngestSummary {
  items: ItemOutcome[];
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Cases whose deadlines were recomputed. */
  cases: number;
  /** What could not be worked out for those cases, each case's problems in full at every recompute. */
  caseProblems: CaseProblem[];
  /**
   * Cases of earlier batches recomputed by this one because those batches stopped between storing
   * and recomputing (see {@link repairMarkedCases}); their problems are in `caseProblems` too.
   */
  repaired: number;
}

/** Events of a batch stored at once. */
const APPEND_CONCURRENCY = 8;

/**
 * Rejected input as the quarantine keeps it: text as it came, decoded JSON written out again without
 * recursion, since input nested too deep to accept would overflow the stack in `JSON.stringify`.
 */
const rawOf = (input: unknown) => (typeof input === 'string' ? input : jsonText(input));

/**
 * Orders computations of a case: more events always wins (the count only grows; corrections are events
 * too), and of two with the same events the later minute wins, so a recomputation that only moves the
 * next action on (after a run) is not mistaken for a stale one. A safe integer until the 22nd century.
 */
export const computationVersion = (eventCount: number, now: EpochMs) =>
  eventCount * 1e8 + Math.floor(now / 60_000);

/**
 * How long a closed deadline (met, cancelled or missed) stays in the projection: long enough for the
 * next digests to say it was resolved and for weekly summaries of what was in and out of timescale.
 * Older ones are in the event log, from which any of them can be recomputed.
 */
export const CLOSED_KEPT_DAYS = 35;

/** When a closed deadline closed: met, cancelled, or (missed) due. */
const closedOn = (deadline: Deadline) => (deadline.met ?? deadline.cancelled)?.at.day ?? deadline.due.day;

/**
 * The fingerprint of a deadline's plan ({@link StoredDeadline.plan}): its notices' moments, keys,
 * levels and urgency, and the allocation that addresses them. Equal fingerprints mean a run would send
 * the same notices to the same people at the same moments.
 */
function planFingerprint(notices: readonly PlannedNotice[], allocation: CaseAllocation | null): string {
  const plan = notices.map(({ at, key, levels, urgent }) => [at, key, levels, urgent]);
  return createHash('sha256')
    .update(canonicalJson([plan, allocation]))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * A case's deadlines, tracker rows and timeliness months as stored, computed from its whole event log as of `now`: the open ones and
 * those closed in the last {@link CLOSED_KEPT_DAYS} days, each with the moment it next needs action
 * (looking back over the catch-up window) and the case's allocation; and what could not be worked
 * out. Pure.
 */
export function caseComputation(
  caseId: string,
  events: readonly CaseEvent[],
  context: Pick<IngestContext, 'profile' | 'timing'>,
  now: EpochMs,
): { deadlines: StoredDeadline[]; trackers: BoardRow[]; timeliness: CaseMonth[]; problems: CaseProblem[] } {
  const today = londonDayOf(now);
  const asOf = { day: today, ms: now };
  const evaluation = evaluateCase(caseId, events, context.profile, asOf);
  const deadlines = evaluation.deadlines
    .filter((deadline) => OPEN_STATUSES.has(deadline.status) || closedOn(deadline) > today - CLOSED_KEPT_DAYS)
    .map((deadline) => {
      const closedAt = (deadline.met ?? deadline.cancelled)?.at ?? null;
      const notices = planNotices({ ...deadline, closedAt }, context.timing);
      const next = nextActionAt(notices, now - CATCH_UP_MS);
      return {
        caseId,
        deadline: deadlineJson(deadline),
        nextActionAt: next === null ? null : new Date(next).toISOString(),
        allocation: evaluation.allocation,
        plan: planFingerprint(notices, evaluation.allocation),
      };
    });
  return {
    deadlines,
    trackers: boardRows(events, evaluation, asOf),
    timeliness: caseMonths(events, evaluation, asOf, context.profile.calendar),
    problems: evaluation.problems.map((problem) => ({ caseId, ...problem })),
  };
}

/**
 * Recomputes one case's deadlines from its whole event log and stores them with their next action,
 * its rows on the board's trackers and its months of the timeliness figures; what could not be worked
 * out.
 */
export async function recomputeCase(caseId: string, context: IngestContext): Promise<CaseProblem[]> {
  const events = await context.events.eventsOf(caseId);
  const now = context.now();
  const { deadlines, trackers, timeliness, problems } = caseComputation(caseId, events, context, now);
  const version = computationVersion(events.length, now);
  await context.deadlines.replaceCase(caseId, version, deadlines);
  await replaceProjections(context, caseId, version, { trackers, timeliness });
  return problems;
}

/**
 * Stores what a computation of a case gives besides its deadlines (written first, with the due index):
 * its board rows and its timeliness months, each under the computation's version. `fresh`: the case
 * had no computation before this one (see `TrackerIndex.replaceCase`).
 */
export async function replaceProjections(
  context: Pick<IngestContext, 'trackers' | 'timeliness'>,
  caseId: string,
  version: number,
  computed: { trackers: readonly BoardRow[]; timeliness: readonly CaseMonth[] },
  fresh = false,
): Promise<void> {
  await Promise.all([
    context.trackers.replaceCase(caseId, version, computed.trackers, fresh),
    context.timeliness.replaceCase(caseId, version, computed.timeliness),
  ]);
}

/**
 * How far after its receipt an event may say it happened or was recorded: a day, for clocks and time
 * zones that disagree. Anything later is a mistake (a mistyped year) that would start nothing until
 * that date, so it is refused rather than kept silently.
 */
export const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

/** The problems of an event dated after it was received (beyond {@link FUTURE_TOLERANCE_MS}). */
export function aheadOfReceipt(event: CaseEvent, receivedMs: EpochMs): Problem[] {
  const received = new Date(receivedMs).toISOString();
  const problems: Problem[] = [];
  for (const path of ['occurredAt', 'recordedAt'] as const) {
    const text = event[path];
    if (text === undefined) continue;
    // A date alone counts from its start, so an event dated tomorrow is still within the tolerance.
    if (Date.parse(text) - receivedMs > FUTURE_TOLERANCE_MS) {
      problems.push({
        path,
        message: `is after the event was received (${received}): an event cannot have happened or been recorded in the future; check the year`,
      });
    }
  }
  return problems;
}

/**
 * A batch under way: the stores, when it arrived and from where, each item's outcome so far, and the
 * cases it touched.
 */
interface Batch {
  context: IngestContext;
  channel: string;
  receivedMs: EpochMs;
  /** `receivedMs` as the event log and the quarantine record it (ISO instant, UTC). */
  receivedAt: string;
  outcomes: ItemOutcome[];
  /**
   * Each case touched, with its recompute mark's token: marked before the case's first event is stored,
   * so a stop anywhere before its recompute leaves the mark for the next batch to repair.
   */
  touched: Map<string, Promise<string>>;
}

/** An item read as an event and checked, against the contract and then its receipt; or why it cannot be. */
export function readItem(
  input: unknown,
  receivedMs: EpochMs,
): { event: CaseEvent; notices?: Problem[] } | { problems: Problem[] } {
  // Text (a queue message body, an NDJSON line) is read as JSON first, so a bad one says so.
  const parsed = typeof input === 'string' ? parseEventLine(input) : parseCaseEvent(input);
  if (!parsed.ok) return { problems: parsed.problems };
  const ahead = aheadOfReceipt(parsed.event, receivedMs);
  return ahead.length > 0 ? { problems: ahead } : parsed;
}

/** Quarantines an item with every reason, and records it refused. */
async function refuse(batch: Batch, position: number, input: unknown, problems: Problem[]) {
  const { context, receivedAt, channel } = batch;
  await context.quarantine.put({ receivedAt, channel, raw: rawOf(input), problems });
  batch.outcomes.push({ position, id: claimedEventId(input), outcome: 'rejected', problems });
}

/** Marks a case the first time the batch is about to store one of its events; its mark's token. */
function markCase(batch: Batch, caseId: string): Promise<string> {
  let token = batch.touched.get(caseId);
  if (!token) {
    token = batch.context.marks.mark(caseId, batch.receivedAt);
    batch.touched.set(caseId, token);
  }
  return token;
}

/** Stores a checked event once, its case marked first; an event whose id holds another body is refused. */
async function storeEvent(
  batch: Batch,
  position: number,
  input: unknown,
  { event, notices }: { event: CaseEvent; notices?: Problem[] },
) {
  await markCase(batch, event.caseId);
  const stored = await batch.context.events.append(event, batch.receivedAt);
  if (stored === 'conflict' || stored === 'reserved') {
    const message =
      stored === 'conflict'
        ? `an event with id ${event.id} was already received with different content; the first one stands`
        : `the id ${event.id} has the form of the ids an import of the source ${importIdSource(event.id)} makes, and only that import writes them: send the event under an id of your own`;
    await refuse(batch, position, input, [{ path: 'id', message }]);
    return;
  }
  // A repeat is recomputed too (its case is marked): if an earlier attempt stored the event but
  // stopped before recomputing, the retry finishes the job.
  batch.outcomes.push({
    position,
    id: event.id,
    outcome: stored === 'stored' ? 'accepted' : 'duplicate',
    problems: [],
    ...(notices && { notices }),
  });
}

/** One item of the batch, read and checked, then stored once or quarantined. */
async function ingestItem(batch: Batch, position: number, input: unknown) {
  const read = readItem(input, batch.receivedMs);
  if ('problems' in read) await refuse(batch, position, input, read.problems);
  else await storeEvent(batch, position, input, read);
}

/** Every item of the batch, each read, checked and stored or quarantined; outcomes in the batch's order. */
async function ingestItems(batch: Batch, items: readonly unknown[]) {
  // Items claiming the same id go one after another (so the second is seen as the repeat it is);
  // different ids are stored a few at a time, since each store is a network round trip.
  const byId = new Map<string, number[]>();
  for (const [position, input] of items.entries()) {
    const id = claimedEventId(input) ?? `#${position}`;
    const group = byId.get(id);
    if (group) group.push(position);
    else byId.set(id, [position]);
  }
  await allInParallel(
    [...byId.values()].map((group) => async () => {
      for (const position of group) await ingestItem(batch, position, items[position]);
    }),
    APPEND_CONCURRENCY,
  );
  batch.outcomes.sort((a, b) => a.position - b.position);
}

/** Recomputes each case the batch touched, then clears its mark; what could not be worked out. */
async function recomputeTouchedCases(batch: Batch): Promise<CaseProblem[]> {
  const caseProblems: CaseProblem[] = [];
  for (const [caseId, token] of batch.touched) {
    caseProblems.push(...(await recomputeCase(caseId, batch.context)));
    await batch.context.marks.clear(caseId, await token);
  }
  return caseProblems;
}

/** The batch's summary: its outcomes counted, what could not be worked out, and the repair's count. */
function summaryOf(batch: Batch, caseProblems: CaseProblem[], repaired: number): IngestSummary {
  const count = (outcome: ItemOutcome['outcome']) =>
    batch.outcomes.filter((o) => o.outcome === outcome).length;
  return {
    items: batch.outcomes,
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
    cases: batch.touched.size,
    caseProblems,
    repaired,
  };
}

/**
 * Ingests a batch: reads and checks each item, stores it once or quarantines it with every reason,
 * recomputes each case touched and clears its mark, then repairs what earlier batches left half done.
 * Every item gets an outcome; nothing is dropped silently.
 */
export async function ingestBatch(
  items: readonly unknown[],
  channel: string,
  context: IngestContext,
): Promise<IngestSummary> {
  const receivedMs = context.now();
  const batch: Batch = {
    context,
    channel,
    receivedMs,
    receivedAt: new Date(receivedMs).toISOString(),
    outcomes: [],
    touched: new Map(),
  };
  await ingestItems(batch, items);
  const caseProblems = await recomputeTouchedCases(batch);
  // A repair that failed (the store unavailable a moment) is left to the next batch: this one's own
  // work is done, and failing it would only have it sent again.
  const repair = await repairMarkedCases(context).catch(() => null);
  if (repair) caseProblems.push(...repair.caseProblems);
  return summaryOf(batch, caseProblems, repair?.repaired ?? 0);
}

/** What a repair did. */
export interface RepairSummary {
  /** Cases recomputed because a mark was left behind. */
  repaired: number;
  /** What could not be worked out for those cases. */
  caseProblems: CaseProblem[];
}

/**
 * Repairs what a stop left half done. A batch marks each case before storing its events and clears
 * the mark after the case's recompute, so a mark older than any batch takes (`abandonedMarks`) is a
 * case whose stored events never reached its deadlines: every batch recomputes those after its own
 * work, and a start (`everything`, when nothing else can be writing) recomputes every marked case.
 * Each mark is cleared unless a later batch has marked the case again, which then clears it itself.
 */
export async function repairMarkedCases(context: IngestContext, everything = false): Promise<RepairSummary> {
  const marks = await context.marks.pending();
  const stale = everything ? marks : abandonedMarks(marks, context.now());
  const caseProblems: CaseProblem[] = [];
  for (const mark of stale) {
    caseProblems.push(...(await recomputeCase(mark.caseId, context)));
    await context.marks.clear(mark.caseId, mark.token);
  }
  return { repaired: stale.length, caseProblems };
}
