/**
 * The timeliness page: for each rule with deadlines due in the months shown, a chart of how those
 * deadlines went month by month (met in timescale, met late, missed, still open and overdue), drawn
 * on the server as SVG (no script), and beside it the same figures as a table, which is what a screen
 * reader reads: the chart is an image with a title and a one-line description.
 */
import { html } from 'hono/html';
import type { ReportRow } from '../../core/timeliness/report.ts';
import { type Markup, unitChoice } from './layout.ts';

/** The outcomes a bar is stacked from, bottom up, each with its words and its fill. */
const PARTS = [
  { field: 'onTime', words: 'Met in timescale', fill: '#1d5e2a' },
  { field: 'late', words: 'Met late', fill: '#b58840' },
  { field: 'missed', words: 'Missed', fill: '#a4161a' },
  { field: 'openOverdue', words: 'Open and overdue', fill: '#4c2c92' },
] as const;

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 48;
const BOTTOM = 28;
const TOP = 12;

/** A scale's top: the largest bar rounded up to an even number a reader takes in at a glance. */
function scaleTop(largest: number): number {
  if (largest <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= largest / 4) ?? 10;
  const top = Math.ceil(largest / (step * magnitude)) * step * magnitude;
  // Its middle line is labelled too: a whole number.
  return top % 2 === 0 ? top : top + step * magnitude;
}

/** `2026-11` → `Nov 26`: the chart's axis. */
const shortMonth = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });

/** One rule's chart: a stacked bar per month, its scale and the months under it. */
function chart(
  id: string,
  title: string,
  months: readonly string[],
  rows: ReadonlyMap<string, ReportRow>,
): Markup {
  const top = scaleTop(Math.max(0, ...[...rows.values()].map((row) => row.fellDue)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / months.length;
  const barWidth = Math.max(4, slot * 0.6);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const totals = months.map((month) => rows.get(month)?.fellDue ?? 0);
  const described = `${title}: deadlines due each month from ${months[0]} to ${months.at(-1)}, ${totals.reduce((a, b) => a + b, 0)} in all; the table beside gives each month's figures.`;
  return html`<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<title id="${id}-title">${title}</title>
<desc id="${id}-desc">${described}</desc>
${[0, top / 2, top].map(
  (
    value,
  ) => html`<line x1="${LEFT}" x2="${WIDTH}" y1="${y(value)}" y2="${y(value)}" stroke="#b1b4b6" stroke-width="1"></line>
<text x="${LEFT - 6}" y="${y(value) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${value}</text>`,
)}
${months.map((month, index) => {
  const row = rows.get(month);
  const x = LEFT + index * slot + (slot - barWidth) / 2;
  let base = 0;
  return html`<g>
${PARTS.map((part) => {
  const value = row?.[part.field] ?? 0;
  if (value === 0) return '';
  const rect = html`<rect x="${x}" y="${y(base + value)}" width="${barWidth}" height="${y(base) - y(base + value)}" fill="${part.fill}"></rect>`;
  base += value;
  return rect;
})}
<text x="${x + barWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="11" fill="#0b0c0c">${shortMonth(month)}</text>
</g>`;
})}
</svg>`;
}

/** One rule's figures as a table: what the chart shows, and the lateness it cannot. */
function table(title: string, months: readonly string[], rows: ReadonlyMap<string, ReportRow>): Markup {
  const cell = (value: number | null) => (value === null ? '–' : String(value));
  return html`<table class="figures">
<caption>${title}, month by month (when each deadline was due)</caption>
<thead><tr><th scope="col">Month</th><th scope="col">Fell due</th>${PARTS.map(
    (part) => html`<th scope="col">${part.words}</th>`,
  )}<th scope="col">In timescale</th><th scope="col">Median days late</th><th scope="col">90th percentile days late</th></tr></thead>
<tbody>${months.map((month) => {
    const row = rows.get(month);
    return html`<tr><th scope="row" class="nowrap">${month}</th><td>${row?.fellDue ?? 0}</td>${PARTS.map(
      (part) => html`<td>${row?.[part.field] ?? 0}</td>`,
    )}<td>${row?.inTimescalePercent == null ? '–' : `${row.inTimescalePercent}%`}</td><td>${cell(row?.medianLateness ?? null)}</td><td>${cell(row?.p90Lateness ?? null)}</td></tr>`;
  })}</tbody>
</table>`;
}

/** A rule's totals over the months shown, for the summary table: a report row's figures, over every month. */
export type RuleTotals = Pick<
  ReportRow,
  | 'rule'
  | 'title'
  | 'fellDue'
  | 'onTime'
  | 'late'
  | 'missed'
  | 'openOverdue'
  | 'medianLateness'
  | 'p90Lateness'
>;

/** What the timeliness page shows. */
export interface TimelinessView {
  /** The months shown, oldest first (`YYYY-MM`). */
  months: readonly string[];
  /** Each rule with deadlines due in the months, most often not met in timescale first. */
  totals: readonly RuleTotals[];
  /** The rules charted, month by month: the one asked for, or those most often not met in timescale. */
  charted: readonly { rule: string; title: string; rows: readonly ReportRow[] }[];
  /** Whether `charted` is the rule asked for (else the page's pick). */
  ruleAsked: boolean;
  /** What the figures are of, in words: "your line", "Team East 1 and the units below it". */
  scope: string;
  /** The page's own address with the scope asked, to which a rule is added (`…&rule=`). */
  ruleHref: (rule: string) => string;
  /** The same figures as CSV. */
  csvHref: string;
  /**
   * A manager's choices: the units of their line they may narrow to, the one chosen, whether the CSV
   * is by worker, and the units' names. Null for a worker, whose figures are their own.
   */
  choice: {
    units: readonly string[];
    chosen: string | null;
    byWorker: boolean;
    names: ReadonlyMap<string, string>;
  } | null;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${Math.round((part / whole) * 1000) / 10}%`;
const days = (value: number | null) => (value === null ? '–' : String(value));

/** Every rule's totals over the months: the page's first table, each rule linking to its chart. */
function totalsTable(view: TimelinessView): Markup {
  return html`<table class="figures">
<caption>Every standard with deadlines due ${view.months[0]} to ${view.months.at(-1)}, most often not met in timescale first</caption>
<thead><tr><th scope="col">Standard</th><th scope="col">Fell due</th><th scope="col">In timescale</th>${PARTS.slice(
    1,
  ).map(
    (part) => html`<th scope="col">${part.words}</th>`,
  )}<th scope="col">Median days late</th><th scope="col">90th percentile days late</th></tr></thead>
<tbody>${view.totals.map(
    (total) =>
      html`<tr><th scope="row"><a href="${view.ruleHref(total.rule)}">${total.title}</a></th><td>${total.fellDue}</td><td>${percent(total.onTime, total.fellDue)}</td><td>${total.late}</td><td>${total.missed}</td><td>${total.openOverdue}</td><td>${days(total.medianLateness)}</td><td>${days(total.p90Lateness)}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The timeliness page's body. */
export function timelinessView(view: TimelinessView): Markup {
  return html`<h1>Timeliness</h1>
<p class="lead">How the deadlines of ${view.scope} went, by the month each was due, ${view.months[0]} to ${view.months.at(-1)}: met in timescale, met late (in working days), missed, or still open and overdue.</p>
${
  view.choice === null
    ? ''
    : unitChoice(
        '/timeliness',
        view.choice.units,
        view.choice.chosen,
        view.choice.names,
        html`<label for="by">The CSV's rows</label>
<select id="by" name="by">
<option value="team"${view.choice.byWorker ? '' : html` selected`}>One per team</option>
<option value="worker"${view.choice.byWorker ? html` selected` : ''}>One per worker</option>
</select>`,
      )
}
<p class="no-print"><a href="${view.csvHref}" download>Download these figures (CSV, for Excel), one row per month, standard and ${view.choice?.byWorker === false ? 'team' : 'worker'}</a></p>
${
  view.totals.length === 0
    ? html`<p>No deadline of ${view.scope} fell due in these months.</p>`
    : html`<h2>${view.ruleAsked ? 'The standard asked for' : 'Most often not met in timescale'}, month by month</h2>
<ul class="plain legend">${PARTS.map(
        (part) =>
          html`<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${part.fill}"></rect></svg> ${part.words}</li>`,
      )}</ul>
${view.charted.map((charted, index) => {
  const byMonth = new Map(charted.rows.map((row) => [row.month, row]));
  return html`<section aria-labelledby="rule-${index}">
<h3 id="rule-${index}">${charted.title} <span class="hint">${charted.rule}</span></h3>
<div class="chart-and-table">
${chart(`chart-${index}`, charted.title, view.months, byMonth)}
${table(charted.title, view.months, byMonth)}
</div>
</section>`;
})}
<h2>Every standard</h2>
<p>Choose a standard for its chart, month by month.</p>
${totalsTable(view)}`
}`;
}
