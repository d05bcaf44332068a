/**
 * Early Help: a family's episode from the day the service takes it on, on the catalogue's timescales
 * (allocated within 5 working days, the family contacted within 5 more and visited within 5 after
 * that, the Early Help assessment within 30 working days of the first visit, reviews every 12 weeks).
 */
import type { DayNumber } from '../../functions/core/calendar/index.ts';
import { days, repeat, workingDays } from './cadence.ts';
import { addWorkingDays, workingDayOnOrBefore } from './dates.ts';
import type { CaseStory } from './story.ts';

/** How an Early Help episode ends. */
export interface EarlyHelpOptions {
  /** It ends on this day, when the family steps up to children's social care. */
  readonly endsOn?: DayNumber;
  /** Otherwise, the chance that the work ends some months on, when the case closes. */
  readonly endChance: number;
}

/**
 * An Early Help episode from `started`. Early Help workers visit every few weeks between reviews; the
 * episode ends on `endsOn` (a step-up), or with probability `endChance` when the family's plan is
 * done, and the case closes.
 */
export function earlyHelpEpisode(story: CaseStory, started: DayNumber, options: EarlyHelpOptions): void {
  const { rng, lateness } = story;
  story.add('early_help.started', started, {});
  // From the next working day: the engine takes a day's allocations before its receipts into Early Help.
  const allocated = story.by(started, workingDays(1, 5));
  story.allocate(allocated, 'early-help', 'new');
  const contacted = story.by(allocated, workingDays(0, 5));
  story.add('family.contacted', contacted, {});
  const visited = story.by(contacted, workingDays(1, 5));
  story.visit(visited, story.seenVisit('early-help', visited, false));
  const ends =
    options.endsOn ??
    (rng.chance(options.endChance) ? workingDayOnOrBefore(visited + rng.int(120, 400)) : undefined);
  const until = Math.min(ends ?? Number.POSITIVE_INFINITY, story.asOf + 1);

  const assessed = story.by(visited, workingDays(10, 30));
  if (assessed < until) {
    story.add('assessment.started', addWorkingDays(visited, rng.int(0, 3)), { assessmentType: 'early-help' });
    story.add('assessment.completed', assessed, { assessmentType: 'early-help' });
    repeat({
      rng,
      lateness,
      from: assessed,
      until,
      gap: () => days(42, 84),
      occur: (day) => {
        story.meeting(day, 'early-help-review');
        return day;
      },
    });
  }
  story.visits('early-help', visited, until, () => days(14, 42));
  if (ends === undefined || ends > story.asOf) return;
  story.add('early_help.ended', ends, {});
  if (options.endsOn === undefined) story.close(addWorkingDays(ends, rng.int(0, 5)));
}
