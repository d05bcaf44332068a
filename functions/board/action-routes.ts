/**
 * The board's forms on a case page: record an action, mark one done, move its date with a reason, or
 * withdraw one recorded in error. Each checks what was typed, sends its event through ingest (an
 * action's text stored first, apart and sealed), and answers with a redirect back to the case page
 * (303), or the case page again with the problem in plain English.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { ACTION_MOVE_REASONS, type CaseEvent } from '../../events/index.ts';
import {
  type BoardAction,
  type BoardEventContext,
  caseActions,
  checkActionText,
  markActionDone,
  moveAction,
  recordAction,
  withdrawAction,
} from '../core/actions/index.ts';
import { formatIsoDate, isIsoDate } from '../core/calendar/index.ts';
import { Directory } from '../core/directory/resolve.ts';
import { staffInCaseLine } from './access.ts';
import { type BoardRequest, type CaseContext, instantOf, type StatusCode } from './board-request.ts';
import type { BoardDeps, BoardEnv } from './deps.ts';
import type { Refused } from './pages.ts';
import { casePath, problemPage } from './views/layout.ts';

/** The case page again, with why a form was refused. */
type CasePage = (c: Context<BoardEnv>, request: BoardRequest, refused: Refused) => Promise<Response>;

/** The board's form handlers over its dependencies, answering a refusal with `casePage`. */
export function actionHandlers(deps: Pick<BoardDeps, 'send' | 'actionTexts'>, casePage: CasePage) {
  /** Sends one event the board made; a problem in words when ingest refused it. */
  async function sendOne(event: CaseEvent): Promise<string | null> {
    const summary = await deps.send([event]);
    if (summary.rejected === 0) return null;
    const problems = summary.items.flatMap((item) => item.problems.map((problem) => problem.message));
    return `The change could not be saved: ${problems.join('; ') || 'ingest refused it'}.`;
  }

  /** Why a due date cannot be taken, or null: a real date, today or later. */
  const dueProblem = (dueOn: string | undefined, today: string) =>
    dueOn === undefined || !isIsoDate(dueOn)
      ? 'Give the due date as a date.'
      : dueOn < today
        ? 'The due date cannot be in the past.'
        : null;

  /** Who made the change, about which case, when, under a fresh event id. */
  const eventContext = (request: BoardRequest, caseId: string): BoardEventContext => ({
    eventId: `board-${randomUUID()}`,
    caseId,
    at: instantOf(request.asOf),
    by: request.reader.staff.id,
  });

  const backToCase = (c: Context<BoardEnv>, caseId: string, status: StatusCode) =>
    c.redirect(`${casePath(caseId)}?status=${status}#actions`, 303);

  async function recordActionRoute(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const { caseId, record } = request.found as CaseContext;
    const today = formatIsoDate(request.asOf.day);
    const text = request.form.text ?? '';
    const ownerId = request.form.ownerId ?? '';
    const dueOn = request.form.dueOn ?? '';
    const owners = staffInCaseLine(
      c.get('directoryData'),
      record.evaluation.allocation,
      new Directory(c.get('directoryData'), today),
      today,
    );
    const problem =
      checkActionText(text) ??
      (owners.some((member) => member.id === ownerId)
        ? null
        : 'Choose who owns the action from the list: someone whose line includes this case.') ??
      dueProblem(dueOn, today);
    const draft = { text, ownerId, dueOn };
    if (problem !== null) return casePage(c, request, { problem, draft });
    const actionId = randomUUID();
    // The text first: an action whose event is refused leaves a text nobody can reach, never an
    // action without its text.
    await deps.actionTexts.put(caseId, actionId, text);
    const refused = await sendOne(recordAction(eventContext(request, caseId), { actionId, ownerId, dueOn }));
    if (refused !== null) return casePage(c, request, { problem: refused, draft });
    return backToCase(c, caseId, 'recorded');
  }

  /** The open action the route names, or null (404: none on this case, or no longer open). */
  function openAction(c: Context<BoardEnv>, request: BoardRequest): BoardAction | null {
    const { record } = request.found as CaseContext;
    const actionId = c.req.param('id') ?? '';
    return (
      caseActions(record.events, instantOf(request.asOf)).find(
        (action) => action.actionId === actionId && action.status === 'open',
      ) ?? null
    );
  }

  const noSuchAction = (c: Context<BoardEnv>, request: BoardRequest) =>
    c.html(
      problemPage(
        'No such open action',
        'This case has no open action at this address: it may have been marked done or withdrawn meanwhile. Go back to the case and reload it.',
        request.reader,
      ),
      404,
    );

  async function doneRoute(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const action = openAction(c, request);
    if (action === null) return noSuchAction(c, request);
    const refused = await sendOne(markActionDone(eventContext(request, action.caseId), action.actionId));
    return refused === null
      ? backToCase(c, action.caseId, 'done')
      : casePage(c, request, { problem: refused });
  }

  async function moveRoute(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const action = openAction(c, request);
    if (action === null) return noSuchAction(c, request);
    const dueOn = request.form.dueOn ?? '';
    const reason = ACTION_MOVE_REASONS.find((known) => known === request.form.reason);
    const problem =
      dueProblem(dueOn, formatIsoDate(request.asOf.day)) ??
      (reason === undefined ? 'Choose why the date moves from the list.' : null) ??
      (dueOn === action.dueOn ? 'Choose a date other than the one it is due now.' : null);
    if (problem !== null || reason === undefined) return casePage(c, request, { problem: problem ?? '' });
    const refused = await sendOne(
      moveAction(eventContext(request, action.caseId), { actionId: action.actionId, dueOn, reason }),
    );
    return refused === null
      ? backToCase(c, action.caseId, 'moved')
      : casePage(c, request, { problem: refused });
  }

  async function withdrawRoute(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const action = openAction(c, request);
    if (action === null) return noSuchAction(c, request);
    const refused = await sendOne(
      withdrawAction(eventContext(request, action.caseId), action.recordedEventId),
    );
    return refused === null
      ? backToCase(c, action.caseId, 'withdrawn')
      : casePage(c, request, { problem: refused });
  }

  return { recordActionRoute, doneRoute, moveRoute, withdrawRoute };
}
