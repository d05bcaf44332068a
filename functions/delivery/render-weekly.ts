/**
 * A manager's weekly summary as an email: last week's deadlines met in timescale, met late and missed,
 * and those overdue now, as a table by rule, then the longest overdue by case reference. The frame,
 * colours and plain-text twin are every email's (`email-frame.ts`); the words for how late a deadline
 * is are the digest's (`notice-text.ts`).
 *
 * Data minimisation as in every email: cases by reference and link only, counts only in the subject.
 */
import { formatLongDate, formatShortDate, parseIsoDate } from '../core/calendar/index.ts';
import { joinAnd } from '../core/engine/explain.ts';
import type { OverdueCase, WeeklyNotice, WeeklyRow } from '../core/notices/message.ts';
import type { OutgoingEmail } from '../core/ports.ts';
import { escapeMarkup } from '../core/text/escape.ts';
import { BY_REFERENCE_ONLY, caseLinkHtml, RULE, renderFramed, STYLE, textHeading } from './email-frame.ts';
import { citationsText, describeDue, LEVEL_NAMES, type NoticeClock, plural } from './notice-text.ts';
import { caseLink, type RenderSettings } from './render-settings.ts';

/** The table's columns: what each count is called, in the table and in sentences. */
const COLUMNS = [
  { count: 'met', heading: 'In timescale', words: 'met in timescale' },
  { count: 'late', heading: 'Late', words: 'met late' },
  { count: 'missed', heading: 'Missed', words: 'missed' },
  { count: 'overdue', heading: 'Overdue now', words: 'overdue now' },
] as const satisfies readonly { count: keyof WeeklyRow; heading: string; words: string }[];

type Counts = Pick<WeeklyRow, (typeof COLUMNS)[number]['count']>;

const totalOf = (rows: readonly WeeklyRow[]): Counts => ({
  met: rows.reduce((n, row) => n + row.met, 0),
  late: rows.reduce((n, row) => n + row.late, 0),
  missed: rows.reduce((n, row) => n + row.missed, 0),
  overdue: rows.reduce((n, row) => n + row.overdue, 0),
});

/**
 * "12 deadlines met in timescale, 2 met late and 7 overdue now": the counts that are not 0, or an empty
 * string when all are.
 */
const countsText = (counts: Counts) =>
  joinAnd(
    COLUMNS.filter(({ count }) => counts[count] > 0).map(({ count, words }, index) =>
      index === 0 ? `${plural(counts[count], 'deadline')} ${words}` : `${counts[count]} ${words}`,
    ),
  );

// MJML breaks long words anywhere inside mj-text; the table's headings must break between words only.
const CELL = `padding:6px 4px;border-bottom:1px solid ${RULE};vertical-align:top;word-break:normal`;
const NUMBER = `${CELL};text-align:right`;

function tableHtml(rows: readonly WeeklyRow[], total: Counts): string {
  const head = `<tr><th scope="col" style="${CELL};text-align:left">Rule</th>${COLUMNS.map(
    ({ heading }) => `<th scope="col" style="${NUMBER}">${heading}</th>`,
  ).join('')}</tr>`;
  const row = (name: string, standard: string | null, counts: Counts, weight: 'normal' | 'bold') =>
    `<tr><th scope="row" style="${CELL};text-align:left;font-weight:${weight}">${escapeMarkup(name)}` +
    `${standard ? `<br /><span style="${STYLE.small};font-weight:normal">${escapeMarkup(standard)}</span>` : ''}</th>` +
    `${COLUMNS.map(({ count }) => `<td style="${NUMBER};font-weight:${weight}">${counts[count]}</td>`).join('')}</tr>`;
  return (
    `<table style="border-collapse:collapse;width:100%;font-size:14px;line-height:1.4">` +
    `<thead>${head}</thead>` +
    `<tbody>${rows.map((r) => row(r.title, citationsText(r.source), r, 'normal')).join('')}</tbody>` +
    `<tfoot>${row('All rules', null, total, 'bold')}</tfoot></table>`
  );
}

/**
 * "The case is held by Priya Clarke.", or that no worker in the directory holds it, and who must act
 * when that is a manager: "…; it is for the Assistant Team Manager to do."
 */
function whoseText(overdue: OverdueCase): string {
  const held =
    overdue.workerName === null ? 'not held by a worker in the directory' : `held by ${overdue.workerName}`;
  const owner = overdue.owner === 'worker' ? '' : `; it is for the ${LEVEL_NAMES[overdue.owner]} to do`;
  return `The case is ${held}${owner}.`;
}

function longestHtml(longest: readonly OverdueCase[], clock: NoticeClock, settings: RenderSettings): string {
  const item = (overdue: OverdueCase) => {
    const { due, when } = describeDue(overdue.due, overdue.hourScale, clock);
    return (
      `<li style="${STYLE.item}">${caseLinkHtml(settings, overdue.caseId)}: ${escapeMarkup(overdue.title)}` +
      `<br />${escapeMarkup(due)}: <strong>${escapeMarkup(when)}</strong>` +
      `<br /><span style="${STYLE.small}">${escapeMarkup(whoseText(overdue))}</span></li>`
    );
  };
  return `<ol style="${STYLE.list}">${longest.map(item).join('')}</ol>`;
}

function tableText(rows: readonly WeeklyRow[], total: Counts): string {
  const counts = (c: Counts) => COLUMNS.map(({ count, words }) => `${c[count]} ${words}`).join(', ');
  return [
    textHeading(BY_RULE, '-'),
    ...rows.map((r) => `- ${r.title}: ${counts(r)}\n  Standard: ${citationsText(r.source)}`),
    `- All rules: ${counts(total)}`,
  ].join('\n');
}

function longestText(longest: readonly OverdueCase[], clock: NoticeClock, settings: RenderSettings): string {
  const item = (overdue: OverdueCase, index: number) => {
    const { due, when } = describeDue(overdue.due, overdue.hourScale, clock);
    return [
      `${index + 1}. ${overdue.caseId}: ${overdue.title}`,
      `   ${due}: ${when}`,
      `   ${whoseText(overdue)}`,
      `   Open the case: ${caseLink(settings, overdue.caseId)}`,
    ].join('\n');
  };
  return longest.map(item).join('\n\n');
}

const BY_RULE = 'Deadlines by rule';
const LONGEST = 'Longest overdue';

/**
 * Renders a weekly summary: subject, HTML and plain text.
 *
 * @throws when the summary has no rows (the weekly run sends none such), and with MJML's validation
 * errors when the generated markup is invalid.
 */
export async function renderWeekly(notice: WeeklyNotice, settings: RenderSettings): Promise<OutgoingEmail> {
  if (notice.rows.length === 0) throw new Error(`Weekly summary ${notice.key} has nothing to count`);
  const clock: NoticeClock = { day: notice.day, asOf: notice.asOf, calendar: settings.calendar };
  const start = parseIsoDate(notice.week.start);
  const end = parseIsoDate(notice.week.end);
  const total = totalOf(notice.rows);
  const lastWeek = countsText({ ...total, overdue: 0 }) || 'no deadline was met or missed';
  const overdueNow =
    total.overdue === 0
      ? 'no deadline is overdue'
      : `${plural(total.overdue, 'deadline')} ${total.overdue === 1 ? 'is' : 'are'} overdue`;
  const shown =
    notice.longest.length < total.overdue
      ? `The ${notice.longest.length} longest overdue of ${total.overdue}, the longest first.`
      : 'Every deadline overdue now, the longest first.';
  const weekText = `${formatShortDate(start)} to ${formatShortDate(end, true)}`;
  const longest = notice.longest.length > 0;

  return renderFramed(
    {
      to: notice.recipient.email,
      subject: `Line of Sight weekly summary: ${countsText(total)}`,
      preheader: `Your weekly summary for ${weekText}: ${countsText(total)}.`,
      heading: `Your weekly summary: ${weekText}`,
      intro: [
        `Hello ${notice.recipient.name},`,
        `This is your Line of Sight summary of the week from ${formatLongDate(start)} to ${formatLongDate(end)}, ` +
          `for the cases of the workers you manage. That week: ${lastWeek}. ` +
          `As of ${formatLongDate(parseIsoDate(notice.day))}, ${overdueNow}.`,
      ],
      footer: [
        'Why you get this: each Team Manager and Service Manager (or whoever stands in for one) gets a summary of the deadlines on the cases of the workers they manage, on the first working day of each week.',
        'How the counts are made: in timescale and late count deadlines met last week; missed counts deadlines due last week that can no longer be met; overdue now counts every open deadline past its due date, however long ago it fell due.',
        BY_REFERENCE_ONLY,
      ],
    },
    {
      mjml: [
        `<mj-text><h2 style="${STYLE.h2}">${BY_RULE}</h2>${tableHtml(notice.rows, total)}</mj-text>`,
        ...(longest
          ? [
              `<mj-text><h2 style="${STYLE.h2}">${LONGEST}</h2><p>${shown}</p>${longestHtml(notice.longest, clock, settings)}</mj-text>`,
            ]
          : []),
      ],
      text: [
        tableText(notice.rows, total),
        ...(longest
          ? [`${textHeading(LONGEST, '-')}\n\n${shown}\n\n${longestText(notice.longest, clock, settings)}`]
          : []),
      ],
    },
  );
}
