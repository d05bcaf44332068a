/**
 * Unregistered and unregulated placements, which the Line of Sight meeting's permanency tracker lists
 * (seed `line-of-sight`: "Unregistered placements", "Unregulated placements"): a placement made when
 * no registered home can be found, for some weeks until a registered one is, and reviewed by a Service
 * Manager every week while it lasts. Whether a child has one is drawn from the case's rarer stream
 * (`CaseStory.rare`), so the other cases keep their histories.
 */
import type { PlacementType } from '../../events/index.ts';
import type { DayNumber } from '../../functions/core/calendar/index.ts';
import { days } from './cadence.ts';
import { workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import type { CaseStory } from './story.ts';
import type { DataOf } from './timeline.ts';

/** A placement of a period in care, from its first day. */
export interface PlannedPlacement {
  readonly start: DayNumber;
  readonly data: DataOf<'placement.started'>;
}

/**
 * The share of children in care, from 12, who spend some weeks in an unregistered or unregulated
 * placement: a few per cent of a council's children in care.
 */
const UNREGISTERED_SHARE = 0.06;
/** Of those, the share placed in the last four months (a placement that lasts weeks is on the tracker only then). */
const RECENT_SHARE = 0.5;
/** The chance that the weekly review of a placement still running has lapsed by the end of the history. */
const LAPSED_CHANCE = 0.4;

/** The kinds of placement the weekly review follows. */
export const UNREGISTERED_TYPES: readonly PlacementType[] = ['unregistered', 'unregulated'];

/**
 * `placements` (of a period in care from `start` to `until`), with an unregistered or unregulated one
 * for the share of children 12 or over who have one: lasting 2 to 16 weeks, then a registered
 * residential home (or, from 16, supported accommodation), and the placements planned after it.
 * From 16 an unregulated placement is as likely as an unregistered one.
 */
export function withUnregisteredPlacement(
  story: CaseStory,
  placements: readonly PlannedPlacement[],
  start: DayNumber,
  until: DayNumber,
): readonly PlannedPlacement[] {
  const { rare, asOf } = story;
  if (!rare.chance(UNREGISTERED_SHARE)) return placements;
  const soonest = Math.max(start + 30, story.birthday(12));
  const latest = Math.min(until, asOf + 1) - 7;
  if (soonest >= latest) return placements;
  const from = rare.chance(RECENT_SHARE) ? Math.max(soonest, latest - 120) : soonest;
  const begins = workingDayOnOrBefore(rare.int(from, latest));
  if (begins <= start) return placements;
  const moves = workingDayOnOrBefore(begins + rare.int(14, 112));
  const sixteen = story.ageOn(begins) >= 16;
  const type: PlacementType = sixteen && rare.chance(0.5) ? 'unregulated' : 'unregistered';
  const registered: PlacementType = story.ageOn(moves) >= 16 ? 'semi-independent' : 'residential';
  return [
    ...placements.filter((planned) => planned.start < begins),
    { start: begins, data: { placementType: type } },
    ...(moves < until ? [{ start: moves, data: { placementType: registered } }] : []),
    ...placements.filter((planned) => planned.start > moves),
  ];
}

/**
 * A Service Manager's review of an unregistered or unregulated placement from `start` until `next`,
 * recorded as oversight every week, now and then late. The review of one still running at the end
 * of the history has lapsed now and then: the last one was held a fortnight or so before.
 */
export function weeklyReviews(story: CaseStory, start: DayNumber, next: DayNumber): void {
  const { rare, asOf } = story;
  const lapsed = next > asOf && rare.chance(LAPSED_CHANCE);
  let last = start;
  const until = lapsed ? asOf - rare.int(9, 20) : next;
  for (;;) {
    // A week's wait can end in a long bank holiday: the review is then held on the next working day.
    const day = Math.max(story.by(last, days(4, 7)), workingDayOnOrAfter(last + 1));
    if (day >= until) return;
    story.overseeOn(day, 'SM');
    last = day;
  }
}
