/**
 * The ingest contract: what one case event must look like, how input is checked against it, and the
 * artifacts (JSON Schema, fixtures) published from it.
 */

export { eventsByCase } from './by-case.ts';
export { canonicalJson, jsonText } from './canonical.ts';
export {
  type CaseEvent,
  caseEventSchema,
  dataFieldsOf,
  EVENT_TYPES,
  type EventOf,
  type EventType,
  isEventType,
} from './case-event.ts';
export {
  DEADLINE_EVENT_SOURCE,
  type DeadlineEvent,
  type DeadlineEventType,
  deadlineEventEnvelope,
  deadlineEventSchema,
} from './deadline-event.ts';
export { CASE_EVENT_DETAIL_TYPE } from './envelope.ts';
export { EVENT_FIXTURES } from './fixtures.ts';
export {
  type BatchLine,
  type BatchText,
  type DecodedJson,
  decodeJson,
  decodeUtf8,
  splitBatch,
  type Utf8Text,
  withoutByteOrderMark,
} from './input-text.ts';
export { eventJsonSchema } from './json-schema.ts';
export { claimedEventId, MAX_NESTING, type ParseResult, parseCaseEvent, parseEventLine } from './parse.ts';
export type { Problem } from './problems.ts';
export * from './vocabularies.ts';
