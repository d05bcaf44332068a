/**
 * A case's events put in one deterministic order: retracted events removed, duplicates kept once,
 * events after the as-of moment left out. Everything downstream relies on this order alone, which is
 * what makes the result independent of arrival order.
 */
import type { CaseEvent, EventType } from '../../../events/index.ts';
import { compareMoments, type Moment, momentOf } from './moments.ts';

export interface TimedEvent {
  event: CaseEvent;
  at: Moment;
}

/**
 * Same-day order by type: what opens a plan or placement comes first, then what happens within it, then
 * what ends it. So a visit on the day a plan starts counts for that plan, and a visit on the day it ends
 * still counts before the end. A placement that ends on the day the next starts is a move: the old one
 * ends first.
 */
const SAME_DAY_ORDER: readonly EventType[] = [
  'child.updated',
  'case.allocated',
  'referral.received',
  'care_period.started',
  'placement.ended',
  'placement.started',
  'cin_plan.started',
  'strategy_discussion.held',
  's47.started',
  'assessment.started',
  'conference.scheduled',
  'conference.held',
  'cp_plan.started',
  'visit_frequency.agreed',
  'visit.completed',
  'core_group.held',
  'cin_review.held',
  'cic_review.held',
  'health_assessment.completed',
  'assessment.completed',
  'assessment.authorised',
  's47.completed',
  'supervision.held',
  'oversight.recorded',
  'cp_plan.ended',
  'cin_plan.ended',
  'care_period.ended',
  'case.closed',
  'event.retracted',
];
const RANK = new Map<string, number>(SAME_DAY_ORDER.map((type, rank) => [type, rank]));

/** A stable identity for choosing between two events that share an id but differ (storage rejects these). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
}

function compareTimed(a: TimedEvent, b: TimedEvent): number {
  if (a.at.day !== b.at.day) return a.at.day - b.at.day;
  const rank = (RANK.get(a.event.type) ?? 0) - (RANK.get(b.event.type) ?? 0);
  if (rank !== 0) return rank;
  return compareMoments(a.at, b.at) || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);
}

const occurredBy = (at: Moment, asOf: Moment) =>
  at.day < asOf.day || (at.day === asOf.day && (at.ms === null || asOf.ms === null || at.ms <= asOf.ms));

/** The events that count as of `asOf`, in evaluation order. */
export function orderEvents(events: readonly CaseEvent[], asOf: Moment): TimedEvent[] {
  const byId = new Map<string, CaseEvent>();
  for (const event of events) {
    const seen = byId.get(event.id);
    if (!seen || canonical(event) < canonical(seen)) byId.set(event.id, event);
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
