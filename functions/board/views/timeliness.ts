/**
 * The timeliness page: for each rule with deadlines due in the months shown, a chart of how those
 * deadlines went month by month (met in timescale, met late, missed, still open and overdue), drawn
 * on the server as SVG (no script), and beside it the same figures as a table, which is what a screen
 * reader reads: the chart is an image with a title and a one-line description.
 */
import { html } from 'hono/html';
import type { ReportRow } from '../../core/timeliness/report.ts';
import type { Markup } from './layout.ts';

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

/** A scale's top: the largest bar rounded up to a number a reader takes in at a glance. */
function scaleTop(largest: number): number {
  if (largest <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= largest / 4) ?? 10;
  return Math.ceil(largest / (step * magnitude)) * step * magnitude;
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
    return html`<tr><th scope="row">${month}</th><td>${row?.fellDue ?? 0}</td>${PARTS.map(
      (part) => html`<td>${row?.[part.field] ?? 0}</td>`,
    )}<td>${row?.inTimescalePercent == null ? '–' : `${row.inTimescalePercent}%`}</td><td>${cell(row?.medianLateness ?? null)}</td><td>${cell(row?.p90Lateness ?? null)}</td></tr>`;
  })}</tbody>
</table>`;
}

/** What the timeliness page shows. */
export interface TimelinessView {
  /** The months shown, oldest first (`YYYY-MM`). */
  months: readonly string[];
  /** The figures of the reader's line (or the unit chosen), one row per rule and month. */
  rows: readonly ReportRow[];
  /** What the figures are of, in words: "your line", "Team East 1 and the units below it". */
  scope: string;
  /** The same figures as CSV. */
  csvHref: string;
}

/** The timeliness page's body. */
export function timelinessView(view: TimelinessView): Markup {
  const rules = new Map<string, { title: string; byMonth: Map<string, ReportRow> }>();
  for (const row of view.rows) {
    const rule = rules.get(row.rule) ?? { title: row.title, byMonth: new Map() };
    rule.byMonth.set(row.month, row);
    rules.set(row.rule, rule);
  }
  const shown = [...rules].filter(([, { byMonth }]) => [...byMonth.values()].some((row) => row.fellDue > 0));
  return html`<h1>Timeliness</h1>
<p class="lead">How the deadlines of ${view.scope} went, by the month each was due, ${view.months[0]} to ${view.months.at(-1)}: met in timescale, met late (working days late), missed, or still open and overdue. How each is counted, and where it matches the statutory returns, is in the project's docs/reporting.md.</p>
<p class="no-print"><a href="${view.csvHref}" download>Download these figures (CSV, for Excel)</a></p>
<ul class="plain legend">${PARTS.map(
    (part) =>
      html`<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${part.fill}"></rect></svg> ${part.words}</li>`,
  )}</ul>
${
  shown.length === 0
    ? html`<p>No deadline of your line fell due in these months.</p>`
    : shown.map(
        ([rule, { title, byMonth }], index) => html`<section aria-labelledby="rule-${index}">
<h2 id="rule-${index}">${title} <span class="hint">${rule}</span></h2>
<div class="chart-and-table">
${chart(`chart-${index}`, title, view.months, byMonth)}
${table(title, view.months, byMonth)}
</div>
</section>`,
      )
}`;
}
