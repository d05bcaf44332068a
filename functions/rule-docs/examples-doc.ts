/**
 * A rule's worked examples in words, for `docs/rules.md`: each history, the moment it is read at and
 * the deadlines it gives ("Start of the child in need plan on Mon 1 Jun 2026. As of Tue 23 Jun 2026:
 * due Mon 22 Jun 2026, overdue.").
 */
import type { CaseEvent } from '../../events/index.ts';
import type { ExpectedDeadline, RuleExample } from '../../rules/examples.ts';
import { formatLondonHuman, formatLongDate } from '../core/calendar/index.ts';
import { eventLabel } from '../core/engine/event-labels.ts';
import { momentOf } from '../core/engine/moments.ts';

/** "Mon 1 Jun 2026", or "Mon 1 Jun 2026, 10:00 BST" when a time is given. */
function dateText(text: string): string {
  const moment = momentOf(text);
  return moment.ms === null ? formatLongDate(moment.day) : formatLondonHuman(moment.ms);
}

const onDate = (text: string) => `${momentOf(text).ms === null ? 'on' : 'at'} ${dateText(text)}`;

/** `childSeen` → "child seen", `intendedToAge18` → "intended to age 18" (but `s47Initiated` → "s47 initiated"). */
const fieldWords = (field: string) =>
  field.replace(/[A-Z]|(?<=[a-z]{2})\d+/g, (part) => ` ${part.toLowerCase()}`);

const valueWords = (value: unknown) => (value === true ? 'yes' : value === false ? 'no' : String(value));

/**
 * "visit (visit type: cin, child seen: yes) on Thu 18 Jun 2026, recorded Fri 19 Jun 2026": the event's
 * name, then the data fields its name does not already say.
 */
function eventText(event: CaseEvent): string {
  const label = eventLabel(event);
  const details = Object.entries(event.data)
    .filter(([, value]) => typeof value !== 'string' || !label.includes(value.replaceAll('-', ' ')))
    .map(([field, value]) => `${fieldWords(field)}: ${valueWords(value)}`);
  const recorded = event.recordedAt === undefined ? '' : `, recorded ${dateText(event.recordedAt)}`;
  return `${label}${details.length > 0 ? ` (${details.join(', ')})` : ''} ${onDate(event.occurredAt)}${recorded}`;
}

const deadlineText = (deadline: ExpectedDeadline) =>
  `due ${dateText(deadline.due)}, ${deadline.status.replace('-', ' ')}`;

const sentence = (text: string) => `${text[0]?.toUpperCase()}${text.slice(1)}`;

/** One example as a Markdown list item. */
function exampleText(example: RuleExample): string {
  const profile = example.profile === 'statutory' ? ' (statutory profile)' : '';
  const outcome = example.expect.length === 0 ? 'no deadline' : example.expect.map(deadlineText).join('; ');
  return [
    `  - *${sentence(example.name)}${profile}.*`,
    `${sentence(example.events.map(eventText).join('; '))}.`,
    `As of ${dateText(example.asOf)}: ${outcome}.`,
  ].join(' ');
}

/** The lines of a rule's section that show its worked examples. */
export function examplesSection(examples: readonly RuleExample[]): string[] {
  return ['- **Worked examples** (each one is run as a test):', ...examples.map(exampleText)];
}
