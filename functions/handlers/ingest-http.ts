/**
 * The HTTPS ingest endpoint (API Gateway, IAM-authorised): a batch of events in, an outcome for every
 * item out. The body is a JSON array of events, `{ "events": [...] }`, or NDJSON (one event a line).
 * A body that cannot be read at all is quarantined too, so nothing a case system sends is lost.
 * Storage trouble answers 503: the whole batch may be sent again, since ingest is idempotent.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type IngestContext, ingestBatch } from '../ingest/ingest.ts';
import type { HandlerLogger } from './ingest-queue.ts';

/** Batches larger than this are refused whole, so one request cannot hold a Lambda past its timeout. */
export const MAX_BATCH = 500;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The items of a request body, or why it cannot be read. */
function itemsOf(text: string): { items: unknown[] } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'the request body is empty; send a JSON array of events or NDJSON' };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return { items: parsed };
      if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { events?: unknown }).events)) {
        return { items: (parsed as { events: unknown[] }).events };
      }
      if (parsed && typeof parsed === 'object' && 'id' in parsed) return { items: [parsed] };
      return { error: 'the JSON body is neither a list of events nor { "events": [...] }' };
    } catch {
      // Not one JSON document: try it as NDJSON below.
    }
  }
  return { items: trimmed.split(/\r?\n/).filter((line) => line.trim() !== '') };
}

/** Builds the handler over the given stores and rules. */
export function createIngestHttpHandler(context: IngestContext, logger: HandlerLogger) {
  return async (request: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const text = request.isBase64Encoded
      ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
      : (request.body ?? '');
    const read = itemsOf(text);
    if ('error' in read) {
      await context.quarantine.put({
        receivedAt: new Date(context.now()).toISOString(),
        channel: 'http',
        raw: text,
        problems: [{ path: '', message: read.error }],
      });
      return json(400, { error: read.error });
    }
    if (read.items.length > MAX_BATCH) {
      return json(413, {
        error: `a batch may hold at most ${MAX_BATCH} events; this one has ${read.items.length}`,
      });
    }
    // NDJSON lines arrive as text: each is parsed here so a bad line is reported on its own.
    const items = read.items.map((item) => {
      if (typeof item !== 'string') return item;
      try {
        return JSON.parse(item) as unknown;
      } catch {
        return item;
      }
    });
    try {
      const summary = await ingestBatch(items, 'http', context);
      logger.info('case events ingested', {
        requestId: request.requestContext?.requestId ?? null,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
        caseProblems: summary.caseProblems.length,
      });
      return json(200, summary);
    } catch (error) {
      logger.info('case events not ingested: storage unavailable', {
        requestId: request.requestContext?.requestId ?? null,
        error: (error as Error).name,
      });
      return json(503, { error: 'storage is unavailable; send the whole batch again (repeats are safe)' });
    }
  };
}
