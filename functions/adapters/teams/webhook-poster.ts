/**
 * Cards to Teams channels through their Workflows webhooks ("When a Teams webhook request is received"),
 * which answer 202 and post the card later. A channel is a name from the staff directory; the
 * deployment maps it to its webhook URL (an entry of one Secrets Manager secret on AWS, the local sink on
 * a laptop).
 *
 * The URL carries the flow's signature, so it is a secret: no error message holds it, only the channel
 * name, the HTTP status or the network error's code.
 */
import { SendError, type TeamsPoster } from '../../core/ports.ts';

/** A channel's webhook URL; throws {@link SendError} when the channel has none. */
export type ResolveWebhookUrl = (teamsChannel: string) => Promise<string>;

export interface WebhookTeamsPosterOptions {
  /** How long a post may take, answer included; 10 s by default. */
  readonly timeoutMs?: number;
}

/**
 * Answers that mean the URL itself is no longer good (the flow was deleted, or its signature rotated):
 * the cached URL is dropped, so the next post resolves the channel again (on AWS, from a read of the
 * secret at most 5 minutes old: `secrets-url-resolver.ts`).
 */
const STALE_URL = new Set([401, 403, 404]);

/** The code of a failed `fetch`: undici puts the socket's error (`ECONNREFUSED`…) in `cause`. */
function networkCodeOf(error: unknown): string {
  const { name = 'Error', cause } = (error ?? {}) as { name?: string; cause?: { code?: unknown } };
  return typeof cause?.code === 'string' ? cause.code : name;
}

/** {@link TeamsPoster} over Workflows webhooks, with the global `fetch`. */
export class WebhookTeamsPoster implements TeamsPoster {
  /**
   * Resolved URLs for the life of the poster (of the Lambda container), until one is refused: one
   * look-up per channel.
   */
  private readonly urls = new Map<string, Promise<string>>();
  private readonly timeoutMs: number;

  constructor(
    private readonly resolveUrl: ResolveWebhookUrl,
    options: WebhookTeamsPosterOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async post(teamsChannel: string, payload: unknown): Promise<void> {
    const url = await this.urlOf(teamsChannel);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SendError(`Teams post to ${teamsChannel} failed (${networkCodeOf(error)})`, true);
    }
    // The answer's body is not needed (and an error page could echo the request); it is discarded so
    // the connection can be reused.
    await response.body?.cancel();
    if (response.status === 200 || response.status === 202) return;
    if (STALE_URL.has(response.status)) this.urls.delete(teamsChannel);
    const retryAfter = response.headers.get('retry-after');
    const retryable = response.status === 429 || response.status >= 500;
    throw new SendError(
      `Teams post to ${teamsChannel} answered HTTP ${response.status}` +
        (retryAfter ? ` (retry after ${retryAfter})` : ''),
      retryable,
    );
  }

  private urlOf(teamsChannel: string): Promise<string> {
    let url = this.urls.get(teamsChannel);
    if (!url) {
      url = this.resolveUrl(teamsChannel).catch((error: unknown) => {
        // A failed look-up is not kept: the next post asks again.
        this.urls.delete(teamsChannel);
        throw error instanceof SendError
          ? error
          : new SendError(
              `the webhook of Teams channel ${teamsChannel} could not be read (${networkCodeOf(error)})`,
              true,
            );
      });
      this.urls.set(teamsChannel, url);
    }
    return url;
  }
}
