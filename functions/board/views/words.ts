/**
 * The board's words for the trackers' codes: why a child is on a tracker, the facts behind it, and where
 * a deadline stands. Plain English for a meeting, the code beside it where a manager may search for it.
 */
import { html } from 'hono/html';
import type { DeadlineStatus } from '../../core/engine/index.ts';
import type { Tracker, TrackerDeadline, TrackerFacts, TrackerReason } from '../../core/trackers/index.ts';
import { type StalledFlag, type StalledKind, thresholdSentence } from '../../core/trackers/stalled.ts';
import type { Markup } from './layout.ts';

/** Each tracker's heading. */
export const TRACKER_TITLES: Readonly<Record<Tracker, string>> = {
  legal: 'Legal tracker',
  permanency: 'Permanency tracker',
};

/** Why a child is on a tracker, in words. */
export const REASON_WORDS: Readonly<Record<TrackerReason, string>> = {
  'pre-proceedings': 'Pre-proceedings',
  'care-proceedings': 'Care proceedings',
  'dol-order': 'Deprivation of liberty order',
  'section-20': 'Accommodated under section 20',
  'unregistered-placement': 'Unregistered placement',
  'unregulated-placement': 'Unregulated placement',
  'reg-24-placement': 'Regulation 24 placement (temporary approval)',
  'initial-health-assessment-due': 'Initial health assessment due',
  'sdq-due': 'SDQ due',
};

const STAGE_WORDS = {
  decided: 'decided',
  'letter-sent': 'letter before proceedings sent',
  'initial-meeting-held': 'initial meeting held',
  'review-meeting-held': 'review meeting held',
} as const;

/** The facts that put a child on the trackers, one line each (none when nothing is known). */
export function factLines(facts: TrackerFacts): string[] {
  const lines: (string | null)[] = [
    facts.unborn ? 'Unborn baby' : null,
    facts.preProceedings
      ? `Pre-proceedings since ${facts.preProceedings.since}: ${STAGE_WORDS[facts.preProceedings.stage]}`
      : null,
    facts.proceedings
      ? `Proceedings issued ${facts.proceedings.issuedOn}; ${facts.proceedings.extensions} extension${facts.proceedings.extensions === 1 ? '' : 's'}`
      : null,
    facts.dolOrder
      ? `Deprivation of liberty order made ${facts.dolOrder.madeOn}, ends ${facts.dolOrder.endsOn}; renewal ${facts.dolOrder.renewalApplied ? 'applied for' : 'not applied for'}`
      : null,
    facts.legalStatus ? `Legal status: ${facts.legalStatus}` : null,
    facts.placementType ? `Placement: ${facts.placementType}` : null,
  ];
  return lines.filter((line) => line !== null);
}

/** Where a deadline stands, as a tag written out (never colour alone). */
export const statusTag = (status: DeadlineStatus | 'stalled' | 'open' | 'done' | 'withdrawn') =>
  html`<span class="tag ${status}">${status.replace('-', ' ')}</span>`;

/** A live deadline: status, what, when, and the engine's explanation of the date. */
export const deadlineItem = (deadline: TrackerDeadline): Markup =>
  html`<li>${statusTag(deadline.status)} <strong>${deadline.title}</strong>, due ${deadline.due}
<span class="explain">${deadline.explain}</span></li>`;

/** Each kind of stall, in words. */
export const STALLED_WORDS: Readonly<Record<StalledKind, string>> = {
  'pre-proceedings-past-review-point': 'Pre-proceedings past the review point',
  'section-20-no-permanence-plan': 'Section 20 with no permanence plan',
  'dol-order-ending-no-renewal': 'Deprivation of liberty order ending, no renewal',
  'unregistered-placement-not-reviewed': 'Unregistered placement not reviewed',
};

/** A stalled flag: what, since when, why, and the threshold with where it is set. */
export const stalledItem = (flag: StalledFlag): Markup =>
  html`<li>${statusTag('stalled')} <strong>${STALLED_WORDS[flag.kind]}</strong> since ${flag.since}
<span class="explain">${flag.explain} ${thresholdSentence(flag)}</span></li>`;
