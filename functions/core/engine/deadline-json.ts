/**
 * The published JSON shape of deadlines (`los deadlines --json`, reports, the pipeline's projection):
 * plain strings and arrays only, dates as `YYYY-MM-DD` and instants as ISO datetimes in London time.
 */
import type { Citation, EscalationStep, RuleOwner } from '../../../rules/schema.ts';
import { formatIsoDate, formatLondonDateTime } from '../calendar/index.ts';
import {
  type CaseAllocation,
  type CaseEvaluation,
  type Deadline,
  type DeadlineStatus,
  type EvaluationProblem,
  type EventRef,
  OPEN_STATUSES,
} from './evaluate.ts';
import type { Moment } from './moments.ts';

export interface EventRefJson {
  eventId: string;
  type: string;
  occurredAt: string;
}

export interface DeadlineJson {
  rule: string;
  title: string;
  /** What to do to meet it, from the catalogue ("Visit and see the child"). */
  action: string;
  category: string;
  occurrence: number;
  due: string;
  status: DeadlineStatus;
  metAt?: string;
  metBy?: EventRefJson;
  cancelledAt?: string;
  cancelledBy?: EventRefJson;
  anchor: EventRefJson;
  /** When it is due and why, then where it stands (see {@link whyDue}). */
  explain: string;
  /** Every document it rests on: the standards, then the law where the law applies. */
  source: Citation[];
  escalation: EscalationStep[];
  /** Who must act: the allocated worker, or a manager at this level or above on their reporting line. */
  owner: RuleOwner;
  /** Rules with items: the item it is for (a board action's id). */
  item?: string;
  /**
   * Rules with items that name one: the member of staff who must act (a board action's owner), by
   * directory id. Notices go to them and escalate up their line instead of the allocated worker's.
   */
  assignee?: string;
}

/**
 * Whom a deadline is addressed through: its case's allocation, or for one with an assignee (a board
 * action's owner) the assignee as if the case were allocated to them in its team, so their notices,
 * their managers and the figures that count it follow the one who must act.
 */
export function actingAllocation(
  allocation: CaseAllocation | null,
  assignee: string | undefined,
): CaseAllocation | null {
  return assignee === undefined ? allocation : { workerId: assignee, teamId: allocation?.teamId ?? null };
}

export interface CaseDeadlinesJson {
  caseId: string;
  deadlines: DeadlineJson[];
  problems?: EvaluationProblem[];
}

/** A moment as text: a date when only the date matters, else the instant in London time. */
export const momentText = (moment: Moment) =>
  moment.ms === null ? formatIsoDate(moment.day) : formatLondonDateTime(moment.ms);

const refJson = (ref: EventRef): EventRefJson => ({
  eventId: ref.event.id,
  type: ref.event.type,
  occurredAt: ref.event.occurredAt,
});

/** One deadline in its published shape. */
export function deadlineJson(deadline: Deadline): DeadlineJson {
  return {
    rule: deadline.rule.id,
    title: deadline.rule.title,
    action: deadline.rule.action,
    category: deadline.rule.category,
    occurrence: deadline.occurrence,
    due: momentText(deadline.due),
    status: deadline.status,
    ...(deadline.met && { metAt: momentText(deadline.met.at), metBy: refJson(deadline.met) }),
    ...(deadline.cancelled && {
      cancelledAt: momentText(deadline.cancelled.at),
      cancelledBy: refJson(deadline.cancelled),
    }),
    anchor: refJson(deadline.anchor),
    explain: deadline.explain,
    source: deadline.rule.source,
    escalation: deadline.rule.escalation,
    owner: deadline.rule.owner,
    ...(deadline.item !== undefined && { item: deadline.item }),
    ...(deadline.assignee !== undefined && { assignee: deadline.assignee }),
  };
}

/** One case's evaluation in its published shape. */
export function caseDeadlinesJson(evaluation: CaseEvaluation): CaseDeadlinesJson {
  return {
    caseId: evaluation.caseId,
    deadlines: evaluation.deadlines.map(deadlineJson),
    ...(evaluation.problems.length > 0 && { problems: evaluation.problems }),
  };
}

// The date holds no ": " ("Sun 20 Sep 2026, 17:24 BST") and the reasons no full stop: the words they
// are made of (titles, regimes' reasons, period names) are checked for one at load.
const FIRST_SENTENCE = /^(Due .*?: (.*?)\.)(?: |$)/;

/**
 * Why a deadline falls due when it does, from its explanation ("Due <when>: <why>. <where it
 * stands>"): "10 working days after the visit on Fri 18 Dec 2026; 25 and 28 Dec and 1 Jan are bank
 * holidays". It does not depend on the moment the deadline was evaluated at, so a notice line can show
 * it beside its own date and standing, worked out as of the run. An explanation not in that form is
 * kept whole.
 */
export function whyDue(explain: string): string {
  return FIRST_SENTENCE.exec(explain)?.[2] ?? explain;
}

/**
 * An explanation's first sentence, whole ("Due Fri 8 Jan 2027: 10 working days after the visit on Fri
 * 18 Dec 2026."): what it says that does not depend on the moment it was evaluated at.
 */
export function dueSentence(explain: string): string {
  return FIRST_SENTENCE.exec(explain)?.[1] ?? explain;
}

/**
 * What a published deadline says that does not depend on the moment it was evaluated at: the same
 * deadline, but an open one's status reads `open` (rather than upcoming, due or overdue) and its
 * explanation is only why it is due ({@link whyDue}), without where it stands ("Due in 3 working
 * days.", "Overdue by 2 working days."), which counts from that moment. Two evaluations of a case's
 * events on different days give the same substance for every deadline whose due date, anchor, rule
 * and outcome did not change; one that closes (met, cancelled, missed) or whose wording changed
 * differs. The store compares it to rewrite only the occurrences that changed.
 */
export function substanceOf(deadline: DeadlineJson): Omit<DeadlineJson, 'status'> & { status: string } {
  if (!OPEN_STATUSES.has(deadline.status)) return deadline;
  return { ...deadline, status: 'open', explain: whyDue(deadline.explain) };
}
