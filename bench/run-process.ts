/**
 * The morning runs in a process of their own, reading the benchmark's dynalite over loopback, so that
 * their heap and resident set are the runs' alone (dynalite and the table it serves stay in the
 * parent): the nearest this machine gets to the schedule-run Lambda's memory report. `benchRun` forks it,
 * sends a {@link RunRequest} and reads back one {@link RunOutcome}.
 *
 * The first morning carries the council's whole backlog (every overdue item's first escalation); the
 * mornings after it, on the same store and ledger, are what a council pays for day after day.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeadlineStore } from '../functions/adapters/dynamodb/deadline-store.ts';
import { MemoryDirectoryStore } from '../functions/adapters/memory/directory-store.ts';
import { MemoryNoticeLedger, MemoryRecomputeMarks } from '../functions/adapters/memory/stores.ts';
import { londonDayOf } from '../functions/core/calendar/london-time.ts';
import type { DirectoryData } from '../functions/core/directory/model.ts';
import { defaultNoticeTiming, morningRunOn } from '../functions/core/notices/plan.ts';
import type { NoticeSink } from '../functions/core/ports.ts';
import { builtInProfile } from '../functions/core/rules/load.ts';
import { runSchedule } from '../functions/runs/due-run.ts';
import { RUN_AT } from './council.ts';
import { collectGarbage, MemoryPeak, mb, round } from './measure.ts';
import { RequestCounter } from './requests.ts';

export interface RunRequest {
  endpoint: string;
  table: string;
  profile: 'default' | 'statutory';
  /** Consecutive working mornings to run from {@link RUN_AT} (Monday 23 November 2026), at least 1. */
  mornings: number;
  /** The staff who hold the council's cases. */
  directory: DirectoryData;
}

/** What one morning run read, sent and wrote. */
export interface MorningFigures {
  /** The run's instant, ISO. */
  at: string;
  read: number;
  itemsRead: number;
  requests: number;
  messages: number;
  emails: number;
  notices: number;
  readUnits: number;
  writeUnits: number;
  wallMs: number;
}

export interface RunOutcome {
  /** Each morning in turn: the first is the backlog's. */
  mornings: MorningFigures[];
  /** This process's heap and resident set once set up (modules, directory), and their peaks in the run. */
  heapBeforeMb: number;
  heapPeakMb: number;
  rssBeforeMb: number;
  rssPeakMb: number;
}

async function run(request: RunRequest): Promise<RunOutcome> {
  // As `startDynalite` makes its client: the local endpoint, London, dummy credentials.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: request.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const profile = builtInProfile(request.profile);
  const timing = defaultNoticeTiming(profile);
  const store = new DynamoDeadlineStore(client, request.table);
  const directory = new MemoryDirectoryStore();
  await directory.replace(request.directory);
  // One ledger for every morning, as on AWS: what was sent is not sent again.
  const ledger = new MemoryNoticeLedger();
  const counter = new RequestCounter().attach(client);
  collectGarbage();
  const before = process.memoryUsage();
  const memory = new MemoryPeak().start(10);
  const mornings: MorningFigures[] = [];
  for (let day = londonDayOf(RUN_AT); mornings.length < request.mornings; ) {
    const at = morningRunOn(day, timing);
    const sent = { messages: 0, emails: 0, notices: 0 };
    const notices: NoticeSink = {
      send: async (batch) => {
        sent.messages += batch.length;
        for (const notice of batch) {
          sent.notices += notice.lines.length;
          if (notice.channel === 'email') sent.emails += 1;
        }
      },
    };
    const reads = { ...store.reads };
    counter.phase = `morning ${mornings.length + 1}`;
    const started = performance.now();
    const summary = await runSchedule(at, 'morning', {
      deadlines: store,
      directory,
      ledger,
      marks: new MemoryRecomputeMarks(),
      notices,
      profile,
      timing,
    });
    const wallMs = performance.now() - started;
    const used = counter.counts(counter.phase);
    mornings.push({
      at: new Date(at).toISOString(),
      read: summary.read,
      itemsRead: store.reads.items - reads.items,
      requests: store.reads.requests - reads.requests,
      ...sent,
      readUnits: used.readUnits,
      writeUnits: used.writeUnits,
      wallMs: round(wallMs),
    });
    day = timing.calendar.addWorkingDays(day, 1);
  }
  memory.stop();
  client.destroy();
  return {
    mornings,
    heapBeforeMb: mb(before.heapUsed),
    heapPeakMb: mb(memory.heapUsed),
    rssBeforeMb: mb(before.rss),
    rssPeakMb: mb(memory.rss),
  };
}

process.once('message', (request: RunRequest) => {
  run(request).then(
    (outcome) => process.send?.(outcome, () => process.disconnect()),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
