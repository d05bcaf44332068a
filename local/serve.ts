/**
 * `npm start`: the whole pipeline on this machine, kept running. The store lives on disk under the
 * data directory; the first start loads a synthetic council into it. Events can be posted to the
 * local ingest endpoint (the Lambda's handler code), the schedules run in Europe/London as on AWS,
 * email lands in the local SES inbox and cards on the Teams sink page, and the web board shows the
 * trackers, the agenda and the actions. While it runs, `los` commands on the same data directory work
 * through it (see `remote-store.ts`).
 */

import { createServer } from 'node:net';
import { join } from 'node:path';
import { ActionTextCipher } from '../functions/adapters/action-text/cipher.ts';
import { DynamoActionTextStore } from '../functions/adapters/dynamodb/action-text-store.ts';
import { englandAndWalesCalendar, formatIsoDate, londonDayOf } from '../functions/core/calendar/index.ts';
import type { Profile } from '../functions/core/engine/index.ts';
import { morningRunOn } from '../functions/core/notices/plan.ts';
import { createIngestHttpHandler } from '../functions/handlers/ingest-http.ts';
import type { Sending } from '../functions/handlers/lambda/environment.ts';
import { repairMarkedCases } from '../functions/ingest/ingest.ts';
import { WEEKLY_AFTER_MORNING_MINUTES } from '../functions/runs/schedule-times.ts';
import type { ScheduledRunKind } from '../functions/runs/weekly-run.ts';
import { localActionTextKey } from './action-text-key.ts';
import { startLocalBoard } from './board-serve.ts';
import { deadlineEventFileOf } from './deadline-event-file.ts';
import { apiGatewayRoute, type LocalServer, startLocalIngestServer } from './http-ingest.ts';
import { demoCouncil, loadCouncil } from './load-council.ts';
import {
  type LocalPipeline,
  type LocalRunSummary,
  type LocalWeeklySummary,
  startLocalPipeline,
} from './pipeline.ts';
import { advertiseServer, newToken, storeRoute } from './remote-store.ts';
import { type LocalSchedules, startLocalSchedules } from './schedules.ts';
import { LOCAL_TABLE } from './store.ts';

export interface ServeOptions {
  dataDir: string;
  profile: Profile;
  /**
   * The ingest endpoint's port; the local SES (its inbox) takes the next one, the Teams sink the one
   * after and the web board the one after that, so the addresses are the same at every start (0: any
   * free ones).
   */
  port: number;
  morningRunTime: string;
  /** `paused`: the runs hold what they would send in the outbox (`los outbox list`); `live` unless given. */
  sending?: Sending;
  /** The synthetic council loaded into an empty store. */
  cases: number;
  seed: number;
  /** Where progress and run summaries go: counts and ids only, never case content. */
  log: (line: string) => void;
}

/** The ingest endpoint's address: loopback only. */
const HOST = '127.0.0.1';

/** `npm start`'s port cannot be listened on; the message says what to do. */
export class PortUnavailableError extends Error {
  override name = 'PortUnavailableError';
}

/** The ports `npm start` listens on, from `--port`: each server's, and what it is, for messages. */
function servePorts(port: number) {
  const at = (offset: number) => (port === 0 ? 0 : port + offset);
  return {
    ingest: { port: at(0), what: '' },
    ses: { port: at(1), what: ' (the local SES and its inbox: --port + 1)' },
    teams: { port: at(2), what: ' (the Teams sink: --port + 2)' },
    board: { port: at(3), what: ' (the web board: --port + 3)' },
  };
}

/**
 * What to say about a failed listen on `port` (`what` says which server's it is, when not the ingest
 * endpoint's): a sentence for the everyday causes, else the error itself.
 */
function unavailable(port: number, error: unknown, what = ''): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new PortUnavailableError(
        `port ${port}${what} is already in use (is \`npm start\` already running?); stop the other process or choose another with --port`,
      );
    case 'EACCES':
      return new PortUnavailableError(
        `this user may not listen on port ${port}${what} (ports below 1024 need privileges); choose another with --port`,
      );
    default:
      return error;
  }
}

/**
 * Fails with {@link PortUnavailableError} unless every port `npm start` needs can be listened on: tried
 * first, so a busy port is reported at once rather than after the council is loaded.
 */
async function checkPorts(ports: ReturnType<typeof servePorts>): Promise<void> {
  if (ports.board.port > 65_535) {
    throw new PortUnavailableError(
      `--port ${ports.ingest.port} leaves no room for the local SES, the Teams sink and the web board on the next three ports; choose 65532 or lower`,
    );
  }
  for (const { port, what } of Object.values(ports)) {
    if (port === 0) continue;
    const probe = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(port, HOST, resolve);
      });
    } catch (error) {
      throw unavailable(port, error, what);
    }
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}

/** A running `npm start`. */
export interface Serving {
  pipeline: LocalPipeline;
  server: LocalServer;
  schedules: LocalSchedules;
  /** The web board. */
  board: LocalServer;
  /** Runs as a schedule would (tests and the catch-up at start call it). */
  runNow(kind: ScheduledRunKind, asOf?: number): Promise<LocalRunSummary | LocalWeeklySummary>;
  close(): Promise<void>;
}

/** What a weekly run did, in words. */
const weeklyWhat = (run: LocalWeeklySummary) => {
  if (!run.week) return 'nothing to send: not the first working day of the week';
  if (run.alreadyDone) return `the summaries of ${run.week.start} to ${run.week.end} went earlier`;
  if (run.awaitingRecompute > 0) {
    return `waiting: ${run.awaitingRecompute} cases await their recompute, so the summaries would be wrong; the hourly runs try again`;
  }
  return `summaries of ${run.week.start} to ${run.week.end}: read ${run.read} deadlines, counted ${run.counted}, ${run.emails} summaries composed`;
};

const describeRun = (asOf: number, run: LocalRunSummary | LocalWeeklySummary): string => {
  const { delivered } = run;
  const what =
    run.run === 'weekly'
      ? weeklyWhat(run)
      : `read ${run.read} due, ${run.emails} emails, ${run.cards} cards composed`;
  const outcome =
    run.sending === 'paused'
      ? 'sending is paused: held in the outbox (los outbox list), nothing sent'
      : `${delivered.messages} messages sent (${delivered.alreadySent} notices already sent, ${delivered.failed} failed)`;
  const line = `${run.run} run as of ${new Date(asOf).toISOString()}: ${what}; ${outcome}, ${run.gaps.length} directory gaps`;
  return run.run !== 'weekly' && run.weeklyRetry ? `${line}\n${describeRun(asOf, run.weeklyRetry)}` : line;
};

async function isEmpty(pipeline: LocalPipeline): Promise<boolean> {
  for await (const _ of pipeline.store.events.caseIds()) return false;
  return true;
}

/**
 * Starts everything; the caller stops it with `close()` (on Ctrl+C). A port that cannot be listened on
 * fails with {@link PortUnavailableError} before the data directory is opened; a data directory that
 * cannot be used, with the store's `DataDirError`.
 */
export async function serve(options: ServeOptions): Promise<Serving> {
  const { log, profile } = options;
  const ports = servePorts(options.port);
  await checkPorts(ports);
  const pipeline = await startLocalPipeline({
    dataDir: options.dataDir,
    profile,
    morningRunTime: options.morningRunTime,
    sending: options.sending ?? 'live',
    sesPort: ports.ses.port,
    teamsPort: ports.teams.port,
  }).catch((error: unknown) => {
    // Another process may have taken the inbox's or the sink's port since they were tried.
    const taken = Object.values(ports).find(
      ({ port }) => port !== 0 && port === (error as { port?: number }).port,
    );
    throw taken ? unavailable(taken.port, error, taken.what) : error;
  });
  try {
    if (await isEmpty(pipeline)) {
      const council = demoCouncil({
        seed: options.seed,
        cases: options.cases,
        morning: londonDayOf(Date.now()),
      });
      log(`First start: loading a synthetic council of ${options.cases} cases into ${options.dataDir} …`);
      const loaded = await loadCouncil(
        council,
        { store: pipeline.store, ingest: pipeline.ingestContext },
        (step, done, total) => log(`  ${done} of ${total} ${step}`),
      );
      log(
        `Loaded ${loaded.accepted} events for ${loaded.cases} cases, and a directory of ${loaded.staff} staff in ${loaded.teams} teams.`,
      );
    }
    // A stop between storing events and recomputing their cases left them marked: put them right before
    // any run reads the deadlines (nothing else can be writing yet).
    const { repaired } = await repairMarkedCases(pipeline.ingestContext, true);
    if (repaired > 0)
      log(`Recomputed ${repaired} cases whose events a stopped ingest had left without deadlines.`);
  } catch (error) {
    await pipeline.close();
    throw error;
  }

  const runNow = async (kind: ScheduledRunKind, asOf = Date.now()) => {
    const summary = kind === 'weekly' ? await pipeline.runWeekly(asOf) : await pipeline.run(asOf, kind);
    log(describeRun(asOf, summary));
    return summary;
  };
  const ingest = apiGatewayRoute(createIngestHttpHandler(pipeline.ingestContext, { info: () => {} }));
  const token = newToken();
  let server: LocalServer;
  try {
    server = await startLocalIngestServer({
      host: HOST,
      port: options.port,
      handle: ingest,
      routes: { 'POST /store': storeRoute(pipeline.store, token) },
    });
  } catch (error) {
    // Another process may have taken the port while the council loaded.
    await pipeline.close();
    throw unavailable(options.port, error);
  }
  let board: LocalServer;
  try {
    board = await startLocalBoard({
      store: pipeline.store,
      actionTexts: new DynamoActionTextStore(
        pipeline.store.dynamo.client,
        LOCAL_TABLE,
        new ActionTextCipher(await localActionTextKey(options.dataDir)),
      ),
      ingest: pipeline.ingestContext,
      port: ports.board.port,
      auditFile: join(options.dataDir, 'board-reads.ndjson'),
    });
  } catch (error) {
    await server.close();
    await pipeline.close();
    throw unavailable(ports.board.port, error, ports.board.what);
  }
  const withdraw = advertiseServer(options.dataDir, server.url, token);

  const schedules = startLocalSchedules({
    morningRunTime: options.morningRunTime,
    onRun: async (run, scheduledTime) => void (await runNow(run, scheduledTime.getTime())),
    log: { info: (message, attributes) => log(`${message} ${JSON.stringify(attributes ?? {})}`) },
  });

  // Catch up with what was missed while stopped: today's morning run if its time has passed, and the
  // week's summaries if theirs has (the weekly run itself knows whether today is their day).
  const now = Date.now();
  const today = londonDayOf(now);
  const morningAt = morningRunOn(today, pipeline.timing);
  const catchUp = englandAndWalesCalendar.isWorkingDay(today) && now >= morningAt ? 'morning' : 'hourly';
  await runNow(catchUp, now);
  if (now >= morningAt + WEEKLY_AFTER_MORNING_MINUTES * 60_000) await runNow('weekly', now);

  const next = schedules.next();
  log(
    [
      '',
      'Line of Sight is running on this machine (Ctrl+C to stop).',
      `  Board (web):               ${board.url}/  (the trackers, agenda and actions; sign in as anyone in the directory)`,
      `  Email inbox (local SES):   ${pipeline.ses.inboxUrl}`,
      `  Teams cards (local sink):  ${pipeline.teams.url}/`,
      `  Sent so far, kept on disk: ${join(options.dataDir, 'outbox')}  (email/, teams/: one file each)`,
      `  Deadline events:           ${deadlineEventFileOf(options.dataDir)}  (one JSON line each, as the deadlines bus sends them)`,
      `  Ingest endpoint:           POST ${server.url}/events  (a JSON array as application/json, or NDJSON as application/x-ndjson)`,
      `  Data:                      ${options.dataDir}  (today is ${formatIsoDate(today)})`,
      ...(options.sending === 'paused'
        ? [
            `  Sending:                   paused: the runs hold what they would send; read it with npx los outbox list --data-dir ${options.dataDir}`,
          ]
        : []),
      `  Next morning run:          ${next.morning?.toISOString() ?? 'none'}; next hourly run: ${next.hourly?.toISOString() ?? 'none'}`,
      `  Try:  npx los deadlines --data-dir ${options.dataDir} --within 5`,
      '',
    ].join('\n'),
  );

  return {
    pipeline,
    server,
    board,
    schedules,
    runNow,
    async close() {
      schedules.stop();
      withdraw();
      await board.close();
      await server.close();
      await pipeline.close();
    },
  };
}
