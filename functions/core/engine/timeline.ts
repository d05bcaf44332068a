/**
 * A case's events put in one deterministic order: retracted events removed, duplicates kept once,
 * events after the as-of moment left out. Everything downstream relies on this order alone, which is
 * what makes the result independent of arrival order.
 */
import { type CaseEvent, canonicalJson, type EventType } from '../../../events/index.ts';
import { type Moment, momentOf } from './moments.ts';

export interface TimedEvent {
  event: CaseEvent;
  at: Moment;
}

/** Events on the same day are taken in these groups, in this order. */
const OPENS = 0;
const HAPPENS = 1;
const ENDS = 2;
const OVERSEES = 3;
const CLOSES = 4;

/**
 * Same-day order by type: what opens a plan, placement or piece of work comes first (what asks for
 * something before what answers it: a referral or a transfer request before the allocation, MASH checks
 * before the threshold decision that closes them), then what happens within it, then what ends it, then
 * management oversight, then the closure of the case. So a visit on
 * the day a plan starts counts for that plan, a visit on the day it ends still counts before the end, a
 * manager's oversight on the day of the event that called for it answers it, and a placement that ends
 * on the day the next starts is a move (the old one ends first). Every event type must be placed: the
 * type checker insists.
 */
const SAME_DAY_GROUP: Record<EventType, number> = {
  'child.updated': OPENS,
  'referral.received': OPENS,
  'early_help.started': OPENS,
  'case.transfer_requested': OPENS,
  'mash_enquiry.started': OPENS,
  'mash_enquiry.completed': OPENS,
  'threshold.decided': OPENS,
  'case.allocated': OPENS,
  'care_period.started': OPENS,
  'placement.ended': OPENS,
  'placement.started': OPENS,
  'placement.temporary_approval_extended': HAPPENS,
  'cin_plan.started': OPENS,
  'cp_plan.started': OPENS,
  'strategy_discussion.held': OPENS,
  's47.started': OPENS,
  'assessment.started': OPENS,
  'conference.scheduled': OPENS,
  'cic_review.scheduled': OPENS,
  'conference.held': OPENS,
  'private_fostering.notified': OPENS,
  'proceedings.issued': OPENS,
  // An order that ends on the day the court makes the next (a renewal) ends first, as a placement does.
  'dol_order.ended': OPENS,
  'dol_order.made': OPENS,
  'missing_episode.started': OPENS,
  'missing_episode.ended': OPENS,
  'decision.recorded': OPENS,
  'case_audit.completed': OPENS,
  'serious_incident.recorded': OPENS,
  'lado.referred': OPENS,
  'assessment.refused': OPENS,
  'visit_frequency.agreed': OPENS,
  'family.contacted': HAPPENS,
  'visit.completed': HAPPENS,
  'core_group.held': HAPPENS,
  'cin_review.held': HAPPENS,
  'cic_review.held': HAPPENS,
  'meeting.held': HAPPENS,
  'health_assessment.completed': HAPPENS,
  'return_interview.held': HAPPENS,
  'record.updated': HAPPENS,
  'report.submitted': HAPPENS,
  'assessment.completed': HAPPENS,
  'assessment.authorised': HAPPENS,
  's47.completed': HAPPENS,
  'iro.appointed': HAPPENS,
  'cic_notification.sent': HAPPENS,
  'personal_adviser.allocated': HAPPENS,
  'benefits_application.supported': HAPPENS,
  'transitions.notified': HAPPENS,
  'transitions.referred': HAPPENS,
  'supervision.held': HAPPENS,
  'pre_proceedings.letter_sent': HAPPENS,
  'pre_proceedings.meeting_held': HAPPENS,
  'dol_order.renewal_applied': HAPPENS,
  'cp_plan.ended': ENDS,
  'cin_plan.ended': ENDS,
  'care_period.ended': ENDS,
  'early_help.ended': ENDS,
  'private_fostering.ended': ENDS,
  'proceedings.concluded': ENDS,
  'pre_proceedings.ended': ENDS,
  'proceedings.extended': HAPPENS,
  // Each asks for something (a plan updated, a sign-off) that a record the same day answers.
  'significant_change.recorded': OPENS,
  'family_placement.completed': OPENS,
  // An action recorded at the board is there before what is done about it the same day.
  'action.recorded': OPENS,
  'action.moved': HAPPENS,
  'action.done': HAPPENS,
  'oversight.recorded': OVERSEES,
  'case.closed': CLOSES,
  'event.retracted': CLOSES,
};
/** Within a group, the order of the declaration above. */
const RANK = new Map<string, number>(
  Object.entries(SAME_DAY_GROUP).map(([type, group], position) => [type, group * 1000 + position] as const),
);

function compareTimed(a: TimedEvent, b: TimedEvent): number {
  if (a.at.day !== b.at.day) return a.at.day - b.at.day;
  const rank = (RANK.get(a.event.type) ?? 0) - (RANK.get(b.event.type) ?? 0);
  if (rank !== 0) return rank;
  // An event without a time counts from the end of its day (as hour-scale deadlines read it), so it
  // comes after the day's timed events of its group: one total order, whatever the arrival order.
  if (a.at.ms !== b.at.ms) {
    if (a.at.ms === null) return 1;
    if (b.at.ms === null) return -1;
    return a.at.ms - b.at.ms;
  }
  return a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0;
}

const occurredBy = (at: Moment, asOf: Moment) =>
  at.day < asOf.day || (at.day === asOf.day && (at.ms === null || asOf.ms === null || at.ms <= asOf.ms));

/** The events that count as of `asOf`, in evaluation order. */
export function orderEvents(events: readonly CaseEvent[], asOf: Moment): TimedEvent[] {
  const byId = new Map<string, CaseEvent>();
  for (const event of events) {
    const seen = byId.get(event.id);
    if (!seen || canonicalJson(event) < canonicalJson(seen)) byId.set(event.id, event);
  }
  const retracted = new Set<string>();
  for (const event of byId.values()) {
    if (event.type === 'event.retracted') retracted.add(event.data.eventId);
  }
  const timed: TimedEvent[] = [];
  for (const event of byId.values()) {
    if (event.type === 'event.retracted' || retracted.has(event.id)) continue;
    const at = momentOf(event.occurredAt);
    if (occurredBy(at, asOf)) timed.push({ event, at });
  }
  return timed.sort(compareTimed);
}
