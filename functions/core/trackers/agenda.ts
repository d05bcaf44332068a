/**
 * The week's Line of Sight meeting agenda. The seed `line-of-sight` has each locality's Service
 * Manager chair a weekly meeting with "live access to the line of sight trackers with actions"; the
 * agenda puts first what needs the meeting most: deadlines already missed, those that fall by the end
 * of the meeting's week, children stalled, then the actions due.
 *
 * Pure: the tracker entries (as of the moment the agenda is drawn up), the board's actions and the
 * meeting week's Monday in; case references and plain English out, never a name and never an action's
 * text (only its id: the text is shown on the board alone).
 */
import type { BoardAction } from '../actions/index.ts';
import { addDays, dayOfWeek, formatIsoDate, formatLongDate, parseIsoDate } from '../calendar/index.ts';
import { momentOf } from '../engine/index.ts';
import type { TrackerEntry } from './membership.ts';
import { type StalledKind, thresholdSentence } from './stalled.ts';

/**
 * An action recorded at the meeting, as the agenda reads it: what of the board's actions fold it needs
 * (the action's text is not in it).
 */
export type AgendaAction = Pick<BoardAction, 'caseId' | 'actionId' | 'ownerId' | 'dueOn' | 'status'>;

/** The agenda's sections, in the order the meeting takes them. */
export const AGENDA_SECTIONS = {
  breaches: 'Breaches: deadlines missed',
  'near-breaches': 'Near-breaches: due by the end of the week',
  stalled: 'Stalled children',
  'actions-due': 'Actions due',
} as const;
/** See {@link AGENDA_SECTIONS}. */
export type AgendaSectionName = keyof typeof AGENDA_SECTIONS;

/** One line of the agenda: whose case, what, why in plain English, and its date. */
export interface AgendaItem {
  caseId: string;
  what: string;
  why: string;
  /** `YYYY-MM-DD`: a deadline's due day, the day a child stalled, an action's due day. */
  date: string;
  /** The rule of a deadline, the kind of a stall or the id of an action: what the item is about. */
  about: string;
}

/** A section of the agenda, possibly empty (the meeting still sees there is nothing). */
export interface AgendaSection {
  name: AgendaSectionName;
  title: string;
  items: AgendaItem[];
}

/** The agenda for one meeting week, Monday to Sunday. */
export interface Agenda {
  week: { from: string; to: string };
  sections: AgendaSection[];
}

/** The meeting week asked for does not start on a Monday. */
export class NotAMondayError extends Error {
  constructor(readonly week: string) {
    super(`the meeting week must be given by its Monday; ${week} is not a Monday`);
    this.name = 'NotAMondayError';
  }
}

const STALLED_WHAT: Record<StalledKind, string> = {
  'pre-proceedings-past-review-point': 'Pre-proceedings past the review point',
  'section-20-no-permanence-plan': 'Section 20 with no permanence plan',
  'dol-order-ending-no-renewal': 'Deprivation of liberty order ending, no renewal applied for',
  'unregistered-placement-not-reviewed': 'Unregistered or unregulated placement not reviewed',
};

/** Earliest first, then by case reference and what: the same agenda whatever order the inputs came in. */
function byDate(a: AgendaItem, b: AgendaItem): number {
  for (const key of ['date', 'caseId', 'about', 'what'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

/** The Monday of the week `day` falls in (`YYYY-MM-DD`). */
export function mondayOf(day: string): string {
  const n = parseIsoDate(day);
  // dayOfWeek counts Sunday as 0.
  return formatIsoDate(addDays(n, -((dayOfWeek(n) + 6) % 7)));
}

/**
 * The agenda of the meeting in the week beginning `monday` (`YYYY-MM-DD`), from the children's tracker
 * entries and the board's actions. A deadline on an entry both overdue and due this week is a breach;
 * each deadline appears once however many trackers list the child.
 *
 * @throws {@link NotAMondayError} when `monday` is not a Monday.
 */
export function meetingAgenda(
  entries: readonly TrackerEntry[],
  actions: readonly AgendaAction[],
  monday: string,
): Agenda {
  const from = parseIsoDate(monday);
  if (dayOfWeek(from) !== 1) throw new NotAMondayError(monday);
  const to = formatIsoDate(addDays(from, 6));
  const items: Record<AgendaSectionName, Map<string, AgendaItem>> = {
    breaches: new Map(),
    'near-breaches': new Map(),
    stalled: new Map(),
    'actions-due': new Map(),
  };
  const add = (section: AgendaSectionName, item: AgendaItem) =>
    items[section].set(`${item.caseId}\u0000${item.about}\u0000${item.date}`, item);

  for (const entry of entries) {
    for (const deadline of entry.deadlines) {
      // The London day of a deadline due at an instant, as the meeting's week is London's.
      const date = formatIsoDate(momentOf(deadline.due).day);
      const item = {
        caseId: entry.caseId,
        what: deadline.title,
        why: deadline.explain,
        date,
        about: deadline.rule,
      };
      if (deadline.status === 'overdue') add('breaches', item);
      else if (date <= to) add('near-breaches', item);
    }
    for (const flag of entry.stalled) {
      add('stalled', {
        caseId: entry.caseId,
        what: STALLED_WHAT[flag.kind],
        why: `${flag.explain} ${thresholdSentence(flag)}`,
        date: flag.since,
        about: flag.kind,
      });
    }
  }
  for (const action of actions) {
    if (action.status !== 'open' || action.dueOn > to) continue;
    const due = formatLongDate(parseIsoDate(action.dueOn));
    add('actions-due', {
      caseId: action.caseId,
      what: 'Action recorded on the board',
      why:
        action.dueOn < monday
          ? `Open, owned by ${action.ownerId}, overdue since ${due}.`
          : `Open, owned by ${action.ownerId}, due ${due}.`,
      date: action.dueOn,
      about: action.actionId,
    });
  }
  return {
    week: { from: monday, to },
    sections: (Object.keys(AGENDA_SECTIONS) as AgendaSectionName[]).map((name) => ({
      name,
      title: AGENDA_SECTIONS[name],
      items: [...items[name].values()].sort(byDate),
    })),
  };
}
