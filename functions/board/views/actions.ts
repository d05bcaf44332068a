/**
 * A case's actions on its page: each with its text (shown only here, to a reader whose line includes
 * the case), owner, due date, status and every change with who made it and why; the forms that mark
 * one done, move its date with a reason, or withdraw one recorded in error; and the form that records
 * a new one. Every form carries the session's CSRF token.
 */
import { html } from 'hono/html';
import { ACTION_MOVE_REASONS, type ActionMoveReason } from '../../../events/index.ts';
import { ACTION_TEXT_MAX, type ActionChange, type BoardAction } from '../../core/actions/index.ts';
import { formatLondonHuman, formatLongDate, parseIsoDate } from '../../core/calendar/index.ts';
import type { StaffMember } from '../../core/directory/model.ts';
import { casePath, csrfField, type Markup } from './layout.ts';
import { statusTag } from './words.ts';

/** Why an action's date moved, in words. */
export const MOVE_REASON_WORDS: Readonly<Record<ActionMoveReason, string>> = {
  'awaiting-court': 'Waiting on the court',
  'awaiting-information': 'Waiting on information from another agency or professional',
  'family-unavailable': 'The family was not available',
  'professional-unavailable': 'A professional was not available',
  reprioritised: 'Reprioritised by the meeting',
  'date-recorded-in-error': 'The date first recorded was wrong',
};

/** What the actions section needs. */
export interface ActionsView {
  caseId: string;
  actions: readonly BoardAction[];
  /** Each action's text by id (an action whose text is missing says so). */
  texts: ReadonlyMap<string, string>;
  /** Staff names by id, for owners and who made each change. */
  names: ReadonlyMap<string, string>;
  /** Who an action may be given to: staff whose line includes the case. */
  owners: readonly StaffMember[];
  /** Today (`YYYY-MM-DD`): the earliest due date the forms offer. */
  today: string;
  csrf: string;
  /** What was typed in the record form when it was refused, to type again less. */
  draft?: { text: string; ownerId: string; dueOn: string };
}

const day = (iso: string) => formatLongDate(parseIsoDate(iso));
const when = (at: string) => (at.length === 10 ? day(at) : formatLondonHuman(Date.parse(at)));

function changeLine(change: ActionChange, names: ReadonlyMap<string, string>): Markup {
  const who = change.by === null ? 'someone not recorded' : (names.get(change.by) ?? change.by);
  switch (change.kind) {
    case 'recorded':
      return html`<li>Recorded by ${who}, ${when(change.at)}: due ${day(change.dueOn ?? '')}</li>`;
    case 'moved':
      return html`<li>Moved by ${who}, ${when(change.at)}: from ${day(change.from ?? '')} to ${day(change.dueOn ?? '')}.
Why: ${change.reason ? MOVE_REASON_WORDS[change.reason] : 'not recorded'}</li>`;
    case 'done':
      return html`<li>Marked done by ${who}, ${when(change.at)}</li>`;
    case 'withdrawn':
      return html`<li>Withdrawn (recorded in error) by ${who}, ${when(change.at)}</li>`;
  }
}

const textOf = (action: BoardAction, texts: ReadonlyMap<string, string>) =>
  texts.get(action.actionId) ?? `Action ${action.actionId} (its text is not available)`;

/** The forms that change one open action. */
function changeForms(view: ActionsView, action: BoardAction, index: number): Markup {
  const base = `${casePath(view.caseId)}/actions/${action.actionId}`;
  const id = `action-${index}`;
  return html`<section aria-labelledby="${id}-title" class="no-print">
<h3 id="${id}-title">Change: ${textOf(action, view.texts)}</h3>
<form method="post" action="${base}/done">${csrfField(view.csrf)}
<button type="submit" class="primary">Mark done</button></form>
<form method="post" action="${base}/move">${csrfField(view.csrf)}
<fieldset><legend>Move its due date</legend>
<label for="${id}-due">New due date</label>
<input type="date" id="${id}-due" name="dueOn" required min="${view.today}" value="${action.dueOn}">
<label for="${id}-reason">Why it moves</label>
<select id="${id}-reason" name="reason" required>
<option value="">Choose a reason</option>
${ACTION_MOVE_REASONS.map((reason) => html`<option value="${reason}">${MOVE_REASON_WORDS[reason]}</option>`)}
</select>
<button type="submit">Move the date</button>
</fieldset></form>
<form method="post" action="${base}/withdraw">${csrfField(view.csrf)}
<button type="submit">Withdraw: recorded in error</button></form>
</section>`;
}

/** The actions section of a case page. */
export function actionsView(view: ActionsView): Markup {
  const { actions, names, draft } = view;
  const open = actions.filter((action) => action.status === 'open');
  return html`<section aria-labelledby="actions">
<h2 id="actions">Actions</h2>
${
  actions.length === 0
    ? html`<p>No action is recorded on this case.</p>`
    : html`<table>
<caption>Actions on case ${view.caseId}, in the order recorded, with every change</caption>
<thead><tr><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">History</th></tr></thead>
<tbody>${actions.map(
        (action) => html`<tr>
<th scope="row">${textOf(action, view.texts)}</th>
<td>${names.get(action.ownerId) ?? action.ownerId}</td>
<td class="nowrap">${day(action.dueOn)}</td>
<td>${statusTag(action.status === 'open' && action.overdue ? 'overdue' : action.status)}</td>
<td><ul class="plain history">${action.history.map((change) => changeLine(change, names))}</ul></td>
</tr>`,
      )}</tbody>
</table>`
}
${open.map((action, index) => changeForms(view, action, index))}
<form method="post" action="${casePath(view.caseId)}/actions" class="no-print">${csrfField(view.csrf)}
<fieldset><legend>Record an action</legend>
<label for="action-text">What is to be done
<span class="hint">A next step with a date: "ongoing" is not a timescale. At most ${ACTION_TEXT_MAX} characters; no child’s name.</span></label>
<textarea id="action-text" name="text" required maxlength="${ACTION_TEXT_MAX}">${draft?.text ?? ''}</textarea>
<label for="action-owner">Who owns it</label>
<select id="action-owner" name="ownerId" required>
<option value="">Choose who</option>
${view.owners.map(
  (member) =>
    html`<option value="${member.id}"${draft?.ownerId === member.id ? html` selected` : ''}>${member.name} (${member.level})</option>`,
)}
</select>
<label for="action-due">Due by</label>
<input type="date" id="action-due" name="dueOn" required min="${view.today}" value="${draft?.dueOn ?? ''}">
<button type="submit" class="primary">Record the action</button>
</fieldset>
</form>
</section>`;
}
