/**
 * The week's Line of Sight meeting agenda: breaches, near-breaches, stalled children, then the actions
 * due, each by case reference with why in plain English. An action shows its text (the agenda is shown
 * only to readers whose line includes each case on it).
 */
import { html } from 'hono/html';
import type { Agenda } from '../../core/trackers/agenda.ts';
import { casePath, type Markup } from './layout.ts';

/** What the agenda page needs besides the agenda. */
export interface AgendaView {
  agenda: Agenda;
  /** The Mondays of the weeks before and after, for the links. */
  previous: string;
  next: string;
  /** Action texts by action id, for the actions due. */
  texts: ReadonlyMap<string, string>;
}

/** The agenda page's body. */
export function agendaView(view: AgendaView): Markup {
  const { agenda } = view;
  return html`<h1>Meeting agenda: week of ${agenda.week.from}</h1>
<p class="lead">Monday ${agenda.week.from} to Sunday ${agenda.week.to}, for the cases in your line.</p>
<nav aria-label="Other weeks" class="no-print"><ul>
<li><a href="/agenda?week=${view.previous}">The week before</a></li>
<li><a href="/agenda?week=${view.next}">The week after</a></li>
</ul></nav>
${agenda.sections.map(
  (section) => html`<section aria-labelledby="agenda-${section.name}">
<h2 id="agenda-${section.name}">${section.title} (${section.items.length})</h2>
${
  section.items.length === 0
    ? html`<p>None.</p>`
    : html`<table>
<caption>${section.title}, earliest first</caption>
<thead><tr><th scope="col">Case</th><th scope="col">What</th><th scope="col">Date</th><th scope="col">Why</th></tr></thead>
<tbody>${section.items.map(
        (item) => html`<tr><th scope="row"><a href="${casePath(item.caseId)}">${item.caseId}</a></th>
<td>${section.name === 'actions-due' ? (view.texts.get(item.about) ?? item.what) : item.what}</td>
<td class="nowrap">${item.date}</td><td>${item.why}</td></tr>`,
      )}</tbody>
</table>`
}
</section>`,
)}`;
}
