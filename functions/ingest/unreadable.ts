/**
 * Input refused whole, before any event in it could be read: bytes that are not UTF-8 text, a body
 * that is not one JSON document of events. It is quarantined like a rejected event, so nothing a case
 * system sends is lost.
 */
import type { IngestContext } from './ingest.ts';

/** Why input could not be read at all, and what of it the quarantine keeps. */
export interface Unreadable {
  /** For people, starting with the verb: "is not valid UTF-8 text (at byte offset 17)". */
  message: string;
  /** The input as received; bytes that are not text as base64, which {@link message} then says. */
  raw: string;
}

/** Bytes that are not UTF-8 text, kept as base64 (text rewritten with replacement characters would lose them). */
export const unreadableBytes = (bytes: Uint8Array, message: string): Unreadable => ({
  message: `${message}; kept in the quarantine as base64`,
  raw: Buffer.from(bytes).toString('base64'),
});

/** Quarantines unreadable input whole: one entry, one problem on the whole input (`''`). */
export async function quarantineUnreadable(
  context: Pick<IngestContext, 'quarantine' | 'now'>,
  channel: string,
  { message, raw }: Unreadable,
): Promise<void> {
  await context.quarantine.put({
    receivedAt: new Date(context.now()).toISOString(),
    channel,
    raw,
    problems: [{ path: '', message }],
  });
}
