/**
 * A stand-in for Teams Workflows webhooks on a loopback port: `POST /webhook/<channel>` takes a card
 * and answers 202, as a flow does; `GET /` lists what each channel received, newest first, for a person
 * to read; `GET /cards` gives the same as JSON for tests. Cards are kept in memory only.
 *
 * For reliability tests, {@link TeamsSink.failNext} makes the next posts fail with a chosen status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answer, answerTooLarge, listen, readBody } from './http-ingest.ts';

/** One card as received. */
export interface ReceivedCard {
  channel: string;
  payload: unknown;
  /** ISO instant (UTC). */
  receivedAt: string;
}

/** A running sink. */
export interface TeamsSink {
  /** `http://127.0.0.1:<port>`: the page listing the cards received. */
  url: string;
  /** The webhook URL of a channel. */
  webhookUrl(channel: string): string;
  /** The cards received so far, oldest first. */
  cards(): ReceivedCard[];
  clear(): void;
  /** The next `count` posts answer `status` (such as 429 or 500) and are not kept. */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export interface TeamsSinkOptions {
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** The largest body taken; 256 KiB by default (a real flow allows about 28 KB). */
  readonly maxBodyBytes?: number;
}

const WEBHOOK_PATH = /^\/webhook\/([^/]+)$/;

/** The channel a webhook path names, or null when it is not one (or not valid percent-encoding). */
function channelOf(path: string): string | null {
  const encoded = WEBHOOK_PATH.exec(path)?.[1];
  try {
    return encoded ? decodeURIComponent(encoded) : null;
  } catch {
    return null;
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The text a person would read on a card: every TextBlock and TextRun, and each fact as
 * "title: value", in document order, wherever they sit in the payload.
 */
function cardText(payload: unknown): string[] {
  if (Array.isArray(payload)) return payload.flatMap(cardText);
  if (!payload || typeof payload !== 'object') return [];
  const node = payload as Record<string, unknown>;
  const own =
    (node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string'
      ? [node.text]
      : typeof node.title === 'string' && typeof node.value === 'string'
        ? [`${node.title}: ${node.value}`]
        : [];
  return [...own, ...Object.values(node).flatMap(cardText)];
}

function page(cards: readonly ReceivedCard[]): string {
  const items = [...cards]
    .reverse()
    .map(
      (card) =>
        `<li><h2>${escapeHtml(card.channel)} <time>${escapeHtml(card.receivedAt)}</time></h2>` +
        cardText(card.payload)
          .map((text) => `<p>${escapeHtml(text)}</p>`)
          .join('') +
        '</li>',
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams cards (local)</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto}li{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0;list-style:none}h2{font-size:1rem}time{color:#666;font-weight:normal}</style>
</head><body><h1>Teams cards received: ${cards.length}</h1><ul>
${items || '<li><p>None yet.</p></li>'}
</ul></body></html>`;
}

/** Starts the sink on an ephemeral port. */
export async function startTeamsSink(options: TeamsSinkOptions = {}): Promise<TeamsSink> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const received: ReceivedCard[] = [];
  const failures: number[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://sink').pathname;
    const channel = channelOf(path);
    if (request.method === 'POST' && channel) {
      const body = await readBody(request, maxBodyBytes);
      if (body === null) return answerTooLarge(response, maxBodyBytes);
      const status = failures.shift();
      if (status !== undefined) {
        if (status === 429) response.setHeader('retry-after', '1');
        return answer(response, status, JSON.stringify({ error: 'failure injected by the sink' }));
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return answer(response, 400, JSON.stringify({ error: 'the body is not JSON' }));
      }
      received.push({ channel, payload, receivedAt: new Date().toISOString() });
      return answer(response, 202, '');
    }
    if (request.method === 'GET' && path === '/')
      return answer(response, 200, page(received), 'text/html; charset=utf-8');
    if (request.method === 'GET' && path === '/cards') return answer(response, 200, JSON.stringify(received));
    return answer(response, 404, JSON.stringify({ error: 'not found' }));
  };

  const { url, close } = await listen(handle, host);
  return {
    url,
    webhookUrl: (channel) => `${url}/webhook/${encodeURIComponent(channel)}`,
    cards: () => [...received],
    clear: () => {
      received.length = 0;
    },
    failNext: (count, status) => {
      failures.push(...Array.from({ length: count }, () => status));
    },
    close,
  };
}
