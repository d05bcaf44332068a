/**
 * A small stand-in for EventBridge's `PutEvents` on a loopback port, for the AWS SDK to call through
 * `AWS_ENDPOINT_URL_EVENTBRIDGE` (or a client's `endpoint`). It keeps every call's entries and answers
 * each entry as the test says: accepted with an id, or failed with an error code; or the whole call
 * with an error, as EventBridge does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One entry as the SDK sent it (AWS JSON 1.1). */
export interface SentEntry {
  EventBusName?: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: number;
}

/** How the stand-in answers one entry: accepted, or failed with this code. */
export type EntryAnswer = 'ok' | { errorCode: string };

/** How the stand-in answers a call: entry by entry, or the whole call with an error of this type and status. */
export type CallAnswer =
  | { entries: (entry: SentEntry, call: number) => EntryAnswer }
  | { error: string; status: number };

export interface EventBridgeStandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every call's entries, in the order received. */
  calls: SentEntry[][];
  /** Every entry accepted, with the id it was given. */
  accepted: { entry: SentEntry; eventId: string }[];
  /** Changes how later calls are answered. */
  answer(with_: (call: number) => CallAnswer): void;
  close(): Promise<void>;
}

/** Starts the stand-in; every entry is accepted until {@link EventBridgeStandIn.answer} says otherwise. */
export async function startEventBridgeStandIn(): Promise<EventBridgeStandIn> {
  let answerOf: (call: number) => CallAnswer = () => ({ entries: () => 'ok' });
  const calls: SentEntry[][] = [];
  const accepted: EventBridgeStandIn['accepted'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown, errorType?: string) => {
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          ...(errorType && { 'x-amzn-errortype': errorType }),
        });
        response.end(JSON.stringify(body));
      };
      if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        reply(
          400,
          { __type: 'UnknownOperationException', message: 'only PutEvents' },
          'UnknownOperationException',
        );
        return;
      }
      const { Entries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: SentEntry[] };
      calls.push(Entries);
      const call = calls.length;
      const answer = answerOf(call);
      if ('error' in answer) {
        reply(answer.status, { __type: answer.error, message: 'refused by the stand-in' }, answer.error);
        return;
      }
      const results = Entries.map((entry) => {
        const outcome = answer.entries(entry, call);
        if (outcome !== 'ok') return { ErrorCode: outcome.errorCode, ErrorMessage: 'failed by the stand-in' };
        const eventId = `evt-${accepted.length + 1}`;
        accepted.push({ entry, eventId });
        return { EventId: eventId };
      });
      reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    accepted,
    answer(with_) {
      answerOf = with_;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
