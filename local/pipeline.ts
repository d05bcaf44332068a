/**
 * The whole pipeline on one machine, with no AWS account: dynalite for DynamoDB (on disk under a data
 * directory, or in memory), aws-ses-v2-local for SES with its inbox page, and a Teams webhook sink with
 * a page of the cards it received. Ingest, the scheduled run and the notifier are the code the Lambdas
 * run; only the adapters' endpoints differ, and the notices queue is replaced by delivering each
 * message in this process, with retries, as the queue would.
 */

import { join } from 'node:path';
import { MemoryDeadlineEventPublisher } from '../functions/adapters/memory/deadline-events.ts';
import { SesEmailSender } from '../functions/adapters/ses/email-sender.ts';
import { WebhookTeamsPoster } from '../functions/adapters/teams/webhook-poster.ts';
import type { EpochMs } from '../functions/core/calendar/index.ts';
import type { Profile } from '../functions/core/engine/index.ts';
import type { Notice } from '../functions/core/notices/message.ts';
import { defaultNoticeTiming, type NoticeTiming } from '../functions/core/notices/plan.ts';
import { type NoticeSink, SendError } from '../functions/core/ports.ts';
import { DEFAULT_LEASE_SECONDS, type DeliveryContext, deliverNotice } from '../functions/delivery/deliver.ts';
import type { Sending } from '../functions/handlers/lambda/environment.ts';
import type { IngestContext } from '../functions/ingest/ingest.ts';
import { type RunKind, type RunSummary, runSchedule } from '../functions/runs/due-run.ts';
import { minutesOfDay } from '../functions/runs/schedule-times.ts';
import { runWeekly, type WeeklySummary, weeklyRetryDue } from '../functions/runs/weekly-run.ts';
import { deadlineEventFileOf, FileDeadlineEventPublisher } from './deadline-event-file.ts';
import { type LocalSes, startLocalSes } from './ses.ts';
import { type OpenedLocalStore, openLocalStore } from './store.ts';
import { startTeamsSink, type TeamsSink } from './teams-sink.ts';

export interface LocalPipelineOptions {
  /**
   * Where the store lives (`<dataDir>/dynamodb`), and what the local SES and the Teams sink receive
   * (`<dataDir>/outbox/email`, `<dataDir>/outbox/teams`, read back at the next start), and the deadline
   * events published (`<dataDir>/outbox/deadline-events.ndjson`); all in memory
   * when left out.
   */
  dataDir?: string;
  /** The local SES's port (its inbox page's too); any free one when left out or 0. */
  sesPort?: number;
  /** The Teams sink's port; any free one when left out or 0. */
  teamsPort?: number;
  profile: Profile;
  /** The London time of the morning run, `HH:MM`; 07:00 unless given. */
  morningRunTime?: string;
  /** The case link in messages; `{caseId}` is replaced. */
  caseLinkTemplate?: string;
  /** The sender address. */
  from?: string;
  /**
   * `paused`: the runs record in the store's outbox what they would send, and send nothing (as
   * `los:sending` paused does on AWS); `live` unless given.
   */
  sending?: Sending;
  /** The clock (tests and `los demo` pass a fixed one). */
  now?: () => EpochMs;
  /** Waits between delivery attempts; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** What the notifier made of a run's messages. */
export interface Delivered {
  messages: number;
  lines: number;
  alreadySent: number;
  failed: number;
}

/**
 * What one local run did: the run's own summary and what the notifier made of its messages, and, when
 * an hourly run tried again a weekly summary that had waited, what that did.
 */
export interface LocalRunSummary extends RunSummary {
  delivered: Delivered;
  weeklyRetry?: LocalWeeklySummary;
}

/** What one local weekly run did, and what the notifier made of its summaries. */
export interface LocalWeeklySummary extends WeeklySummary {
  delivered: Delivered;
}

/** A running local pipeline. */
export interface LocalPipeline {
  store: OpenedLocalStore;
  ses: LocalSes;
  teams: TeamsSink;
  /**
   * Where the runs and deliveries publish their deadline events: a file under the data directory, or
   * memory without one.
   */
  deadlineEvents: FileDeadlineEventPublisher | MemoryDeadlineEventPublisher;
  timing: NoticeTiming;
  profile: Profile;
  /** What ingest needs, over this pipeline's store and clock. */
  ingestContext: IngestContext;
  /** One scheduled run as of `asOf`, delivering its messages before it returns. */
  run(asOf: EpochMs, kind: RunKind): Promise<LocalRunSummary>;
  /** The weekly run as of `asOf` (it sends only on the first working day of a week), delivering its summaries. */
  runWeekly(asOf: EpochMs): Promise<LocalWeeklySummary>;
  /** Messages that failed every attempt: the local dead-letter queue, replayed by {@link replay}. */
  deadLetters(): readonly Notice[];
  /** Delivers the dead letters again; those that fail again stay. */
  replay(): Promise<Delivered>;
  close(): Promise<void>;
}

/** Attempts per message before it is kept as a dead letter (the queue's maxReceiveCount on AWS). */
export const DELIVERY_ATTEMPTS = 4;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the local pipeline's stand-ins and store. */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const morningRunTime = options.morningRunTime ?? '07:00';
  const morningRunMinutes = minutesOfDay(morningRunTime);
  if (morningRunMinutes === null) {
    throw new Error(`the morning run time must be HH:MM, such as 07:00 (got "${morningRunTime}")`);
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? wait;
  const { profile } = options;
  const timing: NoticeTiming = defaultNoticeTiming(profile, morningRunMinutes);

  const store = await openLocalStore(options.dataDir ?? null);
  // Opened after the store, whose lock keeps a second process from writing the same outbox.
  const outbox = (folder: string) => (options.dataDir ? join(options.dataDir, 'outbox', folder) : undefined);
  let ses: LocalSes;
  let teams: TeamsSink;
  try {
    ses = await startLocalSes({ port: options.sesPort ?? 0, dir: outbox('email') });
    try {
      teams = await startTeamsSink({ port: options.teamsPort ?? 0, dir: outbox('teams') });
    } catch (error) {
      await ses.close();
      throw error;
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const deadlineEvents = options.dataDir
    ? new FileDeadlineEventPublisher(deadlineEventFileOf(options.dataDir))
    : new MemoryDeadlineEventPublisher();
  const delivery: DeliveryContext = {
    ledger: store.ledger,
    email: new SesEmailSender(ses.client, { from: options.from ?? 'line-of-sight@council.example' }),
    teams: new WebhookTeamsPoster(async (channel) => teams.webhookUrl(channel)),
    render: {
      caseLinkTemplate: options.caseLinkTemplate ?? 'https://cases.council.example/cases/{caseId}',
      calendar: profile.calendar,
      showInitials: false,
    },
    now,
    leaseSeconds: DEFAULT_LEASE_SECONDS,
    deadlineEvents,
  };

  let dead: Notice[] = [];
  /** Delivers each message as the queue would: retried with a growing wait, then kept aside. */
  const deliverAll = async (notices: readonly Notice[]) => {
    const tally: Delivered = { messages: 0, lines: 0, alreadySent: 0, failed: 0 };
    for (const notice of notices) {
      for (let attempt = 1; ; attempt++) {
        try {
          const outcome = await deliverNotice(notice, delivery);
          if (outcome.sent) tally.messages++;
          tally.lines += outcome.lines;
          tally.alreadySent += outcome.taken;
          break;
        } catch (error) {
          const retryable = !(error instanceof SendError) || error.retryable;
          if (!retryable || attempt >= DELIVERY_ATTEMPTS) {
            tally.failed++;
            dead.push(notice);
            break;
          }
          await sleep(200 * 2 ** (attempt - 1));
        }
      }
    }
    return tally;
  };

  /** A sink that delivers a run's messages at once, and what it made of them. */
  const notifier = () => {
    const sink: NoticeSink<Notice> & { delivered: Delivered } = {
      delivered: { messages: 0, lines: 0, alreadySent: 0, failed: 0 },
      send: async (notices) => {
        sink.delivered = await deliverAll(notices);
      },
    };
    return sink;
  };

  // While paused, the runs hold what they would send in the store's outbox (see `RunContext.holdIn`).
  const held = options.sending === 'paused' ? { holdIn: store.outbox } : {};
  const weekly = async (asOf: EpochMs): Promise<LocalWeeklySummary> => {
    const notices = notifier();
    const summary = await runWeekly(asOf, { ...store, profile, timing, notices, ...held });
    return { ...summary, delivered: notices.delivered };
  };

  return {
    store,
    ses,
    teams,
    deadlineEvents,
    timing,
    profile,
    ingestContext: { ...store, profile, timing, now },
    async run(asOf, kind) {
      const notices = notifier();
      const summary = await runSchedule(asOf, kind, {
        ...store,
        profile,
        timing,
        notices,
        deadlineEvents,
        ...held,
      });
      const retry = kind === 'hourly' && (await weeklyRetryDue(asOf, { ...store, timing }));
      return {
        ...summary,
        delivered: notices.delivered,
        ...(retry && { weeklyRetry: await weekly(asOf) }),
      };
    },
    runWeekly: weekly,
    deadLetters: () => dead,
    async replay() {
      const again = dead;
      dead = [];
      return deliverAll(again);
    },
    async close() {
      await Promise.allSettled([teams.close(), ses.close()]);
      await store.close();
    },
  };
}
