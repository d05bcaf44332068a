/**
 * What the tests of the import bucket's loaders (the directory loader and the import loader, as their
 * Lambda entries wire them) share: the bucket, the AWS variables that send the SDK to the stand-ins,
 * the entry module loaded afresh with an environment, a logger that keeps its lines, EventBridge's
 * `Object Created` event for a key, and a file dropped into the S3 stand-in.
 */
import { vi } from 'vitest';
import type { S3StandIn } from './s3-stand-in.ts';

/** The import bucket the loaders read. */
export const IMPORT_BUCKET = 'line-of-sight-dev-imports-123456789012';

/**
 * What an operator's shell or the Lambda environment holds: the endpoint variables send the SDK to the
 * stand-ins given (dynalite, and the S3 stand-in when there is one).
 */
export function stubAwsEnvironment(endpoints: { dynamodb: string; s3?: string }) {
  if (endpoints.s3 !== undefined) vi.stubEnv('AWS_ENDPOINT_URL_S3', endpoints.s3);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoints.dynamodb);
  vi.stubEnv('AWS_REGION', 'eu-west-2');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_PROFILE', undefined);
}

/** An entry module, loaded afresh (and so its environment checked) with `variables` as its environment. */
export async function entryWith<T>(load: () => Promise<T>, variables: Record<string, string>): Promise<T> {
  vi.resetModules();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  try {
    return await load();
  } finally {
    vi.unstubAllEnvs();
  }
}

/** A line a loader logged. */
export interface LoggedLine {
  level: 'info' | 'warn';
  message: string;
  attributes: Record<string, unknown>;
}

/** A logger keeping what it is told in `lines`. */
export function keptLines() {
  const lines: LoggedLine[] = [];
  const logger = {
    info: (message: string, attributes: Record<string, unknown>) =>
      lines.push({ level: 'info', message, attributes }),
    warn: (message: string, attributes: Record<string, unknown>) =>
      lines.push({ level: 'warn', message, attributes }),
  };
  return { lines, logger };
}

/**
 * EventBridge's `Object Created` event for a key of the bucket: its size `size`, or the size of the
 * file the stand-in holds (0 when none).
 */
export const objectCreated = (
  s3: S3StandIn,
  key: string,
  {
    id = 'c9888434-815d-c6f4-9fc2-4dd7bdeccaaf',
    size,
  }: { id?: string | undefined; size?: number | undefined } = {},
) => ({
  version: '0',
  id,
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-12-07T02:00:00Z',
  region: 'eu-west-2',
  resources: [`arn:aws:s3:::${IMPORT_BUCKET}`],
  detail: {
    version: '0',
    bucket: { name: IMPORT_BUCKET },
    object: { key, size: size ?? s3.files.get(`${IMPORT_BUCKET}/${key}`)?.length ?? 0, etag: 'e' },
    'request-id': 'r',
    requester: '123456789012',
    reason: 'PutObject',
  },
});

/** Drops a file into the bucket (text as UTF-8). */
export const dropInto = (s3: S3StandIn, key: string, content: string | Uint8Array) =>
  s3.files.set(
    `${IMPORT_BUCKET}/${key}`,
    typeof content === 'string' ? new TextEncoder().encode(content) : content,
  );
