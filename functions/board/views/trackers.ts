/**
 * The home page (how many children each unit of the reader's line has on each tracker) and a tracker
 * page (each unit's children on one tracker, by case reference, with the facts that put them there and
 * their live deadlines).
 */
import { html } from 'hono/html';
import type { Team } from '../../core/directory/model.ts';
import { TRACKERS, type Tracker, type TrackerEntry, type UnitTrackers } from '../../core/trackers/index.ts';
import { casePath, type Markup, unitChoice } from './layout.ts';
import { deadlineItem, factLines, REASON_WORDS, stalledItem, TRACKER_TITLES } from './words.ts';

/** A unit's name. */
const unitName = (unit: UnitTrackers) =>
  unit.unitId === null ? 'No team in the directory' : (unit.name ?? unit.unitId);

/** Where a unit sits, as a line under its name ("in Service East 1, Division 1"), nearest first. */
function unitPlace(unit: UnitTrackers, names: ReadonlyMap<string, string>): Markup | '' {
  if (unit.above.length === 0) return '';
  const above = [...unit.above].reverse().map((id) => names.get(id) ?? id);
  return html`<span class="explain">in ${above.join(', ')}</span>`;
}

const overdue = (entries: readonly TrackerEntry[]) =>
  entries.filter((entry) => entry.deadlines.some((d) => d.status === 'overdue')).length;
const stalled = (entries: readonly TrackerEntry[]) =>
  entries.filter((entry) => entry.stalled.length > 0).length;

/** One unit's cells on the home page for one tracker: how many children (a link), overdue, stalled. */
function homeCells(unit: UnitTrackers, tracker: Tracker): Markup {
  const entries = unit.trackers[tracker];
  const link = unit.unitId === null ? `/trackers/${tracker}` : `/trackers/${tracker}?unit=${unit.unitId}`;
  const count =
    entries.length > 0
      ? html`<a href="${link}">${entries.length}<span class="visually-hidden"> on the ${TRACKER_TITLES[tracker].toLowerCase()} in ${unitName(unit)}</span></a>`
      : '0';
  return html`<td>${count}</td><td>${overdue(entries)}</td><td>${stalled(entries)}</td>`;
}

/** The reader's home: their line's units, with how many children each has on each tracker. */
export function homeView(options: {
  units: readonly UnitTrackers[];
  teams: readonly Team[];
  worker: boolean;
}): Markup {
  const names = new Map(options.teams.map((team) => [team.id, team.name]));
  const intro = options.worker
    ? 'The children allocated to you who are on the Line of Sight trackers.'
    : 'The children in your line on the Line of Sight trackers, by unit.';
  const table = html`<table>
<caption>Children on each tracker by unit: how many, how many with a deadline overdue, how many stalled</caption>
<colgroup><col></colgroup>${TRACKERS.map(() => html`<colgroup span="3"></colgroup>`)}
<thead>
<tr><th scope="col" rowspan="2">Unit</th>${TRACKERS.map(
    (tracker) => html`<th scope="colgroup" colspan="3">${TRACKER_TITLES[tracker]}</th>`,
  )}</tr>
<tr>${TRACKERS.map(() => html`<th scope="col">children</th><th scope="col">overdue</th><th scope="col">stalled</th>`)}</tr>
</thead>
<tbody>${options.units.map(
    (unit) =>
      html`<tr><th scope="row">${unitName(unit)}${unitPlace(unit, names)}</th>${TRACKERS.map((tracker) => homeCells(unit, tracker))}</tr>`,
  )}</tbody>
</table>`;
  return html`<h1>Your line of sight</h1>
<p class="lead">${intro}</p>
${options.units.length === 0 ? html`<p>No child in your line is on a tracker.</p>` : table}
<p><a href="/agenda">This week’s meeting agenda</a></p>`;
}

/** One child's row on a tracker. */
function entryRow(entry: TrackerEntry): Markup {
  const facts = factLines(entry.facts);
  return html`<tr>
<th scope="row"><a href="${casePath(entry.caseId)}">${entry.caseId}</a></th>
<td><ul class="plain">${entry.reasons.map((reason) => html`<li>${REASON_WORDS[reason]}</li>`)}</ul></td>
<td>${facts.length > 0 ? html`<ul class="plain">${facts.map((line) => html`<li>${line}</li>`)}</ul>` : 'None recorded'}</td>
<td>${
    entry.deadlines.length > 0
      ? html`<ul class="plain">${entry.deadlines.map(deadlineItem)}</ul>`
      : 'No live deadline'
  }</td>
<td>${entry.stalled.length > 0 ? html`<ul class="plain">${entry.stalled.map(stalledItem)}</ul>` : 'No'}</td>
</tr>`;
}

/** A tracker page: the units of the line (or the one chosen), each with its children on the tracker. */
export function trackerView(options: {
  tracker: Tracker;
  units: readonly UnitTrackers[];
  teams: readonly Team[];
  /** The units the reader may narrow to (their line), with the one chosen. */
  choices: readonly string[];
  chosen: string | null;
}): Markup {
  const { tracker } = options;
  const names = new Map(options.teams.map((team) => [team.id, team.name]));
  const title = TRACKER_TITLES[tracker];
  const count = options.units.reduce((sum, unit) => sum + unit.trackers[tracker].length, 0);
  return html`<h1>${title}</h1>
<p class="lead">${count} ${count === 1 ? 'child' : 'children'} ${
    options.chosen === null
      ? 'in your line'
      : `in ${names.get(options.chosen) ?? options.chosen} and the units below it`
  }. Each by case reference: open one for its actions and history.</p>
${unitChoice(`/trackers/${tracker}`, options.choices, options.chosen, names)}
${options.units.map((unit) => {
  const entries = unit.trackers[tracker];
  if (entries.length === 0) return '';
  const name = unitName(unit);
  return html`<section aria-labelledby="unit-${unit.unitId ?? 'none'}">
<h2 id="unit-${unit.unitId ?? 'none'}">${name}${unitPlace(unit, names)}</h2>
<table>
<caption>${title}: ${name}, ${entries.length} ${entries.length === 1 ? 'child' : 'children'}</caption>
<thead><tr><th scope="col">Case</th><th scope="col">Why on the tracker</th><th scope="col">Facts</th><th scope="col">Live deadlines</th><th scope="col">Stalled</th></tr></thead>
<tbody>${entries.map(entryRow)}</tbody>
</table>
</section>`;
})}
${count === 0 ? html`<p>No child ${options.chosen === null ? 'in your line' : 'in this unit'} is on the ${title.toLowerCase()}.</p>` : ''}`;
}
