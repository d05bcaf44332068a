/**
 * The soak: a synthetic council's events fed day by day through the ingest queue handler, with
 * duplicates resent and faults injected into the stores and the senders, every morning and midday run
 * of those days, and every message delivered through the notifier with the queue's retries and
 * dead-letter replay. At the end it checks against the same days run without duplicates or faults:
 * every valid event stored once, every notice the clean run sent sent exactly once, nothing left in a
 * dead-letter queue.
 *
 * It runs the handlers, the scheduled run, the ledger and the notifier over the in-memory stores, so
 * that a hundred thousand events take minutes, not hours; the DynamoDB adapters under the same code
 * are covered by the integration tests. Faults are thrown where a store or sender call would fail
 * (after the AWS SDK's own retries), which is what the code above them must survive.
 */

import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent } from 'aws-lambda';
import type { CaseEvent } from '../events/index.ts';
import { MemoryDirectoryStore } from '../functions/adapters/memory/directory-store.ts';
import {
  MemoryCaseEventStore,
  MemoryDeadlineStore,
  MemoryNoticeLedger,
  MemoryQuarantineStore,
  MemoryRecomputeMarks,
} from '../functions/adapters/memory/stores.ts';
import { MemoryTimelinessStore } from '../functions/adapters/memory/timeliness-store.ts';
import { MemoryTrackerIndex } from '../functions/adapters/memory/tracker-index.ts';
import {
  addDays,
  englandAndWalesCalendar,
  formatIsoDate,
  parseIsoDate,
  startOfLondonDay,
} from '../functions/core/calendar/index.ts';
import { momentOf } from '../functions/core/engine/index.ts';
import type { Notice } from '../functions/core/notices/message.ts';
import { defaultNoticeTiming } from '../functions/core/notices/plan.ts';
import { SendError } from '../functions/core/ports.ts';
import { builtInProfile } from '../functions/core/rules/load.ts';
import { DEFAULT_LEASE_SECONDS, deliverNotice } from '../functions/delivery/deliver.ts';
import { createIngestQueueHandler } from '../functions/handlers/ingest-queue.ts';
import { runSchedule } from '../functions/runs/due-run.ts';
import { syntheticDirectory } from './synthetic/directory.ts';
import { createRandom, type Random } from './synthetic/random.ts';
import { generateCouncil } from './synthetic-council.ts';

export interface SoakOptions {
  /** About how many events (the council is sized at about a hundred events a case). */
  events: number;
  seed: number;
  /** The last simulated day, `YYYY-MM-DD`. */
  asOf: string;
  /** Simulated days, counting back from `asOf`; the events of earlier days arrive on the first. */
  days: number;
  /** Probability that one store or sender call fails. */
  faultRate: number;
  /** Share of each day's events sent a second time. */
  duplicateRate: number;
  progress?: (line: string) => void;
}

/** What a soak found. */
export interface SoakReport {
  events: number;
  cases: number;
  days: number;
  runs: number;
  /** Events (and resends) offered to the queue, and delivery attempts of queue messages. */
  offered: number;
  ingestAttempts: number;
  stored: number;
  faults: { injected: number; ingestRetries: number; runRetries: number; sendRetries: number };
  deadLetters: { ingest: number; notices: number; replayed: number; left: number };
  notices: {
    /** Notice lines the clean run sent. */
    expected: number;
    sent: number;
    /** Lines sent more than once, and lines the clean run sent that this one never did. */
    duplicated: number;
    missing: number;
    /** Lines this run sent that the clean run did not. */
    unexpected: number;
    /** Up to five ledger keys of each kind of discrepancy, to start looking from. */
    examples: string[];
  };
  ms: number;
}

/** An error as a store or service would raise it. */
class InjectedFault extends Error {
  override name = 'InjectedFault';
}

interface FaultSwitch {
  rate: number;
  random: Random;
  injected: number;
}

/** Wraps the named async methods of `target` so each call fails first with probability `faults.rate`. */
function withFaults<T extends object>(target: T, methods: readonly (keyof T)[], faults: FaultSwitch): T {
  for (const name of methods) {
    const method = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
    (target as Record<keyof T, unknown>)[name] = async (...args: unknown[]) => {
      if (faults.rate > 0 && faults.random.next() < faults.rate) {
        faults.injected++;
        throw new InjectedFault(`injected fault in ${String(name)}`);
      }
      return method(...args);
    };
  }
  return target;
}

const HOUR = 3_600_000;

/** Fisher–Yates, from the soak's own seeded random. */
function shuffle<T>(items: T[], random: Random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
const QUEUE_ATTEMPTS = 5;
const SEND_ATTEMPTS = 4;
const RUN_ATTEMPTS = 3;
const LAMBDA_CONTEXT = { awsRequestId: 'soak' } as Context;

/** One pass over the days: clean (no faults, no duplicates) or not. Returns what it sent and counted. */
async function pass(options: SoakOptions, council: ReturnType<typeof generateCouncil>, clean: boolean) {
  const random = createRandom(options.seed * 7919 + (clean ? 1 : 2));
  const faults: FaultSwitch = { rate: clean ? 0 : options.faultRate, random, injected: 0 };
  const profile = builtInProfile('default');
  const timing = defaultNoticeTiming(profile);
  let now = 0;
  const events = withFaults(new MemoryCaseEventStore(), ['append'], faults);
  const deadlines = withFaults(new MemoryDeadlineStore(), ['replaceCase', 'setNextAction'], faults);
  const ledger = withFaults(new MemoryNoticeLedger(), ['claim', 'markSent', 'markFailed'], faults);
  const marks = withFaults(new MemoryRecomputeMarks(), ['mark', 'clear'], faults);
  const directory = new MemoryDirectoryStore();
  await directory.replace(syntheticDirectory(council, options.seed));
  const ingestContext = {
    events,
    deadlines,
    trackers: new MemoryTrackerIndex(),
    timeliness: new MemoryTimelinessStore(),
    quarantine: new MemoryQuarantineStore(),
    marks,
    profile,
    timing,
    now: () => now,
  };
  const handler = createIngestQueueHandler(ingestContext, { info: () => {} });
  const sentKeys: string[] = [];
  const sender = { send: async () => 'soak' };
  const delivery = {
    ledger,
    email: withFaults({ send: async () => sender.send() }, ['send'], faults),
    teams: withFaults({ post: async () => {} }, ['post'], faults),
    render: {
      caseLinkTemplate: 'https://cases.council.example/cases/{caseId}',
      calendar: profile.calendar,
      showInitials: false as const,
    },
    now: () => now,
    leaseSeconds: DEFAULT_LEASE_SECONDS,
  };
  const counts = { offered: 0, ingestAttempts: 0, ingestRetries: 0, runRetries: 0, sendRetries: 0, runs: 0 };
  const dead = {
    ingest: [] as unknown[],
    notices: [] as Notice[],
    replayed: 0,
    ingestEver: 0,
    noticesEver: 0,
  };

  /** The SQS queue: a batch, then the records it failed, up to the queue's receive count. */
  const ingestRecords = async (items: unknown[]) => {
    let pending = items.map((item, index) => ({
      messageId: `m-${now}-${index}`,
      body: JSON.stringify({ detail: item }),
    }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > QUEUE_ATTEMPTS) {
        dead.ingest.push(...pending.map((record) => JSON.parse(record.body).detail));
        dead.ingestEver += pending.length;
        return;
      }
      if (attempt > 1) counts.ingestRetries += pending.length;
      counts.ingestAttempts += pending.length;
      let failed: Set<string>;
      try {
        const response = await handler({ Records: pending } as unknown as SQSEvent, LAMBDA_CONTEXT);
        failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      } catch (error) {
        // Every record failed: the invocation fails, and SQS delivers the whole batch again.
        if (!(error instanceof FullBatchFailureError)) throw error;
        failed = new Set(pending.map((record) => record.messageId));
      }
      pending = pending.filter((record) => failed.has(record.messageId));
    }
  };

  /** The notifier: each message tried a few times, then kept as a dead letter. */
  const deliverAll = async (notices: readonly Notice[]) => {
    for (const notice of notices) {
      for (let attempt = 1; ; attempt++) {
        try {
          sentKeys.push(...(await deliverNotice(notice, delivery)).keys);
          break;
        } catch (error) {
          if (error instanceof SendError && !error.retryable) throw error;
          if (attempt >= SEND_ATTEMPTS) {
            dead.notices.push(notice);
            dead.noticesEver++;
            break;
          }
          counts.sendRetries++;
        }
      }
    }
  };

  const run = async (at: number, kind: 'morning' | 'hourly') => {
    now = at;
    counts.runs++;
    for (let attempt = 1; ; attempt++) {
      try {
        await runSchedule(at, kind, {
          deadlines,
          directory,
          ledger,
          marks,
          profile,
          timing,
          notices: { send: deliverAll },
        });
        return;
      } catch (error) {
        // The scheduler's retry: a run that failed part-way is run again, as of the same moment.
        if (!(error instanceof InjectedFault) || attempt >= RUN_ATTEMPTS) throw error;
        counts.runRetries++;
      }
    }
  };

  /** Dead letters sent again (as after an operator's redrive), until none is left. */
  const replay = async () => {
    while (dead.ingest.length > 0 || dead.notices.length > 0) {
      const items = dead.ingest.splice(0);
      const notices = dead.notices.splice(0);
      dead.replayed += items.length + notices.length;
      await ingestRecords(items);
      await deliverAll(notices);
    }
  };

  const lastDay = parseIsoDate(options.asOf);
  const firstDay = addDays(lastDay, -(options.days - 1));
  const byDay = new Map<number, CaseEvent[]>();
  // An event arrives the day it is recorded (a case system sends what it has recorded).
  for (const event of council.events) {
    const day = Math.max(firstDay, momentOf(event.recordedAt ?? event.occurredAt).day);
    byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }
  const arrived: CaseEvent[] = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    const midnight = startOfLondonDay(day);
    if (englandAndWalesCalendar.isWorkingDay(day)) await run(midnight + 7 * HOUR, 'morning');
    await run(midnight + 12.5 * HOUR, 'hourly');
    const today = byDay.get(day) ?? [];
    arrived.push(...today);
    // Resends of events already sent (today's or earlier), and the day's events in any order.
    const resends = clean ? 0 : Math.round(today.length * options.duplicateRate);
    const batch = [...today];
    for (let n = 0; n < resends; n++) batch.push(arrived[random.int(0, arrived.length - 1)] as CaseEvent);
    if (!clean) shuffle(batch, random);
    now = midnight + 23 * HOUR;
    counts.offered += batch.length;
    for (let start = 0; start < batch.length; start += 10)
      await ingestRecords(batch.slice(start, start + 10));
    await replay();
    if ((day - firstDay) % 30 === 0)
      if ((day - firstDay) % 10 === 0 || day === lastDay)
        options.progress?.(
          `${clean ? 'clean' : 'soak'} pass: ${formatIsoDate(day)}, ${arrived.length} events`,
        );
  }
  faults.rate = 0;
  await replay();
  let stored = 0;
  for await (const caseId of events.caseIds()) stored += (await events.eventsOf(caseId)).length;
  return { sentKeys, counts, faults: faults.injected, dead, stored };
}

/** Runs the soak: the days once clean, once with duplicates and faults, and compares. */
export async function soak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const cases = Math.max(1, Math.round(options.events / 100));
  const council = generateCouncil({ seed: options.seed, asOf: options.asOf, cases });
  const reference = await pass(options, council, true);
  const faulty = await pass(options, council, false);
  const counted = new Map<string, number>();
  for (const key of faulty.sentKeys) counted.set(key, (counted.get(key) ?? 0) + 1);
  const expected = new Set(reference.sentKeys);
  return {
    events: council.events.length,
    cases,
    days: options.days,
    runs: faulty.counts.runs,
    offered: faulty.counts.offered,
    ingestAttempts: faulty.counts.ingestAttempts,
    stored: faulty.stored,
    faults: {
      injected: faulty.faults,
      ingestRetries: faulty.counts.ingestRetries,
      runRetries: faulty.counts.runRetries,
      sendRetries: faulty.counts.sendRetries,
    },
    deadLetters: {
      ingest: faulty.dead.ingestEver,
      notices: faulty.dead.noticesEver,
      replayed: faulty.dead.replayed,
      left: faulty.dead.ingest.length + faulty.dead.notices.length,
    },
    notices: {
      expected: expected.size,
      sent: counted.size,
      duplicated: [...counted.values()].filter((n) => n > 1).length,
      missing: [...expected].filter((key) => !counted.has(key)).length,
      unexpected: [...counted.keys()].filter((key) => !expected.has(key)).length,
      examples: [
        ...[...counted]
          .filter(([, n]) => n > 1)
          .map(([key]) => `duplicated ${key}`)
          .slice(0, 5),
        ...[...expected]
          .filter((key) => !counted.has(key))
          .map((key) => `missing ${key}`)
          .slice(0, 5),
        ...[...counted.keys()]
          .filter((key) => !expected.has(key))
          .map((key) => `unexpected ${key}`)
          .slice(0, 5),
      ],
    },
    ms: Math.round(performance.now() - started),
  };
}
