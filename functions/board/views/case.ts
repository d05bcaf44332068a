/**
 * A case's page: where it sits, why it is on the trackers and whether it has stalled, its facts, its
 * actions (see `actions.ts`), and its live deadlines with the explanation of each date. By reference
 * only: the board holds no name of a child.
 */
import { html } from 'hono/html';
import type { ActionMoveReason } from '../../../events/index.ts';
import { type Deadline, momentText } from '../../core/engine/index.ts';
import type { DateChange, Slip, TrackerEntry, TrackerFacts } from '../../core/trackers/index.ts';
import { MOVE_REASON_WORDS } from './actions.ts';
import type { Markup } from './layout.ts';
import { factLines, REASON_WORDS, stalledItem, statusTag, TRACKER_TITLES } from './words.ts';

/** What the case page shows. */
export interface CaseView {
  caseId: string;
  /** "Sam Worker (worker), North 1 (in Children’s Services)", or that nobody holds it yet. */
  heldBy: string;
  asOf: string;
  entries: readonly TrackerEntry[];
  facts: TrackerFacts;
  /** The case's live deadlines (upcoming, due, overdue), soonest first. */
  deadlines: readonly Deadline[];
  /** The actions section (`actions.ts`). */
  actions: Markup;
  /** Every date moved (extensions, actions moved) with why and who, and every deadline that slipped. */
  changes: readonly DateChange[];
  slips: readonly Slip[];
  /** Staff names by directory id, for who made each change. */
  names: ReadonlyMap<string, string>;
}

/** A reason code as a person reads it: an action's move as its form words it, else `expert-evidence` → "expert evidence". */
const reasonWords = (reason: string | null) =>
  reason === null ? '–' : (MOVE_REASON_WORDS[reason as ActionMoveReason] ?? reason.replaceAll('-', ' '));

/** The case's history of dates: what moved them, and what slipped. */
function historyOfDates(view: CaseView): Markup {
  return html`<section aria-labelledby="dates">
<h2 id="dates">Dates moved, and deadlines that slipped</h2>
${
  view.changes.length === 0
    ? html`<p>No date has been extended or moved.</p>`
    : html`<table>
<caption>Dates extended or moved on case ${view.caseId}, oldest first</caption>
<thead><tr><th scope="col">On</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">Recorded by</th></tr></thead>
<tbody>${view.changes.map(
        (change) =>
          html`<tr><th scope="row" class="nowrap">${change.on}</th><td>${change.what}</td><td>${reasonWords(change.reason)}</td><td>${change.by === null ? 'the case system' : (view.names.get(change.by) ?? change.by)}</td></tr>`,
      )}</tbody>
</table>`
}
${
  view.slips.length === 0
    ? html`<p>No deadline of this case has been met late or missed.</p>`
    : html`<table>
<caption>Deadlines of case ${view.caseId} met late or missed, the latest due first</caption>
<thead><tr><th scope="col">Deadline</th><th scope="col">Due</th><th scope="col">What became of it</th></tr></thead>
<tbody>${[...view.slips]
        .reverse()
        .map(
          (slip) =>
            html`<tr><th scope="row">${slip.title}<span class="explain">${slip.rule}</span></th><td class="nowrap">${slip.due}</td><td>${slip.status === 'missed' ? 'Missed' : `Met late, on ${slip.metOn}`}</td></tr>`,
        )}</tbody>
</table>`
}
</section>`;
}

/** The case page's body. */
export function caseView(view: CaseView): Markup {
  const facts = factLines(view.facts);
  return html`<h1>Case ${view.caseId}</h1>
<p class="lead">${view.heldBy}. As of ${view.asOf}.</p>
<section aria-labelledby="trackers">
<h2 id="trackers">On the trackers</h2>
${
  view.entries.length === 0
    ? html`<p>Not on a tracker today.</p>`
    : view.entries.map(
        (entry) => html`<h3>${TRACKER_TITLES[entry.tracker]}</h3>
<ul class="plain">${entry.reasons.map((reason) => html`<li>${REASON_WORDS[reason]}</li>`)}</ul>
${entry.stalled.length > 0 ? html`<ul class="plain">${entry.stalled.map(stalledItem)}</ul>` : html`<p>Not stalled.</p>`}`,
      )
}
</section>
<section aria-labelledby="facts">
<h2 id="facts">Facts</h2>
${facts.length > 0 ? html`<ul>${facts.map((line) => html`<li>${line}</li>`)}</ul>` : html`<p>None of the facts the trackers read is recorded.</p>`}
</section>
${view.actions}
${historyOfDates(view)}
<section aria-labelledby="deadlines">
<h2 id="deadlines">Live deadlines</h2>
${
  view.deadlines.length === 0
    ? html`<p>No live deadline.</p>`
    : html`<table>
<caption>Live deadlines of case ${view.caseId}, soonest first</caption>
<thead><tr><th scope="col">Deadline</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Why this date</th></tr></thead>
<tbody>${view.deadlines.map(
        (
          deadline,
        ) => html`<tr><th scope="row">${deadline.rule.title}<span class="explain">${deadline.rule.id}</span></th>
<td>${statusTag(deadline.status)}</td><td class="nowrap">${momentText(deadline.due)}</td><td>${deadline.explain}</td></tr>`,
      )}</tbody>
</table>`
}
</section>`;
}
