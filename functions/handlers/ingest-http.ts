/**
 * The HTTPS ingest endpoint (API Gateway, IAM-authorised): a batch of events in, an outcome for every
 * item out. The body is a JSON array of events, `{ "events": [...] }`, or NDJSON (one event a line).
 * A body that cannot be read at all (not UTF-8, not JSON of events) is quarantined too, so nothing a
 * case system sends is lost. Storage trouble answers 503: the whole batch may be sent again, since
 * ingest is idempotent. A fault in this code answers 500, never 503, since sending again cannot help.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { decodeUtf8, splitBatch, withoutByteOrderMark } from '../../events/index.ts';
import { type IngestContext, ingestBatch } from '../ingest/ingest.ts';
import { quarantineUnreadable, type Unreadable, unreadableBytes } from '../ingest/unreadable.ts';
import { INGEST_LOG } from './lambda/environment.ts';
import type { HandlerLogger } from './logger.ts';

/** Batches larger than this are refused whole, so one request cannot hold a Lambda past its timeout. */
export const MAX_BATCH = 500;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * A request's body as text (without a byte-order mark), or why it is not text. API Gateway hands the
 * function a body it does not take for text as base64; those bytes must be UTF-8.
 */
function bodyOf(request: APIGatewayProxyEventV2): { text: string } | Unreadable {
  if (!request.isBase64Encoded) return { text: withoutByteOrderMark(request.body ?? '') };
  const bytes = Buffer.from(request.body ?? '', 'base64');
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? { text: decoded.text } : unreadableBytes(bytes, decoded.message);
}

/**
 * The items of a request body (an NDJSON line that is not JSON as its text, for ingest to refuse on
 * its own), or why the body cannot be read.
 */
function itemsOf(text: string): { items: unknown[] } | Unreadable {
  const unreadable = (message: string) => ({ message, raw: text });
  if (text.trim() === '') return unreadable('is empty; send a JSON array of events or NDJSON');
  const batch = splitBatch(text);
  if ('lines' in batch) return { items: batch.lines.map(({ item }) => item) };
  if (!batch.document.ok) return unreadable(batch.document.message);
  const parsed = batch.document.value;
  if (Array.isArray(parsed)) return { items: parsed };
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { events?: unknown }).events)) {
    return { items: (parsed as { events: unknown[] }).events };
  }
  if (parsed && typeof parsed === 'object' && 'id' in parsed) return { items: [parsed] };
  return unreadable('is JSON, but neither a list of events nor { "events": [...] }');
}

/**
 * A fault in this code rather than in storage: JavaScript's own errors (a stack overflow is a
 * RangeError). Storage faults come from the AWS SDK as errors of its own.
 */
const isCodeFault = (error: unknown) =>
  error instanceof RangeError ||
  error instanceof TypeError ||
  error instanceof SyntaxError ||
  error instanceof ReferenceError;

/** Builds the handler over the given stores and rules. */
export function createIngestHttpHandler(context: IngestContext, logger: HandlerLogger) {
  return async (request: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = bodyOf(request);
    const read = 'text' in body ? itemsOf(body.text) : body;
    if (!('items' in read)) {
      const error = `the request body ${read.message}`;
      await quarantineUnreadable(context, 'http', { message: error, raw: read.raw });
      logger.info('case events not ingested: the body was quarantined', {
        requestId: request.requestContext?.requestId ?? null,
        [INGEST_LOG.rejectedField]: 1,
        [INGEST_LOG.caseProblemsField]: 0,
      });
      return json(400, { error });
    }
    if (read.items.length > MAX_BATCH) {
      return json(413, {
        error: `a batch may hold at most ${MAX_BATCH} events; this one has ${read.items.length}`,
      });
    }
    try {
      const summary = await ingestBatch(read.items, 'http', context);
      logger.info('case events ingested', {
        requestId: request.requestContext?.requestId ?? null,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        // The counts the stack's metric filters add up into the rejected-events and case-problems alarms.
        [INGEST_LOG.rejectedField]: summary.rejected,
        [INGEST_LOG.caseProblemsField]: summary.caseProblems.length,
      });
      return json(200, summary);
    } catch (error) {
      if (isCodeFault(error)) {
        logger.info('case events not ingested: internal error', {
          requestId: request.requestContext?.requestId ?? null,
          error: (error as Error).name,
        });
        return json(500, {
          error: 'internal error; the batch may be only partly stored (sending it again is safe)',
        });
      }
      logger.info('case events not ingested: storage unavailable', {
        requestId: request.requestContext?.requestId ?? null,
        error: (error as Error).name,
      });
      return json(503, { error: 'storage is unavailable; send the whole batch again (repeats are safe)' });
    }
  };
}
