/**
 * What the handlers log through: a small interface rather than Powertools' logger, so the handlers run
 * unchanged on Lambda (`handlerLoggerOf` in `lambda/runtime.ts`), on a laptop and in tests. Handlers
 * pass ids, counts and outcomes only, never an event's content.
 */

/** The little a handler logs: ids and outcomes, never an event's content. */
export interface HandlerLogger {
  info(message: string, attributes: Record<string, unknown>): void;
}

/** A {@link HandlerLogger} that can also warn: failures are logged as warnings, with ids only. */
export interface WarningLogger extends HandlerLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
}
