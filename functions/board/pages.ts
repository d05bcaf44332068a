/**
 * The board's pages: the reader's home, the two trackers, the meeting agenda and a case's page. Each
 * reads only what the reader's line holds (the app's middleware has checked the line, and a case
 * route's case), and records in the read audit every case it shows.
 */
import type { Context } from 'hono';
import { caseActions } from '../core/actions/index.ts';
import {
  addDays,
  formatIsoDate,
  formatLondonHuman,
  isIsoDate,
  parseIsoDate,
} from '../core/calendar/index.ts';
import type { DirectoryData, Team } from '../core/directory/model.ts';
import { Directory } from '../core/directory/resolve.ts';
import { type CaseAllocation, type Moment, OPEN_STATUSES } from '../core/engine/index.ts';
import {
  dateChanges,
  groupByUnit,
  meetingAgenda,
  mondayOf,
  type PlacedEntry,
  slips,
  TRACKERS,
  type Tracker,
  trackerEntries,
  trackerFacts,
} from '../core/trackers/index.ts';
import { narrowTo, type ReaderLine, staffInCaseLine } from './access.ts';
import {
  type BoardRequest,
  type CaseContext,
  instantOf,
  STATUS_WORDS,
  type StatusCode,
} from './board-request.ts';
import type { BoardDeps, BoardEnv, TrackerScope } from './deps.ts';
import { type ActionsView, actionsView } from './views/actions.ts';
import { agendaView } from './views/agenda.ts';
import { caseView } from './views/case.ts';
import { type Flash, page, problemPage } from './views/layout.ts';
import { homeView, trackerView } from './views/trackers.ts';
import { TRACKER_TITLES } from './views/words.ts';

/** Who holds a case, in words: its worker and unit, or the duty team while it waits for allocation. */
function heldByText(allocation: CaseAllocation | null, data: DirectoryData, directory: Directory): string {
  const unit = directory.teamOf(allocation);
  const where = unit ? `${unit.name}` : 'a team the directory does not hold';
  if (allocation === null) return `Not allocated to a worker yet: with the duty team, ${where}`;
  const worker = data.staff.find((member) => member.id === allocation.workerId);
  return `Allocated to ${worker ? `${worker.name} (${worker.level})` : `${allocation.workerId}, who is not in the directory`}, ${where}`;
}

/** A case page refused a form: the problem, and what was typed into the record form. */
export interface Refused {
  problem: string;
  draft?: ActionsView['draft'];
}

/** The board's page handlers over its dependencies. */
export function pageHandlers(deps: Pick<BoardDeps, 'board' | 'actionTexts' | 'profile'>) {
  /** Whose cases the reader's tracker pages read: their units', or (a worker) their own. */
  const scopeOf = (line: ReaderLine, units: readonly string[] = line.units): TrackerScope =>
    line.staff.level === 'worker' ? { allocatedTo: line.staff.id } : { units };

  /** The units the line's tracker entries are grouped under, from `scope`, placed by `directory`. */
  async function placedEntries(
    scope: TrackerScope,
    trackers: readonly Tracker[],
    asOf: Moment,
    directory: DirectoryData,
  ) {
    const read = await Promise.all(
      trackers.map((tracker) => deps.board.trackerEntries(scope, tracker, asOf, directory)),
    );
    return read.flat().map(({ unitId, entry }): PlacedEntry => ({ unitId, entry }));
  }

  /** Groups entries as the line sees them: under the reader's own unit (a worker's: wherever each case sits). */
  const grouped = (
    line: ReaderLine,
    entries: readonly PlacedEntry[],
    teams: readonly Team[],
    top: string | null,
  ) => groupByUnit(entries, teams, line.staff.level === 'worker' ? null : top);

  async function home(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const line = c.get('line');
    const directoryData = c.get('directoryData');
    const { teams } = directoryData;
    const entries = await placedEntries(scopeOf(line), TRACKERS, request.asOf, directoryData);
    const units = grouped(line, entries, teams, line.units[0] ?? null);
    return c.html(
      page({
        title: 'Your line of sight',
        reader: request.reader,
        current: '/',
        body: homeView({ units, teams, worker: line.staff.level === 'worker' }),
      }),
    );
  }

  async function trackerPage(
    c: Context<BoardEnv>,
    request: BoardRequest,
    tracker: Tracker,
  ): Promise<Response> {
    const line = c.get('line');
    const directoryData = c.get('directoryData');
    const { teams } = directoryData;
    const asked = c.req.query('unit') ?? '';
    const units = asked === '' ? line.units : narrowTo(line, teams, asked);
    if (units === null) {
      return c.html(
        problemPage(
          'Not a unit in your line',
          'You can narrow a tracker only to a unit in your line: choose one from the list on the tracker.',
          request.reader,
        ),
        403,
      );
    }
    const entries = await placedEntries(scopeOf(line, units), [tracker], request.asOf, directoryData);
    const shown = grouped(line, entries, teams, units[0] ?? null);
    await request.audit(
      shown.flatMap((unit) =>
        unit.trackers[tracker].map((entry) => ({ caseId: entry.caseId, view: 'tracker' as const })),
      ),
    );
    return c.html(
      page({
        title: TRACKER_TITLES[tracker],
        reader: request.reader,
        current: `/trackers/${tracker}`,
        body: trackerView({
          tracker,
          units: shown,
          teams,
          choices: line.units,
          chosen: asked === '' ? null : asked,
        }),
      }),
    );
  }

  async function casePage(
    c: Context<BoardEnv>,
    request: BoardRequest,
    refused: Refused | null = null,
  ): Promise<Response> {
    const { caseId, record } = request.found as CaseContext;
    const directoryData = c.get('directoryData');
    const { asOf } = request;
    const today = formatIsoDate(asOf.day);
    const { evaluation, events } = record;
    await request.audit([{ caseId, view: 'case' }]);
    const status = c.req.query('status');
    const flash: Flash | null = refused
      ? { text: refused.problem, problem: true }
      : status !== undefined && Object.hasOwn(STATUS_WORDS, status)
        ? { text: STATUS_WORDS[status as StatusCode], problem: false }
        : null;
    const directory = new Directory(directoryData, today);
    const names = new Map(directoryData.staff.map((member) => [member.id, member.name]));
    const body = caseView({
      caseId,
      heldBy: heldByText(evaluation.allocation, directoryData, directory),
      asOf: formatLondonHuman(asOf.ms ?? 0),
      entries: trackerEntries(events, evaluation, asOf, deps.profile),
      facts: trackerFacts(events, asOf),
      deadlines: evaluation.deadlines
        .filter((deadline) => OPEN_STATUSES.has(deadline.status))
        .sort((a, b) => a.due.day - b.due.day || (a.rule.id < b.rule.id ? -1 : 1)),
      changes: dateChanges(events, deps.profile, asOf),
      slips: slips(evaluation),
      names,
      actions: actionsView({
        caseId,
        actions: caseActions(events, instantOf(asOf)),
        texts: await deps.actionTexts.textsOf(caseId),
        names,
        owners: staffInCaseLine(directoryData, evaluation.allocation, directory, today),
        today,
        csrf: request.reader.csrf,
        ...(refused?.draft && { draft: refused.draft }),
      }),
    });
    return c.html(
      page({ title: `Case ${caseId}`, reader: request.reader, flash, body }),
      refused ? 400 : 200,
    );
  }

  async function agenda(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const line = c.get('line');
    const today = formatIsoDate(request.asOf.day);
    const week = c.req.query('week') ?? mondayOf(today);
    if (!isIsoDate(week)) {
      return c.html(problemPage('Not a week', 'Give the week as a date: YYYY-MM-DD.', request.reader), 400);
    }
    // Any day of a week stands for that week: its Monday's address is the agenda's own.
    if (mondayOf(week) !== week) return c.redirect(`/agenda?week=${mondayOf(week)}`, 302);
    const scope = scopeOf(line);
    const directoryData = c.get('directoryData');
    const [entries, actions] = await Promise.all([
      placedEntries(scope, TRACKERS, request.asOf, directoryData),
      deps.board.actions(scope, request.asOf, directoryData),
    ]);
    const drawn = meetingAgenda(
      entries.map((placed) => placed.entry),
      actions,
      week,
    );
    const shown = [...new Set(drawn.sections.flatMap((section) => section.items.map((item) => item.caseId)))];
    await request.audit(shown.map((caseId) => ({ caseId, view: 'agenda' as const })));
    const withActions = [
      ...new Set(
        drawn.sections.find((section) => section.name === 'actions-due')?.items.map((item) => item.caseId),
      ),
    ];
    const texts = new Map<string, string>();
    for (const caseId of withActions) {
      for (const [actionId, text] of await deps.actionTexts.textsOf(caseId)) texts.set(actionId, text);
    }
    const monday = parseIsoDate(week);
    return c.html(
      page({
        title: `Meeting agenda, week of ${week}`,
        reader: request.reader,
        current: '/agenda',
        body: agendaView({
          agenda: drawn,
          previous: formatIsoDate(addDays(monday, -7)),
          next: formatIsoDate(addDays(monday, 7)),
          texts,
        }),
      }),
    );
  }

  return { home, trackerPage, agenda, casePage };
}
