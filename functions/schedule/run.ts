/**
 * A scheduled run: read from the due index only the deadlines whose next action has come, decide which
 * notices are due now, hand them on as intents, and move each deadline's next action on. Its cost grows
 * with what is due, not with the number of cases. Sending (with the ledger that makes each notice go
 * once) is the notifier's job; a run may repeat an intent after a retry, never skip one.
 */
import type { OversightLevel } from '../../events/index.ts';
import type { EpochMs } from '../core/calendar/index.ts';
import { momentOf, type Profile } from '../core/engine/index.ts';
import {
  type NoticeTiming,
  nextActionAt,
  type PlannedNotice,
  planNotices,
} from '../core/notices/schedule.ts';
import type { DeadlineStore, StoredDeadline } from '../core/ports.ts';
import { CATCH_UP_MS } from '../ingest/ingest.ts';

/** One notice to send: what it is about, which stage, and the manager levels beyond the worker. */
export interface NoticeIntent {
  /** The ledger key: one notice per deadline occurrence and stage, whatever the retries. */
  key: string;
  caseId: string;
  rule: string;
  occurrence: number;
  stage: PlannedNotice['stage']['kind'];
  stageKey: string;
  levels: readonly OversightLevel[];
  /** When it was due to go (ISO instant). */
  at: string;
  /** The deadline's due date or instant, as published. */
  due: string;
}

/** Where intents go: an SQS queue on AWS, the local notifier on a laptop, a list in tests. */
export interface IntentSink {
  send(intents: readonly NoticeIntent[]): Promise<void>;
}

export interface RunContext {
  deadlines: DeadlineStore;
  intents: IntentSink;
  profile: Profile;
  timing: NoticeTiming;
}

export interface RunSummary {
  /** Deadlines read from the due index. */
  read: number;
  intents: number;
  /** Deadlines whose rule is no longer in the profile: taken out of the index, and counted here. */
  unknownRules: number;
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
  const recent = reached.filter((notice) => !isEscalation(notice) && notice.at > asOf - CATCH_UP_MS);
  const latestEscalation = reached.filter(isEscalation).at(-1);
  return latestEscalation ? [...recent, latestEscalation] : recent;
}

const intentOf = (stored: StoredDeadline, notice: PlannedNotice): NoticeIntent => ({
  key: `${stored.caseId}|${stored.deadline.rule}|${stored.deadline.occurrence}|${notice.key}`,
  caseId: stored.caseId,
  rule: stored.deadline.rule,
  occurrence: stored.deadline.occurrence,
  stage: notice.stage.kind,
  stageKey: notice.key,
  levels: notice.levels,
  at: new Date(notice.at).toISOString(),
  due: stored.deadline.due,
});

/** Runs once as of `asOf`. */
export async function runSchedule(asOf: EpochMs, context: RunContext): Promise<RunSummary> {
  const rules = new Map(context.profile.rules.map((rule) => [rule.id, rule]));
  const summary: RunSummary = { read: 0, intents: 0, unknownRules: 0 };
  const batch: NoticeIntent[] = [];
  for await (const stored of context.deadlines.dueBy(new Date(asOf).toISOString())) {
    summary.read += 1;
    const { rule: ruleId, occurrence, due } = stored.deadline;
    const rule = rules.get(ruleId);
    if (!rule) {
      summary.unknownRules += 1;
      await context.deadlines.setNextAction(stored.caseId, ruleId, occurrence, null);
      continue;
    }
    // Stored deadlines in the index are open: an event that met one recomputed it out of the index.
    const notices = planNotices({ due: momentOf(due), status: 'overdue', rule }, context.timing);
    batch.push(...noticesDueNow(notices, asOf).map((notice) => intentOf(stored, notice)));
    const next = nextActionAt(notices, asOf);
    await context.deadlines.setNextAction(
      stored.caseId,
      ruleId,
      occurrence,
      next === null ? null : new Date(next).toISOString(),
    );
  }
  if (batch.length > 0) await context.intents.send(batch);
  summary.intents = batch.length;
  return summary;
}
