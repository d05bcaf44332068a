/**
 * What the import bucket's loaders (the directory loader, `directory/`, and the import loader,
 * `imports/`) share: reading EventBridge's S3 `Object Created` event for a key under their prefix, and
 * how a file is named on their log lines. S3 reports every object created in the bucket to
 * EventBridge, and each loader's rule matches its own prefix; the event is checked again here, so a
 * loader invoked by hand or by another rule does nothing with a key that is not its own.
 */
import { z } from 'zod';
import { SAFE_FILE_NAME } from '../core/imports/import-record.ts';

/** The fields read of EventBridge's S3 `Object Created` event. */
const OBJECT_CREATED = z.object({
  id: z.string().max(100),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    object: z.object({
      key: z.string().min(1).max(1024),
      size: z.number().int().nonnegative().optional(),
    }),
  }),
});

/** A file created under a loader's prefix, as its log lines name it. */
export interface CreatedFile {
  /** EventBridge's id of the event. */
  readonly eventId: string;
  /** The object's key in the bucket. */
  readonly key: string;
  /** Its size as S3 reported it, when it did. */
  readonly size: number | undefined;
  /**
   * How log lines name it: the key when it is made of safe characters ({@link SAFE_FILE_NAME}), else
   * its length only (a key is chosen by whoever drops the file, and could hold a name).
   */
  readonly logged: { eventId: string; key: string } | { eventId: string; keyLength: number };
}

/**
 * The file an event reports created under `prefix`, or why there is none: the event is not S3's
 * `Object Created` (`eventId` null), or its key is under another prefix.
 */
export function createdFileUnder(
  prefix: string,
  event: unknown,
): { ok: true; file: CreatedFile } | { ok: false; eventId: string | null } {
  const parsed = OBJECT_CREATED.safeParse(event);
  if (!parsed.success) return { ok: false, eventId: null };
  const { id: eventId, detail } = parsed.data;
  const { key, size } = detail.object;
  if (!key.startsWith(prefix)) return { ok: false, eventId };
  return {
    ok: true,
    file: {
      eventId,
      key,
      size,
      logged: SAFE_FILE_NAME.test(key) ? { eventId, key } : { eventId, keyLength: key.length },
    },
  };
}
