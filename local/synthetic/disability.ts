/**
 * What the catalogue asks for a disabled child whatever plan they are on, worked out once the rest of
 * the history is written: a child and family assessment at least yearly while they are on a plan or
 * in care (and until the case closes), the Transitions Team told by the 14th birthday, and a
 * transition assessment and referral by the 16th birthday for a child in care, the 17th otherwise.
 */
import { addYears, type DayNumber } from '../../functions/core/calendar/index.ts';
import { days, nextOccurrence } from './cadence.ts';
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore } from './dates.ts';
import { reassessment } from './front-door.ts';
import type { CaseStory, Span } from './story.ts';

/** Adds a disabled child's yearly assessments and transition work to their history. */
export function disabledChildsWork(story: CaseStory): void {
  const since = story.disabledSince;
  if (since === undefined || since >= story.end) return;
  const care = story.spans('care_period.started', 'care_period.ended');
  yearlyAssessments(story, since, care);
  transitions(story, since, care);
}

/**
 * From the first day the child is both recorded as disabled and on a plan or in care, a child and
 * family assessment within every 12 months: the assessments the history already has count, and the
 * gaps between them are filled.
 */
function yearlyAssessments(story: CaseStory, since: DayNumber, care: readonly Span[]): void {
  const { rng, lateness, end } = story;
  const plans = [
    ...care,
    ...story.spans('cp_plan.started', 'cp_plan.ended'),
    ...story.spans('cin_plan.started', 'cin_plan.ended'),
  ];
  let first = Number.POSITIVE_INFINITY;
  for (const span of plans) if (span.end > since) first = Math.min(first, Math.max(span.start, since));
  if (first >= end) return;
  const done = story.daysOf(
    'assessment.completed',
    (data) => (data.assessmentType ?? 'child-and-family') === 'child-and-family',
  );
  let last = first;
  let index = 0;
  for (;;) {
    while (index < done.length && (done[index] as DayNumber) < last) index++;
    const next = done[index];
    if (next !== undefined && next <= addYears(last, 1)) {
      last = next;
      index++;
      continue;
    }
    const planned = nextOccurrence(rng, lateness, last, days(300, 364));
    if (planned >= end) return;
    if (next !== undefined && next <= planned) {
      last = next;
      index++;
      continue;
    }
    reassessment(story, planned);
    last = planned;
  }
}

/** The Transitions Team told by 14, and the transition assessment and referral by 16 (in care) or 17. */
function transitions(story: CaseStory, since: DayNumber, care: readonly Span[]): void {
  const { rng, end } = story;
  const fourteenth = story.birthday(14);
  if (since < fourteenth) {
    const day = story.onTime()
      ? Math.max(since, workingDayOnOrBefore(fourteenth - rng.int(0, 240)))
      : workingDayOnOrAfter(fourteenth + rng.int(1, 20));
    if (day < end) story.add('transitions.notified', day, {});
  }

  // The rule opens at the first event once a child in care is 15, or a child not in care is 16.
  const sixteenth = story.birthday(16);
  const seventeenth = story.birthday(17);
  let opens: DayNumber | undefined;
  let due: DayNumber | undefined;
  for (const span of care) {
    const day = Math.max(span.start, story.birthday(15), since);
    if (day < Math.min(span.end, sixteenth, end)) {
      opens = day;
      due = sixteenth;
      break;
    }
  }
  if (opens === undefined) {
    let day = Math.max(sixteenth, since);
    for (const span of care) if (span.start <= day && day < span.end) day = span.end;
    if (day < Math.min(seventeenth, end)) {
      opens = day;
      due = seventeenth;
    }
  }
  if (opens === undefined || due === undefined) return;
  const by = (latest: DayNumber) =>
    story.onTime()
      ? Math.max(opens, workingDayOnOrBefore(opens + Math.min(latest - opens - 3, rng.int(30, 300))))
      : workingDayOnOrAfter(latest + rng.int(1, 30));
  const started = by(due);
  const took = rng.int(10, 25);
  if (started < end) reassessment(story, addWorkingDays(started, took), took);
  const referred = by(due);
  if (referred < end) story.add('transitions.referred', referred, {});
}
