/**
 * The two ways into a deployment that `los ingest` can send a file through, each a {@link SendTarget}:
 *
 * - **The case-event bus** (`--bus`): EventBridge `PutEvents`, one entry per event (detail-type
 *   `case-event`, the event as the detail), at most 10 entries and 256 KB a call. Entries EventBridge
 *   fails with a retryable code are sent again with a growing wait; those still failing after the last
 *   attempt are reported by line.
 * - **The HTTPS endpoint** (`--http`): `POST /events`, SigV4-signed, NDJSON in batches of at most the
 *   endpoint's {@link MAX_BATCH} events, with each event's outcome as the endpoint reports it. An
 *   answer that says to send again (429, 5xx) or no answer is retried with a growing wait.
 *
 * Both take the AWS credentials and region from the default chain, as the AWS CLI does. Whatever stops
 * a send (no credentials, not allowed, nothing there) is said in a sentence that names no event.
 */
import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { CASE_EVENT_DETAIL_TYPE, type CaseEvent } from '../events/index.ts';
import {
  batchesOf,
  entrySize,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  type PutRetry,
  putBatch,
  retryDelayMs,
  wait,
} from '../functions/adapters/eventbridge/put-events.ts';
import { MAX_BATCH } from '../functions/handlers/ingest-http.ts';
import { setupProblem } from './aws-table.ts';
import type { BatchResult, SendOutcome, SendTarget } from './send-events.ts';
import { SendStopped } from './send-events.ts';
import { type Poster, signedPoster } from './signed-post.ts';

/** The `Source` of the entries `los ingest --bus` puts on the bus (the rule takes any source). */
const CLI_EVENT_SOURCE = 'los-ingest';

/** Attempts per batch, with waits of 0.2, 0.4, 0.8 and 1.6 s between them. */
const SEND_RETRY: PutRetry = { attempts: 5, sleep: wait };

/** The largest request body sent to the endpoint: well under what Lambda takes (6 MB), escaped or not. */
export const MAX_HTTP_BATCH_BYTES = 2 * 1024 * 1024;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** An error's network code (ECONNREFUSED, ETIMEDOUT…), if it has one. */
const networkCode = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : null;
};

/** Why a `PutEvents` call that failed as a whole stops the send. */
function busFailure(error: unknown, busName: string): string {
  const setup = setupProblem(error);
  if (setup) return setup;
  const { name } = error as Error;
  if (name === 'ResourceNotFoundException') {
    return `the event bus ${busName} was not found in this account and region: check --bus (line-of-sight-<env>-case-events) and AWS_REGION`;
  }
  if (name === 'AccessDeniedException') {
    return `these AWS credentials may not put events on ${busName}: give the role the policy line-of-sight-<env>-case-event-sender`;
  }
  const code = networkCode(error);
  if (code) return `EventBridge could not be reached (${code})`;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return `EventBridge refused the call (${name}${status ? `, HTTP ${status}` : ''}), after the SDK's retries`;
}

/** Sends to the case-event bus with `PutEvents`. */
export function busTarget(
  busName: string,
  client: EventBridgeClient = new EventBridgeClient({}),
  retry: PutRetry = SEND_RETRY,
): SendTarget {
  const entryOf = (event: CaseEvent): PutEventsRequestEntry => ({
    EventBusName: busName,
    Source: CLI_EVENT_SOURCE,
    DetailType: CASE_EVENT_DETAIL_TYPE,
    Detail: JSON.stringify(event),
  });
  return {
    name: busName,
    refuse(event) {
      const size = entrySize(entryOf(event));
      return size < PUT_EVENTS_MAX_BYTES
        ? null
        : {
            path: '',
            message: `is ${size} bytes as a bus entry, and EventBridge takes less than ${PUT_EVENTS_MAX_BYTES}: send this file with --http instead`,
          };
    },
    batches: (events) =>
      batchesOf(events, { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_BYTES }, ({ event }) =>
        entrySize(entryOf(event)),
      ),
    async send(batch) {
      let outcomes: Awaited<ReturnType<typeof putBatch>>;
      try {
        outcomes = await putBatch(
          client,
          batch.map(({ event }) => entryOf(event)),
          retry,
        );
      } catch (error) {
        throw new SendStopped(busFailure(error, busName));
      }
      return {
        outcomes: outcomes.map(
          (outcome): SendOutcome =>
            'eventId' in outcome
              ? { outcome: 'accepted' }
              : {
                  outcome: 'not-accepted',
                  reason: `EventBridge did not accept it (${outcome.errorCode}); sending the file again is safe`,
                },
        ),
        cases: 0,
        caseProblems: [],
      };
    },
    close: () => client.destroy(),
  };
}

/** The endpoint's answer to a batch: an outcome per item, and the cases it recomputed. */
const ingestAnswer = z.object({
  items: z.array(
    z.object({
      position: z.int().min(0),
      outcome: z.enum(['accepted', 'duplicate', 'rejected']),
      problems: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
  cases: z.int().min(0),
  caseProblems: z.array(
    z.object({
      caseId: z.string(),
      rule: z.string().nullable(),
      eventId: z.string().nullable(),
      message: z.string(),
    }),
  ),
});

/** What an answer from the endpoint that is not 200 means, and whether sending again may help. */
function httpFailure(status: number): { retry: boolean; reason: string } {
  if (status === 429) return { retry: true, reason: 'the endpoint is throttling requests (429)' };
  if (status === 503) return { retry: true, reason: 'the endpoint’s storage is unavailable (503)' };
  if (status >= 500) return { retry: true, reason: `the endpoint failed (${status})` };
  if (status === 403) {
    return {
      retry: false,
      reason:
        'the endpoint refused the request (403): the credentials, their region (AWS_REGION, the endpoint’s own) or their permissions; give the role the policy line-of-sight-<env>-case-event-sender',
    };
  }
  if (status === 404) {
    return {
      retry: false,
      reason: 'nothing answers at that address (404): use the IngestApiEndpoint output, ending in /events',
    };
  }
  return { retry: false, reason: `the endpoint refused a batch (${status}): a fault in los, to report` };
}

/** Sends to the HTTPS endpoint, signed, through `poster` (tests pass their own). */
export function httpTarget(
  url: URL,
  poster: Poster = signedPoster(url, 'application/x-ndjson'),
  retry: PutRetry = SEND_RETRY,
): SendTarget {
  const lineOf = (event: CaseEvent) => `${JSON.stringify(event)}\n`;
  const name = `${url.origin}${url.pathname}`;
  return {
    name,
    refuse(event) {
      const size = utf8Bytes(lineOf(event));
      return size <= MAX_HTTP_BATCH_BYTES
        ? null
        : {
            path: '',
            message: `is ${size} bytes, more than one request to the endpoint carries (${MAX_HTTP_BATCH_BYTES})`,
          };
    },
    batches: (events) =>
      batchesOf(events, { maxCount: MAX_BATCH, maxBytes: MAX_HTTP_BATCH_BYTES + 1 }, ({ event }) =>
        utf8Bytes(lineOf(event)),
      ),
    async send(batch) {
      const body = batch.map(({ event }) => lineOf(event)).join('');
      let reason = '';
      for (let attempt = 1; attempt <= retry.attempts; attempt++) {
        if (attempt > 1) await retry.sleep(retryDelayMs(attempt - 1));
        let answer: Awaited<ReturnType<Poster>>;
        try {
          answer = await poster(body);
        } catch (error) {
          const setup = setupProblem(error);
          if (setup) throw new SendStopped(setup);
          const code = networkCode(error);
          if (!code) throw error;
          reason = `${name} could not be reached (${code})`;
          continue;
        }
        if (answer.status === 200) return outcomesOf(answer.body, batch.length);
        const failure = httpFailure(answer.status);
        if (!failure.retry) throw new SendStopped(failure.reason);
        reason = failure.reason;
      }
      throw new SendStopped(`${reason}, ${retry.attempts} times`);
    },
    // Each request is made on its own (see signed-post.ts): nothing is held open.
    close: () => undefined,
  };
}

/** Each event's outcome from the endpoint's answer to a batch of `size` events. */
function outcomesOf(body: string, size: number): BatchResult {
  let parsed: z.infer<typeof ingestAnswer>;
  try {
    parsed = ingestAnswer.parse(JSON.parse(body));
  } catch {
    throw new SendStopped('the endpoint’s answer is not an ingest summary: is --http the IngestApiEndpoint?');
  }
  const outcomes: SendOutcome[] = Array.from({ length: size }, () => ({
    outcome: 'not-accepted',
    reason: 'the endpoint gave no outcome for it; sending the file again is safe',
  }));
  for (const item of parsed.items) {
    if (item.position >= size) continue;
    outcomes[item.position] =
      item.outcome === 'rejected'
        ? { outcome: 'rejected', problems: item.problems }
        : { outcome: item.outcome };
  }
  return { outcomes, cases: parsed.cases, caseProblems: parsed.caseProblems };
}
