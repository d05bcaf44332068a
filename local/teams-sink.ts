/**
 * A stand-in for Teams Workflows webhooks on a loopback port: `POST /webhook/<channel>` takes a card
 * and answers 202, as a flow does; `GET /` shows what each channel received, newest first, for a person
 * to read; `GET /cards` gives the same as JSON for tests.
 *
 * The page draws each card with the Adaptive Cards renderer (the `adaptivecards` package, with its
 * markdown read as Teams reads it: bold, italics, lists and links, and nothing else), in the browser,
 * from the package's own browser bundle served by this server: no other site is asked for anything,
 * and a strict Content-Security-Policy lets the page run this server's scripts only. Without
 * JavaScript the page still lists each card's channel, time and text.
 *
 * With a folder ({@link TeamsSinkOptions.dir}), every card received is kept there as a file and read
 * back at the next start (see `outbox.ts`); without one, cards are kept in memory only.
 *
 * For reliability tests, {@link TeamsSink.failNext} makes the next posts fail with a chosen status.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { escapeMarkup } from '../functions/core/text/escape.ts';
import { answer, answerTooLarge, listen, readBody } from './http-ingest.ts';
import { type OutboxFolder, openOutboxFolder } from './outbox.ts';

/** One card as received. */
export interface ReceivedCard {
  channel: string;
  payload: unknown;
  /** ISO instant (UTC). */
  receivedAt: string;
}

/** A running sink. */
export interface TeamsSink {
  /** `http://127.0.0.1:<port>`: the page showing the cards received. */
  url: string;
  /** The webhook URL of a channel. */
  webhookUrl(channel: string): string;
  /** The cards received so far (with a folder, those of earlier starts too), oldest first. */
  cards(): ReceivedCard[];
  /** Forgets every card received, and deletes those kept in the folder. */
  clear(): void;
  /** The next `count` posts answer `status` (such as 429 or 500) and are not kept. */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export interface TeamsSinkOptions {
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** Any free port when left out or 0. */
  readonly port?: number;
  /** The largest body taken; 256 KiB by default (a real flow allows about 28 KB). */
  readonly maxBodyBytes?: number;
  /** Where each card received is kept, and read back from at start; in memory only when left out. */
  readonly dir?: string;
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

/**
 * What the page may do: run and style with this server's files only, read this server's `/cards`, show
 * its own and inline (`data:`) images, and nothing else: no inline script, no other site, no forms, no
 * framing.
 */
export const SINK_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer the page and its files get. */
const PAGE_HEADERS = {
  'content-security-policy': SINK_PAGE_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * The files the page loads, each from the package that ships it (resolved when first asked for, so a
 * missing package fails that request only: the page's text listing still works).
 */
const ASSETS: Readonly<Record<string, { resolve: () => string; type: string }>> = {
  '/assets/adaptivecards.js': {
    resolve: () => createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/adaptivecards.css': {
    resolve: () => createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.css'),
    type: 'text/css; charset=utf-8',
  },
  '/assets/markdown-it.js': {
    resolve: () => createRequire(import.meta.url).resolve('markdown-it/browser'),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/sink.js': {
    resolve: () => fileURLToPath(new URL('./teams-sink-page.js', import.meta.url)),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/sink.css': {
    resolve: () => fileURLToPath(new URL('./teams-sink-page.css', import.meta.url)),
    type: 'text/css; charset=utf-8',
  },
};

/** The assets' bytes, read once per process. */
const assetCache = new Map<string, Promise<Buffer>>();

function asset(path: string): Promise<Buffer> | null {
  const spec = ASSETS[path];
  if (!spec) return null;
  let bytes = assetCache.get(path);
  if (!bytes) {
    bytes = (async () => readFile(spec.resolve()))();
    // A failed read is tried again next time (`npm ci` may have been run since).
    bytes.catch(() => assetCache.delete(path));
    assetCache.set(path, bytes);
  }
  return bytes;
}

/**
 * The page: every card, newest first, as text (channel, time, and what the card says), each marked with
 * its place in `GET /cards` so the page's script can draw it there with the Adaptive Cards renderer.
 */
function page(cards: readonly ReceivedCard[]): string {
  const items = cards
    .map(
      (card, index) =>
        `<li class="card" data-card="${index}"><h2>${escapeMarkup(card.channel)} <time>${escapeMarkup(card.receivedAt)}</time></h2>` +
        '<div class="card-text">' +
        cardText(card.payload)
          .map((text) => `<p>${escapeMarkup(text)}</p>`)
          .join('') +
        '</div></li>',
    )
    .reverse()
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams cards (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/adaptivecards.css">
<link rel="stylesheet" href="/assets/sink.css">
<script src="/assets/markdown-it.js" defer></script>
<script src="/assets/adaptivecards.js" defer></script>
<script src="/assets/sink.js" defer></script>
</head><body>
<h1>Teams cards received: ${cards.length}</h1>
<p class="about">Newest first. Each card is drawn by the Adaptive Cards renderer, as Teams draws it; without JavaScript, its text is shown.</p>
<ol class="cards">
${items || '<li><p>None yet.</p></li>'}
</ol></body></html>`;
}

/** A kept card read back, or null when the file is not one. */
function keptCard(value: unknown): ReceivedCard | null {
  if (!value || typeof value !== 'object') return null;
  const { channel, payload, receivedAt } = value as Record<string, unknown>;
  return typeof channel === 'string' && typeof receivedAt === 'string' && payload !== undefined
    ? { channel, payload, receivedAt }
    : null;
}

/** Starts the sink; with a folder, the cards kept there are read back first. */
export async function startTeamsSink(options: TeamsSinkOptions = {}): Promise<TeamsSink> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const folder: OutboxFolder<ReceivedCard> | null = options.dir
    ? openOutboxFolder(options.dir, 'Teams cards', keptCard)
    : null;
  const received: ReceivedCard[] = [...(folder?.kept ?? [])];
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
      const card = { channel, payload, receivedAt: new Date().toISOString() };
      folder?.add(card, channel);
      received.push(card);
      return answer(response, 202, '');
    }
    if (request.method !== 'GET') return answer(response, 404, JSON.stringify({ error: 'not found' }));
    for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
    if (path === '/') return answer(response, 200, page(received), 'text/html; charset=utf-8');
    if (path === '/cards') return answer(response, 200, JSON.stringify(received));
    // Browsers ask for an icon; there is none.
    if (path === '/favicon.ico') return answer(response, 204, '');
    const bytes = asset(path);
    if (bytes) {
      const type = ASSETS[path]?.type;
      return bytes.then(
        (content) => {
          response.writeHead(200, { 'content-type': type });
          response.end(content);
        },
        () =>
          answer(
            response,
            500,
            JSON.stringify({ error: `${path} could not be read: is the package installed (npm ci)?` }),
          ),
      );
    }
    return answer(response, 404, JSON.stringify({ error: 'not found' }));
  };

  const { url, close } = await listen(handle, host, options.port ?? 0);
  return {
    url,
    webhookUrl: (channel) => `${url}/webhook/${encodeURIComponent(channel)}`,
    cards: () => [...received],
    clear: () => {
      received.length = 0;
      folder?.clear();
    },
    failNext: (count, status) => {
      failures.push(...Array.from({ length: count }, () => status));
    },
    close,
  };
}
