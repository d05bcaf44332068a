/**
 * Which rules a format cannot feed: tested against one event of each kind the format makes
 * (`ImportFormat.carries`), with the rules' own matchers. A rule has **no source** when nothing the
 * format makes starts it (nor starts the rule whose breach starts it); it is **started, never met**
 * when the format starts it but makes nothing that meets it, so every such deadline will show overdue
 * until the case system sends the events that meet it (management oversight, supervision, core
 * groups). A rule the format feeds may still be **not judged** from it, for what its dates lack
 * ({@link FormatLimits}): a recording rule without recording times, a rule counted in hours without
 * times of day, a rule between two events the format dates alike. Pure.
 */
import type { CaseEvent, EventType } from '../../../events/index.ts';
import type { Profile, Rule } from '../engine/index.ts';

/** One rule the format cannot feed, and the events (native to the contract) that would. */
export interface UncoveredRule {
  rule: string;
  title: string;
  /** The event types that would start it (no source) or meet it (never met), to send natively. */
  needs: EventType[];
  /** The rules whose breaches start it, when it follows others rather than events. */
  follows: string[];
}

/** Why a rule the format feeds is not judged from it (see {@link FormatLimits}). */
export type NotJudgedBecause = 'no-recording-times' | 'no-times-of-day' | 'same-date';

/** A rule the format feeds that it cannot judge as the case system would. */
export interface NotJudgedRule extends UncoveredRule {
  because: NotJudgedBecause;
}

/** What a format's events leave out of the catalogue. */
export interface Coverage {
  noSource: UncoveredRule[];
  neverMet: UncoveredRule[];
  /** Rules it feeds but cannot judge (empty when no {@link FormatLimits} were given). */
  notJudged: NotJudgedRule[];
}

/** What a format's dates can say, beyond the events it makes. */
export interface FormatLimits {
  /** Its events carry when each was written up (`recordedAt`), which recording rules count from. */
  readonly recordedAt?: boolean;
  /** Its dates carry a time of day, which rules counted in hours need. */
  readonly timesOfDay?: boolean;
  /**
   * Event types it dates from one and the same source date (an assessment's completion and its
   * authorisation, from the one date the format has): a rule between them always looks met on time.
   */
  readonly sameDate?: readonly (readonly EventType[])[];
}

type Carried = Pick<CaseEvent, 'type' | 'data'>;

const matchedBy = (matchers: Rule['start'], carried: readonly Carried[]) =>
  matchers.some((matcher) =>
    carried.some(
      (event) => event.type === matcher.type && matcher.test(event.data as Record<string, unknown>),
    ),
  );

const typesOf = (matchers: Rule['start']) => [
  ...new Set(matchers.map((matcher) => matcher.type as EventType)),
];

/** Whether a rule counts hours: one of its timescales is in hours. */
const countsHours = (rule: Rule) =>
  rule.intervals.some((interval) =>
    interval.some((regime) => regime.offsets.some((offset) => offset.unit === 'hours')),
  );

/** Whether all of a rule's starts and all that meets it are types the format dates alike. */
const betweenSameDates = (rule: Rule, groups: readonly (readonly EventType[])[]) =>
  rule.start.length > 0 &&
  rule.satisfiedBy.length > 0 &&
  groups.some((group) =>
    [...rule.start, ...rule.satisfiedBy].every((matcher) => group.includes(matcher.type as EventType)),
  );

/** Why a rule the format feeds is not judged from it, if it is not; `limits` absent: nothing is known to be lacking. */
function notJudgedBecause(rule: Rule, limits: FormatLimits | undefined): NotJudgedBecause | null {
  if (!limits) return null;
  if (rule.kind === 'recording' && limits.recordedAt !== true) return 'no-recording-times';
  if (countsHours(rule) && limits.timesOfDay !== true) return 'no-times-of-day';
  return betweenSameDates(rule, limits.sameDate ?? []) ? 'same-date' : null;
}

/**
 * The rules of `profile` that the events `carried` cannot start, start and never meet, or, given what
 * the format's dates lack (`limits`; a limit left out there is lacking), cannot judge.
 */
export function coverageOf(profile: Profile, carried: readonly Carried[], limits?: FormatLimits): Coverage {
  const byId = new Map(profile.rules.map((rule) => [rule.id, rule]));
  const started = new Map<string, boolean>();
  const isStarted = (rule: Rule, seen: Set<string>): boolean => {
    const known = started.get(rule.id);
    if (known !== undefined) return known;
    if (seen.has(rule.id)) return false;
    seen.add(rule.id);
    const result =
      rule.breachOf.length > 0
        ? rule.breachOf.some((id) => {
            const followed = byId.get(id);
            return followed !== undefined && isStarted(followed, seen);
          })
        : matchedBy(rule.start, carried);
    started.set(rule.id, result);
    return result;
  };
  const coverage: Coverage = { noSource: [], neverMet: [], notJudged: [] };
  for (const rule of profile.rules) {
    if (!isStarted(rule, new Set())) {
      coverage.noSource.push({
        rule: rule.id,
        title: rule.title,
        needs: typesOf(rule.start),
        follows: rule.breachOf,
      });
      continue;
    }
    if (rule.satisfiedBy.length > 0 && !matchedBy(rule.satisfiedBy, carried)) {
      coverage.neverMet.push({
        rule: rule.id,
        title: rule.title,
        needs: typesOf(rule.satisfiedBy),
        follows: [],
      });
      continue;
    }
    const because = notJudgedBecause(rule, limits);
    if (because) {
      const needs = typesOf(rule.satisfiedBy.length > 0 ? rule.satisfiedBy : rule.start);
      coverage.notJudged.push({ rule: rule.id, title: rule.title, needs, follows: rule.breachOf, because });
    }
  }
  return coverage;
}
