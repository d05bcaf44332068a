/**
 * A seeded, reproducible synthetic council: staff, cases and each case's event history up to an as-of
 * date, for `npm start` and for benchmarks. Everything in it is invented: cases and staff have ids
 * only, never names, and every event names `synthetic` as its source.
 *
 * Cases follow a typical council's mix (7% Early Help, 32% child in need, 14% child protection, 28% in
 * care, 9% care leavers, 10% at referral or assessment), with the work every rule in the catalogue
 * reads: the front door (recording, MASH checks, threshold decisions, strategy discussions), enquiries,
 * conferences and their reports, plans, visits and reviews, care (placements, plans, health,
 * education, permanence, proceedings, leaving care), what the Line of Sight trackers follow
 * (pre-proceedings, unborn babies among them, deprivation of liberty orders, unregistered and
 * unregulated placements), records, supervision and the manager's oversight each significant event
 * calls for, written up in the case system with times where the standards count hours. The work
 * follows the catalogue's timescales, mostly on time (about 88% of occurrences of each rule),
 * sometimes late, occasionally missed, so that on the as-of date a few deadlines are overdue, some
 * fall due within days and a handful fall due that day.
 */
import type { CaseEvent } from '../events/index.ts';
import {
  addYears,
  englandAndWalesCalendar,
  formatIsoDate,
  isIsoDate,
  parseIsoDate,
} from '../functions/core/calendar/index.ts';
import type { Profile } from '../functions/core/engine/index.ts';
import { builtInProfile } from '../functions/core/rules/load.ts';
import { COHORT_SERVICE, COHORT_SHARES, COHORTS, type Cohort, writeHistory } from './synthetic/cohorts.ts';
import { createRandom, deriveSeed, type Random } from './synthetic/random.ts';
import { buildStaff, SERVICES, type Service, type SyntheticStaff } from './synthetic/staff.ts';
import { CaseStory } from './synthetic/story.ts';

export type { StaffLevel, SyntheticStaff } from './synthetic/staff.ts';

/** What to generate. */
export interface SyntheticCouncilOptions {
  /** Any safe integer; the same options always give the same council. */
  seed: number;
  /** The last day of every history, `YYYY-MM-DD`, from 2021-01-01 to the last year the calendar knows. */
  asOf: string;
  /** How many cases (a whole number, 0 or more). */
  cases: number;
}

/** A generated council. */
export interface SyntheticCouncil {
  /**
   * Every case's events, case by case in `caseIds` order, each case's in date order; none after the
   * as-of date. Ids are `${caseId}-e${n}`, numbered in that order.
   */
  events: CaseEvent[];
  /** The staff, top down from the Director; workers carry about 16 cases each. */
  staff: SyntheticStaff[];
  /** The case ids, `CASE-10001` upwards. */
  caseIds: string[];
  /** The first assessment team: the front door, which answers for cases not yet allocated. */
  dutyTeamId: string;
}

/** Histories start no earlier than this: well inside the years whose bank holidays the calendar knows. */
const EARLIEST_HISTORY_DAY = parseIsoDate('2021-01-01');
/** Histories are capped at this many years before the as-of date. */
const HISTORY_YEARS = 3;
const FIRST_CASE_NUMBER = 10_001;
/** Stream 0 deals out the cohorts; case `n` (from 0) draws from stream `n + 1`. */
const COHORT_STREAM = 0;
/** A case's rarer happenings draw from this sub-stream of its own stream. */
const RARE_STREAM = 1;

/** One case of a council: its id and its events, in date order. */
export interface SyntheticCase {
  caseId: string;
  events: CaseEvent[];
}

/**
 * A council before its histories are written: its staff and case ids, and its cases written on demand,
 * a slice at a time, so that a large council (20,000 cases) need not be held whole. Each case draws
 * from its own random stream, so a slice is the same as those cases of {@link generateCouncil}.
 */
export interface SyntheticCouncilPlan extends Omit<SyntheticCouncil, 'events'> {
  /** The cases from index `from` (0 for `CASE-10001`) up to, not including, `to`, in order. */
  cases(from?: number, to?: number): Generator<SyntheticCase>;
}

/**
 * Plans a synthetic council (see {@link generateCouncil}, whose cases these are).
 *
 * @throws as {@link generateCouncil}.
 */
export function planCouncil(options: SyntheticCouncilOptions): SyntheticCouncilPlan {
  const { seed, cases } = options;
  const asOf = readAsOf(options.asOf);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer; got ${seed}`);
  if (!Number.isSafeInteger(cases) || cases < 0) {
    throw new RangeError(`cases must be a whole number of 0 or more; got ${cases}`);
  }
  const windowStart = Math.max(EARLIEST_HISTORY_DAY, addYears(asOf, -HISTORY_YEARS));
  const cohorts = dealCohorts(createRandom(deriveSeed(seed, COHORT_STREAM)), cases);
  const casesByService = zeroPerService();
  for (const cohort of cohorts) casesByService[COHORT_SERVICE[cohort]]++;
  const directory = buildStaff(casesByService);
  const lapses = lapseRules();
  const caseIdOf = (index: number) => `CASE-${FIRST_CASE_NUMBER + index}`;

  function* slice(from = 0, to = cases): Generator<SyntheticCase> {
    // Each service's cases end with its workers in turn, so caseloads come out even: count the
    // cases before the slice to know whose turn it is.
    const allocated = zeroPerService();
    for (const cohort of cohorts.slice(0, from)) allocated[COHORT_SERVICE[cohort]]++;
    for (let index = from; index < Math.min(to, cases); index++) {
      const cohort = cohorts[index] as Cohort;
      const caseId = caseIdOf(index);
      const finalService = COHORT_SERVICE[cohort];
      const workers = directory.workers[finalService];
      const caseSeed = deriveSeed(seed, index + 1);
      const story = new CaseStory({
        caseId,
        rng: createRandom(caseSeed),
        rare: createRandom(deriveSeed(caseSeed, RARE_STREAM)),
        asOf,
        windowStart,
        directory,
        finalService,
        finalWorker: workers[allocated[finalService]++ % workers.length] as string,
      });
      writeHistory(story, cohort);
      yield { caseId, events: story.answerLapses(story.finish(), lapses) };
    }
  }
  return {
    staff: [...directory.staff],
    caseIds: cohorts.map((_, index) => caseIdOf(index)),
    dutyTeamId: directory.teamOf(directory.workers.assessment[0] as string),
    cases: slice,
  };
}

/**
 * Generates a synthetic council. Pure and deterministic: the same options give identical output, and
 * a different seed a different council. Linear in `cases` (20,000 cases take a few seconds).
 *
 * @throws `RangeError` when `seed` is not a safe integer, `cases` is not a whole number of 0 or more, or
 * `asOf` is not a real `YYYY-MM-DD` date from 2021-01-01 to the end of the calendar's last known year.
 */
export function generateCouncil(options: SyntheticCouncilOptions): SyntheticCouncil {
  const { cases, ...plan } = planCouncil(options);
  const events: CaseEvent[] = [];
  // Pushed one by one: spreading a large array into push can overflow the call stack.
  for (const { events: ofCase } of cases()) for (const event of ofCase) events.push(event);
  return { events, ...plan };
}

/**
 * The catalogue's lapses a manager must answer: the rules started by another rule's breach, with the
 * rules they follow (only these are evaluated, so a history is written in a fraction of the time).
 */
function lapseRules(): Profile {
  const profile = builtInProfile('default');
  const followed = new Set(profile.rules.flatMap((rule) => rule.breachOf));
  const rules = profile.rules.filter((rule) => rule.breachOf.length > 0 || followed.has(rule.id));
  return { ...profile, rules };
}

const zeroPerService = () =>
  Object.fromEntries(SERVICES.map((service) => [service, 0])) as Record<Service, number>;

function readAsOf(text: string): number {
  if (typeof text !== 'string' || !isIsoDate(text)) {
    throw new RangeError(`asOf must be a real date written YYYY-MM-DD; got ${JSON.stringify(text)}`);
  }
  const day = parseIsoDate(text);
  if (day < EARLIEST_HISTORY_DAY || day > englandAndWalesCalendar.lastDay) {
    throw new RangeError(
      `asOf must be from ${formatIsoDate(EARLIEST_HISTORY_DAY)} to ${formatIsoDate(englandAndWalesCalendar.lastDay)}, ` +
        `the years whose bank holidays are known; got ${text}`,
    );
  }
  return day;
}

/**
 * Exactly the cohort shares of `cases` (largest remainders decide the odd case), in a seeded random
 * order, so that even a small council has the intended mix.
 */
function dealCohorts(rng: Random, cases: number): Cohort[] {
  const exact = COHORTS.map((cohort) => COHORT_SHARES[cohort] * cases);
  const counts = exact.map(Math.floor);
  const byRemainder = COHORTS.map((_, index) => index).sort(
    (a, b) =>
      (exact[b] as number) - (counts[b] as number) - ((exact[a] as number) - (counts[a] as number)) || a - b,
  );
  let short = cases - counts.reduce((sum, count) => sum + count, 0);
  for (const index of byRemainder) {
    if (short-- <= 0) break;
    counts[index] = (counts[index] as number) + 1;
  }
  const cohorts = COHORTS.flatMap((cohort, index) => Array<Cohort>(counts[index] as number).fill(cohort));
  // Fisher–Yates.
  for (let index = cohorts.length - 1; index > 0; index--) {
    const other = rng.int(0, index);
    [cohorts[index], cohorts[other]] = [cohorts[other] as Cohort, cohorts[index] as Cohort];
  }
  return cohorts;
}
