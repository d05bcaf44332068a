/**
 * The board's timeliness page and its CSV: how the deadlines of the reader's line went over the last
 * 12 full months, rule by rule, from the monthly figures ingest keeps. Filtered like every page: a
 * worker sees their own figures; a manager their line's, by team (or, asked, by worker), narrowed to a
 * unit of the line and those below it with `?unit=`. No case is shown, so nothing is added to the read
 * audit.
 */

import type { Context } from 'hono';
import { formatIsoDate } from '../core/calendar/index.ts';
import { staffOfUnits } from '../core/directory/lines.ts';
import type { DirectoryData } from '../core/directory/model.ts';
import {
  combinedOver,
  type Grouping,
  lastFullMonths,
  monthsOf,
  percentile,
  type ReportLabels,
  reportCsv,
  reportRows,
  totalsByRule,
} from '../core/timeliness/index.ts';
import { narrowTo, type ReaderLine } from './access.ts';
import type { BoardRequest } from './board-request.ts';
import type { BoardDeps, BoardEnv } from './deps.ts';
import { page, problemPage } from './views/layout.ts';
import { timelinessView } from './views/timeliness.ts';

/** Rules charted when none is asked for: those most often not met in timescale. */
const CHARTED = 3;

/** Whose figures a request asks for, or why it may not have them. */
type Scope =
  | { by: Grouping; keys: ReadonlySet<string>; words: string; unit: string | null }
  | { refused: string };

/** The figures a reader may see: their own as a worker, else their line's (or a unit of it) by team or worker. */
function scopeOf(c: Context<BoardEnv>, line: ReaderLine, data: DirectoryData): Scope {
  if (line.staff.level === 'worker') {
    return { by: 'worker', keys: new Set([line.staff.id]), words: 'your cases', unit: null };
  }
  const asked = c.req.query('unit') ?? '';
  const units = asked === '' ? line.units : narrowTo(line, data.teams, asked);
  if (units === null) return { refused: 'You can see the figures only of a unit in your line.' };
  const by: Grouping = c.req.query('by') === 'worker' ? 'worker' : 'team';
  const inUnits = new Set(units);
  const keys = by === 'team' ? inUnits : new Set(staffOfUnits(data.staff, inUnits));
  const name = data.teams.find((team) => team.id === asked)?.name;
  return { by, keys, words: name ? `${name} and the units below it` : 'your line', unit: asked || null };
}

/** The board's timeliness handlers over its dependencies. */
export function timelinessHandlers(deps: Pick<BoardDeps, 'board' | 'profile'>) {
  const titles = new Map(deps.profile.rules.map((rule) => [rule.id, rule.title]));

  /** The scope's figures of the last 12 full months, or the page refusing the scope. */
  async function read(c: Context<BoardEnv>, request: BoardRequest) {
    const data = c.get('directoryData');
    const scope = scopeOf(c, c.get('line'), data);
    if ('refused' in scope) {
      return {
        ok: false as const,
        response: c.html(problemPage('Not a unit in your line', scope.refused, request.reader), 403),
      };
    }
    const span = lastFullMonths(formatIsoDate(request.asOf.day));
    const figures = await deps.board.timeliness(span, scope.by, request.asOf, data);
    const teamNames = new Map(data.teams.map((team) => [team.id, team.name]));
    // Workers by their directory id only, as `los report` gives them: a CSV leaves the board.
    const labels: ReportLabels = {
      nameOf: (by, key) => (by === 'team' ? (teamNames.get(key) ?? null) : null),
      titleOf: (rule) => titles.get(rule) ?? rule,
    };
    return { ok: true as const, scope, span, figures, labels, teamNames };
  }

  /** The query string the page's links carry: the scope asked for, nothing else. */
  const queryOf = (scope: Exclude<Scope, { refused: string }>) => {
    const query = new URLSearchParams();
    if (scope.unit !== null) query.set('unit', scope.unit);
    if (scope.by === 'worker') query.set('by', 'worker');
    const text = query.toString();
    return text === '' ? '' : `?${text}`;
  };

  async function timelinessPage(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const got = await read(c, request);
    if (!got.ok) return got.response;
    const { scope, span, figures, labels, teamNames } = got;
    const whole = combinedOver(figures, scope.by, scope.keys, 'line');
    const totals = [...totalsByRule(whole)]
      .filter(([, counts]) => counts.fellDue > 0)
      .map(([rule, counts]) => ({
        rule,
        title: labels.titleOf(rule),
        ...counts,
        medianLateness: percentile(counts.lateness, 50),
        p90Lateness: percentile(counts.lateness, 90),
      }))
      // Most often not met in timescale first (a count, so one late deadline of one does not lead);
      // then the least often met, then by id, so the order is stable.
      .sort(
        (a, b) =>
          b.fellDue - b.onTime - (a.fellDue - a.onTime) ||
          a.onTime / a.fellDue - b.onTime / b.fellDue ||
          (a.rule < b.rule ? -1 : 1),
      );
    const asked = c.req.query('rule') ?? null;
    const ruleAsked = asked !== null && totals.some((total) => total.rule === asked);
    const charted = (
      ruleAsked ? totals.filter((total) => total.rule === asked) : totals.slice(0, CHARTED)
    ).map(({ rule, title }) => ({
      rule,
      title,
      rows: reportRows(whole, { ...span, by: scope.by, keys: new Set(['line']), rule }, labels),
    }));
    const query = queryOf(scope);
    return c.html(
      page({
        title: 'Timeliness',
        reader: request.reader,
        current: '/timeliness',
        body: timelinessView({
          months: monthsOf(span.from, span.to),
          totals,
          charted,
          ruleAsked,
          scope: scope.words,
          ruleHref: (rule) =>
            `/timeliness${query === '' ? '?' : `${query}&`}rule=${encodeURIComponent(rule)}`,
          csvHref: `/timeliness.csv${query}`,
          choice:
            c.get('line').staff.level === 'worker'
              ? null
              : {
                  units: c.get('line').units,
                  chosen: scope.unit,
                  byWorker: scope.by === 'worker',
                  names: teamNames,
                },
        }),
      }),
    );
  }

  async function timelinessCsv(c: Context<BoardEnv>, request: BoardRequest): Promise<Response> {
    const got = await read(c, request);
    if (!got.ok) return got.response;
    const { scope, span, figures, labels } = got;
    const rows = reportRows(figures, { ...span, by: scope.by, keys: scope.keys, rule: null }, labels);
    return c.body(reportCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="timeliness-${span.from}-to-${span.to}.csv"`,
    });
  }

  return { timelinessPage, timelinessCsv };
}
