/**
 * A case's dates that moved, and the deadlines that slipped, kept with the reason and who made each
 * change: what no spreadsheet tracker keeps. A date moves when a rule's deadline is extended (care
 * proceedings under s32(5), a Regulation 24 approval under reg 25: the rule's `extendedBy` event) or
 * an action's date is moved on the board; a deadline slips when it is met late or missed. From the
 * case's events and the engine's evaluation of them as of the same moment. Pure.
 */
import type { CaseEvent } from '../../../events/index.ts';
import { formatIsoDate } from '../calendar/index.ts';
import {
  type CaseEvaluation,
  eventLabel,
  type Moment,
  momentText,
  orderEvents,
  type Profile,
} from '../engine/index.ts';

/** One date moved: when, what moved it (in words), by how much or to when, why, and who recorded it. */
export interface DateChange {
  on: string;
  what: string;
  /** The reason as recorded: a code of the contract's lists, never free text. Null when none is kept. */
  reason: string | null;
  /** The directory id of whoever recorded it (events made on the board carry it); null otherwise. */
  by: string | null;
}

/** One deadline that slipped: met late or missed, with its due date and when it was met. */
export interface Slip {
  rule: string;
  title: string;
  due: string;
  status: 'met-late' | 'missed';
  /** When it was met (met late); null when missed. */
  metOn: string | null;
}

/** What moved a date, in words, from the event that moved it. */
function changeWords(event: CaseEvent): { what: string; reason: string | null } | null {
  switch (event.type) {
    case 'proceedings.extended':
      return {
        what: `The court extended the care proceedings by ${event.data.weeks} weeks`,
        reason: event.data.reason,
      };
    case 'placement.temporary_approval_extended':
      return {
        what: `The Regulation 24 temporary approval was extended by ${event.data.weeks} weeks`,
        reason: null,
      };
    case 'action.moved':
      return { what: `An action's due date moved to ${event.data.dueOn}`, reason: event.data.reason };
    default:
      return null;
  }
}

/**
 * The case's date changes, oldest first: each event of a type that extends one of the profile's rules
 * or moves an action, as counted as of `asOf` (retracted ones left out, as the engine leaves them).
 */
export function dateChanges(
  events: readonly CaseEvent[],
  profile: Pick<Profile, 'rules'>,
  asOf: Moment,
): DateChange[] {
  const extending = new Set(
    profile.rules.flatMap((rule) => (rule.extension ? [rule.extension.matcher.type] : [])),
  );
  return orderEvents(events, asOf).flatMap(({ event, at }) => {
    if (!extending.has(event.type) && event.type !== 'action.moved') return [];
    const words = changeWords(event) ?? { what: `The ${eventLabel(event)}`, reason: null };
    return [{ on: formatIsoDate(at.day), ...words, by: event.recordedBy ?? null }];
  });
}

/** The case's deadlines met late or missed, in the order they were due. */
export function slips(evaluation: CaseEvaluation): Slip[] {
  return evaluation.deadlines.flatMap((deadline) =>
    deadline.status === 'met-late' || deadline.status === 'missed'
      ? [
          {
            rule: deadline.rule.id,
            title: deadline.rule.title,
            due: momentText(deadline.due),
            status: deadline.status,
            metOn: deadline.met ? formatIsoDate(deadline.met.at.day) : null,
          },
        ]
      : [],
  );
}
