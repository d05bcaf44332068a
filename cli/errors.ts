/** Exit codes the `los` commands use, so scripts can tell failures apart. */
export const EXIT = {
  ok: 0,
  /** Something unexpected went wrong inside Line of Sight. */
  internal: 1,
  /** The command line, a file or a profile was not usable; nothing was done. */
  usage: 2,
  /** The work was done, but some input was rejected or some deadline could not be computed. */
  partial: 3,
} as const;

/** A problem with what the user asked for, reported in one plain sentence without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
