/**
 * `npm start`: the whole pipeline on this machine, kept running. The store lives on disk under the
 * data directory; the first start loads a synthetic council into it. Events can be posted to the
 * local ingest endpoint (the Lambda's handler code), the schedules run in Europe/London as on AWS,
 * email lands in the local SES inbox and cards on the Teams sink page. While it runs, `los` commands
 * on the same data directory work through it (see `remote-store.ts`).
 */

import { englandAndWalesCalendar, formatIsoDate, londonDayOf } from '../functions/core/calendar/index.ts';
import type { Profile } from '../functions/core/engine/index.ts';
import { morningRunOn } from '../functions/core/notices/schedule.ts';
import { createIngestHttpHandler } from '../functions/handlers/ingest-http.ts';
import { WEEKLY_AFTER_MORNING_MINUTES } from '../functions/schedule/times.ts';
import type { ScheduledRunKind } from '../functions/schedule/weekly.ts';
import { apiGatewayRoute, type LocalServer, startLocalIngestServer } from './http-ingest.ts';
import { demoCouncil, loadCouncil } from './load-council.ts';
import {
  type LocalPipeline,
  type LocalRunSummary,
  type LocalWeeklySummary,
  startLocalPipeline,
} from './pipeline.ts';
import { advertiseServer, newToken, storeRoute } from './remote-store.ts';
import { type LocalSchedules, startLocalSchedules } from './scheduler.ts';

export interface ServeOptions {
  dataDir: string;
  profile: Profile;
  /** The ingest endpoint's port (0: any free one). */
  port: number;
  morningRunTime: string;
  /** The synthetic council loaded into an empty store. */
  cases: number;
  seed: number;
  /** Where progress and run summaries go: counts and ids only, never case content. */
  log: (line: string) => void;
}

/** A running `npm start`. */
export interface Serving {
  pipeline: LocalPipeline;
  server: LocalServer;
  schedules: LocalSchedules;
  /** Runs as a schedule would (tests and the catch-up at start call it). */
  runNow(kind: ScheduledRunKind, asOf?: number): Promise<LocalRunSummary | LocalWeeklySummary>;
  close(): Promise<void>;
}

const describeRun = (asOf: number, run: LocalRunSummary | LocalWeeklySummary) => {
  const { delivered } = run;
  const what =
    run.run === 'weekly'
      ? run.week
        ? `summaries of ${run.week.start} to ${run.week.end}: read ${run.read} deadlines, counted ${run.counted}, ${run.emails} summaries composed`
        : 'nothing to send: not the first working day of the week'
      : `read ${run.read} due, ${run.emails} emails, ${run.cards} cards composed`;
  return (
    `${run.run} run as of ${new Date(asOf).toISOString()}: ${what}; ${delivered.messages} messages sent ` +
    `(${delivered.alreadySent} notices already sent, ${delivered.failed} failed), ${run.gaps.length} directory gaps`
  );
};

async function isEmpty(pipeline: LocalPipeline): Promise<boolean> {
  for await (const _ of pipeline.store.events.caseIds()) return false;
  return true;
}

/** Starts everything; the caller stops it with `close()` (on Ctrl+C). */
export async function serve(options: ServeOptions): Promise<Serving> {
  const { log, profile } = options;
  const pipeline = await startLocalPipeline({
    dataDir: options.dataDir,
    profile,
    morningRunTime: options.morningRunTime,
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
      port: options.port,
      handle: ingest,
      routes: { 'POST /store': storeRoute(pipeline.store, token) },
    });
  } catch (error) {
    await pipeline.close();
    throw new Error(
      `cannot listen on 127.0.0.1:${options.port} (${(error as NodeJS.ErrnoException).code ?? error}); is another npm start running? Try --port 0`,
    );
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
      `  Email inbox (local SES):   ${pipeline.ses.inboxUrl}`,
      `  Teams cards (local sink):  ${pipeline.teams.url}`,
      `  Ingest endpoint:           POST ${server.url}/events  (a JSON array of events, or NDJSON)`,
      `  Data:                      ${options.dataDir}  (today is ${formatIsoDate(today)})`,
      `  Next morning run:          ${next.morning?.toISOString() ?? 'none'}; next hourly run: ${next.hourly?.toISOString() ?? 'none'}`,
      `  Try:  npx los deadlines --data-dir ${options.dataDir} --within 5`,
      '',
    ].join('\n'),
  );

  return {
    pipeline,
    server,
    schedules,
    runNow,
    async close() {
      schedules.stop();
      withdraw();
      await server.close();
      await pipeline.close();
    },
  };
}
