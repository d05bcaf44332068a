/**
 * The ingest Lambda behind the SQS queue that the case-event bus feeds. Each message is one EventBridge
 * delivery whose `detail` is a case event. Invalid input is quarantined and the message succeeds (a
 * retry could not fix it); a storage failure fails only that message, so SQS retries it and, after the
 * queue's receive limit, moves it to the dead-letter queue: nothing is lost.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { decodeJson, withoutByteOrderMark } from '../../events/index.ts';
import { type IngestContext, ingestBatch } from '../ingest/ingest.ts';
import { INGEST_LOG } from './lambda/environment.ts';
import type { HandlerLogger } from './logger.ts';

/**
 * The event carried by one SQS message: an EventBridge envelope's `detail`, or the body itself (as
 * its text when it is not JSON, for ingest to refuse with where it fails). A byte-order mark a sender
 * left at the start is not part of it.
 */
function eventIn(record: SQSRecord): unknown {
  const text = withoutByteOrderMark(record.body);
  const decoded = decodeJson(text);
  if (!decoded.ok) return text;
  const body = decoded.value;
  return body && typeof body === 'object' && 'detail' in body ? (body as { detail: unknown }).detail : body;
}

/** Builds the handler over the given stores and rules (the Lambda entry point wires the real ones). */
export function createIngestQueueHandler(context: IngestContext, logger: HandlerLogger) {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => {
    const { items, rejected, caseProblems } = await ingestBatch([eventIn(record)], 'eventbridge', context);
    const [item] = items;
    logger.info('case event ingested', {
      messageId: record.messageId,
      eventId: item?.id ?? null,
      outcome: item?.outcome,
      problems: item?.problems.length ?? 0,
      // The counts the stack's metric filters add up into the rejected-events and case-problems alarms.
      [INGEST_LOG.rejectedField]: rejected,
      [INGEST_LOG.caseProblemsField]: caseProblems.length,
      // Ids, rule ids and the engine's words (a date of birth not recorded…), never a value from the case.
      ...(caseProblems.length > 0 && { caseProblemList: caseProblems }),
    });
  };
  return (event: SQSEvent, lambdaContext: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context: lambdaContext });
}
