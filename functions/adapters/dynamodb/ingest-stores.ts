/**
 * The stores ingest writes through, over one table: a case's events, its deadlines, its board rows and
 * its timeliness months, the quarantine and the recompute marks. One place builds them, so a store
 * ingest gains is wired wherever ingest runs (the Lambda functions, `los rebuild`, `los import`, the
 * laptop's store).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeadlineStore } from './deadline-store.ts';
import { DynamoCaseEventStore } from './event-store.ts';
import { DynamoQuarantineStore } from './quarantine-store.ts';
import { DynamoRecomputeMarks } from './recompute-marks.ts';
import { DynamoTimelinessStore } from './timeliness-store.ts';
import { DynamoTrackerIndex } from './tracker-index.ts';

/** Ingest's stores over `tableName`. */
export function dynamoIngestStores(client: DynamoDBDocumentClient, tableName: string) {
  return {
    events: new DynamoCaseEventStore(client, tableName),
    deadlines: new DynamoDeadlineStore(client, tableName),
    trackers: new DynamoTrackerIndex(client, tableName),
    timeliness: new DynamoTimelinessStore(client, tableName),
    quarantine: new DynamoQuarantineStore(client, tableName),
    marks: new DynamoRecomputeMarks(client, tableName),
  };
}
