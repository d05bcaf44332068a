/**
 * A case's page: where it sits, why it is on the trackers and whether it has stalled, its facts, its
 * actions (see `actions.ts`), and its live deadlines with the explanation of each date. By reference
 * only: the board holds no name of a child.
 */
import { html } from 'hono/html';
import { type Deadline, momentText } from '../../core/engine/index.ts';
import type { TrackerEntry, TrackerFacts } from '../../core/trackers/index.ts';
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
