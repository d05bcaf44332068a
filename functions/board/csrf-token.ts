/**
 * The board's second layer against cross-site request forgery, behind `hono/csrf`'s check of the
 * request's origin: a token in a hidden field of every form, an HMAC-SHA256 of the session's id under
 * the board's secret. A forged form cannot carry it (another site cannot read the board's pages), and a
 * token from another session is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hidden field's name in every form the board draws. */
export const CSRF_FIELD = 'csrf';

/** The token of the session whose id is `sessionId`. */
export function csrfToken(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(`board-form|${sessionId}`).digest('base64url');
}

/** Whether `sent` is the token of the session whose id is `sessionId` (compared in constant time). */
export function csrfTokenHolds(sent: unknown, sessionId: string, secret: string): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfToken(sessionId, secret));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
