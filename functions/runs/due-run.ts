/**
 * A scheduled run: read from the due index only the deadlines whose next action has come, decide which
 * notices are due now, address them through the directory and gather them into messages (a digest per
 * person per day, a card per team channel, alerts at once for hour-scale deadlines), hand the messages
 * to the notifier, and only then move each deadline's next action on. Its cost grows with what is due,
 * not with the number of cases.
 *
 * Which run does what: the morning run, on a working day, sends everything due; the hourly run, and a
 * morning run on a bank holiday, only what hour-scale deadlines need (quiet hours: no digests on
 * weekends or bank holidays). Day-scale deadlines due meanwhile stay in the index for the next
 * working morning. Sending, with the ledger that sends each notice once, is the notifier's job: a run
 * may hand on a message twice after a retry, never skip one.
 */
import type { EpochMs } from '../core/calendar/index.ts';
import { formatIsoDate, londonDayOf } from '../core/calendar/index.ts';
import { Directory } from '../core/directory/resolve.ts';
import { momentOf, type Profile } from '../core/engine/index.ts';
import { composeNotices, type DueNotice } from '../core/notices/compose.ts';
import { runDeadlineEvents } from '../core/notices/deadline-events.ts';
import type { DirectoryGap, NoticeLine } from '../core/notices/message.ts';
import {
  CATCH_UP_MS,
  type NoticeTiming,
  nextActionAt,
  type PlannedNotice,
  planNotices,
} from '../core/notices/plan.ts';
import {
  abandonedMarks,
  type DeadlineEventPublisher,
  type DeadlineStore,
  type DirectoryStore,
  type DueDeadline,
  type LedgerRecord,
  type NoticeLedger,
  type NoticeOutbox,
  type NoticeSink,
  publishBestEffort,
  type RecomputeMarks,
} from '../core/ports.ts';
import { heldLines } from './held-lines.ts';

/** Which schedule started a run. A manual run (by hand, or `los demo`) acts as the morning run. */
export type RunKind = 'morning' | 'hourly' | 'manual';

export interface RunContext {
  deadlines: DeadlineStore;
  directory: DirectoryStore;
  /** Counted, so that cases whose events never reached their deadlines raise an alarm. */
  marks: Pick<RecomputeMarks, 'pending'>;
  /** Read for resolved deadlines: who was told of them. */
  ledger: Pick<NoticeLedger, 'noticesOf'>;
  notices: NoticeSink;
  /**
   * Where the run publishes the breaches, escalation steps and late resolutions it hands on (see
   * `core/notices/deadline-events.ts`), after handing them on; none are published when left out.
   */
  deadlineEvents?: DeadlineEventPublisher;
  profile: Profile;
  timing: NoticeTiming;
  /**
   * Set while sending is paused (the quiet start, `los:sending`): the run records here each line it
   * would have handed on, hands on nothing (and publishes no deadline event), and moves no deadline on,
   * so that once sending is live the next run reads everything still due and sends only what is
   * current: the last day's reminders and the latest step of each breach ({@link noticesDueNow}).
   */
  holdIn?: NoticeOutbox;
  /**
   * False when Teams is not configured (`los:teamsWebhooksSecret` unset): the run makes no cards, and a
   * team without a channel is no gap. True unless set.
   */
  teamsCards?: boolean;
}

export interface RunSummary {
  run: RunKind;
  /** `paused` when the run held its lines in the outbox instead of handing them on. */
  sending: 'live' | 'paused';
  /** Whether day-scale notices (digests, team summaries) were sent: a working-day morning. */
  dayScale: boolean;
  /** Deadlines read from the due index. */
  read: number;
  /** Deadlines acted on (the others wait for the next working morning). */
  acted: number;
  /** Notices due, before addressing. */
  due: number;
  emails: number;
  cards: number;
  /** Lines across all messages: one per notice per recipient. */
  lines: number;
  /** Gaps in the directory met while addressing: vacant posts, leavers, unallocated cases. */
  gaps: DirectoryGap[];
  /** Deadlines whose rule is no longer in the profile: taken out of the index, and counted here. */
  unknownRules: number;
  /** Deadlines whose next action could not be moved on (a store error): read again by the next run. */
  unmoved: number;
  /**
   * Deadlines recomputed (or moved by another run) between this run's read and its move: left as the
   * newer computation put them.
   */
  overtaken: number;
  /**
   * Cases whose events were stored but whose deadlines were not recomputed from them, left so by a
   * batch that stopped (see `abandonedMarks`): the next batch repairs them; counted for the alarm.
   */
  awaitingRecompute: number;
  /** Deadline events the run could not publish (best effort: counted for the alarm, never retried). */
  deadlineEventsNotPublished: number;
}

const isEscalation = (notice: PlannedNotice) =>
  notice.stage.kind === 'escalation' || notice.stage.kind === 'repeat';

/**
 * The notices a deadline needs now: reminders and "due today" from the last day only (a reminder that
 * was missed is stale by the next day), and of the escalation steps only the latest reached, so a run
 * after a gap catches up without a flood of earlier steps.
 */
export function noticesDueNow(notices: readonly PlannedNotice[], asOf: EpochMs): PlannedNotice[] {
  const reached = notices.filter((notice) => notice.at <= asOf);
  const recent = reached.filter((notice) => !isEscalation(notice) && notice.at >= asOf - CATCH_UP_MS);
  const latestEscalation = reached.filter(isEscalation).at(-1);
  return latestEscalation ? [...recent, latestEscalation] : recent;
}

/**
 * Fills in, for each `resolved` notice, the people sent a notice about that deadline occurrence: one
 * ledger read per case with anything resolved.
 */
async function addToldBefore(due: DueNotice[], ledger: RunContext['ledger']) {
  const trails = new Map<string, Promise<LedgerRecord[]>>();
  for (const item of due) {
    if (item.notice.stage.kind !== 'resolved') continue;
    const { caseId } = item.stored;
    if (!trails.has(caseId)) trails.set(caseId, ledger.noticesOf(caseId));
    const told = new Map<string, NoticeLine['as']>();
    for (const record of await (trails.get(caseId) as Promise<LedgerRecord[]>)) {
      if (
        record.rule === item.rule.id &&
        record.occurrence === item.stored.deadline.occurrence &&
        record.channel === 'email' &&
        // A line left claimed was sent and not marked (see deliverNotice): its reader was told.
        record.state !== 'failed' &&
        record.stageKey !== 'resolved'
      ) {
        told.set(record.recipient, record.as);
      }
    }
    item.toldBefore = [...told].map(([staffId, as]) => ({ staffId, as }));
  }
}

/** Runs once as of `asOf`. */
export async function runSchedule(asOf: EpochMs, run: RunKind, context: RunContext): Promise<RunSummary> {
  const rules = new Map(context.profile.rules.map((rule) => [rule.id, rule]));
  const londonDay = londonDayOf(asOf);
  const dayScale = run !== 'hourly' && context.timing.calendar.isWorkingDay(londonDay);
  const summary: RunSummary = {
    run,
    sending: context.holdIn ? 'paused' : 'live',
    dayScale,
    read: 0,
    acted: 0,
    due: 0,
    emails: 0,
    cards: 0,
    lines: 0,
    gaps: [],
    unknownRules: 0,
    unmoved: 0,
    overtaken: 0,
    awaitingRecompute: abandonedMarks(await context.marks.pending(), asOf).length,
    deadlineEventsNotPublished: 0,
  };
  const due: DueNotice[] = [];
  const moves: { stored: DueDeadline; next: EpochMs | null }[] = [];
  for await (const stored of context.deadlines.dueBy(new Date(asOf).toISOString())) {
    summary.read += 1;
    const rule = rules.get(stored.deadline.rule);
    if (!rule) {
      summary.unknownRules += 1;
      moves.push({ stored, next: null });
      continue;
    }
    const { status, metAt, cancelledAt } = stored.deadline;
    const dueMoment = momentOf(stored.deadline.due);
    const closedText = metAt ?? cancelledAt;
    const notices = planNotices(
      {
        due: dueMoment,
        // An open deadline's stored status is as of its last computation; its notices do not depend on it.
        // A missed one stays missed: its window closed.
        status: closedText === undefined && status !== 'missed' ? 'overdue' : status,
        closedAt: closedText === undefined ? null : momentOf(closedText),
        rule,
      },
      context.timing,
    );
    const dueNow = noticesDueNow(notices, asOf);
    // Outside a working morning only urgent notices go: a deadline with anything else due waits, whole,
    // for the next working morning's digests.
    if (!dayScale && dueNow.some((notice) => !notice.urgent)) continue;
    for (const notice of dueNow) {
      due.push({ stored, rule, notice, hourScale: dueMoment.ms !== null, toldBefore: [] });
    }
    moves.push({ stored, next: nextActionAt(notices, asOf) });
  }
  summary.acted = moves.length - summary.unknownRules;
  summary.due = due.length;

  if (due.length > 0) {
    await addToldBefore(due, context.ledger);
    const directory = new Directory(await context.directory.load(), formatIsoDate(londonDay));
    const composed = composeNotices(due, directory, {
      day: formatIsoDate(londonDay),
      asOf: new Date(asOf).toISOString(),
      digest: dayScale,
      cards: context.teamsCards !== false,
    });
    if (context.holdIn) {
      await context.holdIn.hold(
        formatIsoDate(londonDay),
        new Date(asOf).toISOString(),
        heldLines(composed.notices),
      );
    } else {
      // Handed on before any next action moves: a run that stops half-way is redone, never lost.
      await context.notices.send(composed.notices);
      summary.deadlineEventsNotPublished = await publishBestEffort(
        context.deadlineEvents,
        runDeadlineEvents(due),
      );
    }
    summary.emails = composed.notices.filter((notice) => notice.channel === 'email').length;
    summary.cards = composed.notices.length - summary.emails;
    summary.lines = composed.notices.reduce((total, notice) => total + notice.lines.length, 0);
    summary.gaps = composed.gaps;
  }
  // While paused nothing moves on: what was held is still due when sending goes live.
  for (const { stored, next } of context.holdIn ? [] : moves) {
    try {
      const outcome = await context.deadlines.setNextAction(
        stored,
        next === null ? null : new Date(next).toISOString(),
        new Date(asOf).toISOString(),
      );
      if (outcome === 'changed') summary.overtaken += 1;
    } catch {
      // Its messages are handed on already: the deadline stays due, the next run reads it again and
      // the ledger sends nothing twice. Failing the run here would only redo the others' work.
      summary.unmoved += 1;
    }
  }
  return summary;
}
