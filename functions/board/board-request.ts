/**
 * What the board's route handlers are given besides Hono's context, once the app's middleware has
 * found the reader's session and line (and, for a case route, the case in that line).
 */
import type { Context } from 'hono';
import type { Moment } from '../core/engine/index.ts';
import type { BoardCase, BoardEnv, CaseRead } from './deps.ts';
import type { PageReader } from './views/layout.ts';

/** What a case route knows once its case is found in the reader's line. */
export interface CaseContext {
  caseId: string;
  record: BoardCase;
}

/** One request to a route of the board's table, as its handler sees it. */
export interface BoardRequest {
  /** The moment the page is drawn as of: now, once per request. */
  asOf: Moment;
  reader: PageReader;
  /** Records the reads of these cases by the reader, now. */
  audit(reads: readonly Omit<CaseRead, 'at' | 'staffId'>[]): Promise<void>;
  /** A POST's form fields (text ones only); empty for a GET. */
  form: Record<string, string>;
  /** A case route's case; null on the other routes. */
  found: CaseContext | null;
}

/** A route's handler. */
export type Handler = (c: Context<BoardEnv>, request: BoardRequest) => Promise<Response>;

/** What a POST did, named in the redirect back to the case page (a code: never case data). */
export const STATUS_WORDS = {
  recorded: 'The action is recorded.',
  done: 'The action is marked done.',
  moved: 'The action’s date is moved.',
  withdrawn: 'The action is withdrawn.',
} as const;
export type StatusCode = keyof typeof STATUS_WORDS;

/** The moment as an event's `occurredAt` and as `caseActions` takes it. */
export const instantOf = (asOf: Moment) => new Date(asOf.ms ?? 0).toISOString();
