/**
 * The morning run in a process of its own, reading the benchmark's dynalite over loopback, so that
 * its heap and resident set are the run's alone (dynalite and the table it serves stay in the parent):
 * the nearest this machine gets to the scheduler Lambda's memory report. `benchRun` forks it, sends a
 * {@link RunRequest} and reads back one {@link RunOutcome}.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeadlineStore } from '../functions/adapters/dynamodb/deadline-store.ts';
import { MemoryDirectoryStore } from '../functions/adapters/memory/directory-store.ts';
import { MemoryNoticeLedger } from '../functions/adapters/memory/stores.ts';
import { defaultNoticeTiming } from '../functions/core/notices/schedule.ts';
import { type NoticeSink, runSchedule } from '../functions/schedule/run.ts';
import { builtInProfile } from '../rules/load.ts';
import { benchDirectory, RUN_AT } from './council.ts';
import { collectGarbage, MemoryPeak, mb, round } from './measure.ts';
import { RequestCounter } from './requests.ts';

export interface RunRequest {
  endpoint: string;
  table: string;
  profile: 'default' | 'statutory';
}

export interface RunOutcome {
  read: number;
  itemsRead: number;
  requests: number;
  messages: number;
  emails: number;
  notices: number;
  readUnits: number;
  writeUnits: number;
  wallMs: number;
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
  const store = new DynamoDeadlineStore(client, request.table);
  const directory = new MemoryDirectoryStore();
  await directory.replace(benchDirectory());
  let messages = 0;
  let emails = 0;
  let notices = 0;
  const sink: NoticeSink = {
    send: async (batch) => {
      messages += batch.length;
      for (const notice of batch) {
        notices += notice.lines.length;
        if (notice.channel === 'email') emails += 1;
      }
    },
  };
  const counter = new RequestCounter().attach(client);
  collectGarbage();
  const before = process.memoryUsage();
  const memory = new MemoryPeak().start(10);
  const started = performance.now();
  const summary = await runSchedule(RUN_AT, 'morning', {
    deadlines: store,
    directory,
    ledger: new MemoryNoticeLedger(),
    notices: sink,
    profile,
    timing: defaultNoticeTiming(profile),
  });
  const wallMs = performance.now() - started;
  memory.stop();
  client.destroy();
  const used = counter.counts(counter.phase);
  return {
    read: summary.read,
    itemsRead: store.reads.items,
    requests: store.reads.requests,
    messages,
    emails,
    notices,
    readUnits: used.readUnits,
    writeUnits: used.writeUnits,
    wallMs: round(wallMs),
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
