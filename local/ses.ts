/**
 * aws-ses-v2-local (the SES v2 API with a web inbox) started in this process on a loopback port, with an
 * SES v2 client pointed at it: the local pipeline's email, read in a browser at {@link LocalSes.inboxUrl}
 * and by tests through {@link LocalSes.sent}.
 *
 * The package keeps sent mail in memory, in one store per process, whatever the number of servers: two
 * running at once see each other's mail, and `clear()` empties both. With a folder
 * ({@link LocalSesOptions.dir}), each email it takes is also kept there as a file (see `outbox.ts`), and
 * those kept are put back in its store at the next start, so its inbox shows them again. One server
 * with a folder per process, then: a second would keep the first one's mail too.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { refuseCrossSite } from './http-ingest.ts';
import { type OutboxFolder, openOutboxFolder } from './outbox.ts';

// The package is CommonJS compiled from ESM, its factory the `default` export: required, it is
// `.default` under Node, tsx and vitest alike (an ESM default import differs between them).
const sesLocal = createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local');

/**
 * The package's store of sent mail, which its server and inbox page read: the same module instance, so
 * the same store, as the server's (the package has no `exports` map, so its files can be required).
 */
const sesLocalStore = createRequire(import.meta.url)('aws-ses-v2-local/dist/store') as {
  getStoreReadonly(): { emails: StoredEmail[] };
};

/** One email as aws-ses-v2-local recorded it. */
export interface LocalEmail {
  messageId: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  /** When it was taken, to the second (the package keeps no finer time). */
  at: Date;
}

/** A running aws-ses-v2-local and a client for it. */
export interface LocalSes {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Region eu-west-2, dummy credentials (the stand-in wants an AWS-signed request, of any key). */
  client: SESv2Client;
  /** The web inbox. */
  inboxUrl: string;
  /** Every email sent so far, oldest first. */
  sent(): Promise<LocalEmail[]>;
  /** Forgets every email sent so far. */
  clear(): Promise<void>;
  /** Stops the client and the server. */
  close(): Promise<void>;
}

export interface LocalSesOptions {
  /** Any free port when left out or 0. */
  readonly port?: number;
  /** Where each email taken is kept, and read back from at start; in memory only when left out. */
  readonly dir?: string;
}

/** An email as aws-ses-v2-local records it (its `GET /store`), in the fields read and kept here. */
interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments?: unknown[];
  /** Seconds since the epoch. */
  at: number;
}

/** An email as kept in a file: what was sent, in the fields `los demo --outbox` writes, and when. */
interface KeptEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  /** ISO instant (UTC), to the second. */
  at: string;
}

const kept = (email: StoredEmail): KeptEmail => ({
  messageId: email.messageId,
  from: email.from,
  to: email.destination.to,
  cc: email.destination.cc,
  bcc: email.destination.bcc,
  subject: email.subject,
  text: email.body.text ?? null,
  html: email.body.html ?? null,
  at: new Date(email.at * 1000).toISOString(),
});

const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const text = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** A kept email read back, or null when the file is not one. */
function keptEmail(value: unknown): KeptEmail | null {
  if (!value || typeof value !== 'object') return null;
  const e = value as Record<string, unknown>;
  return typeof e.messageId === 'string' &&
    typeof e.from === 'string' &&
    strings(e.to) &&
    strings(e.cc) &&
    strings(e.bcc) &&
    typeof e.subject === 'string' &&
    text(e.text) &&
    text(e.html) &&
    typeof e.at === 'string' &&
    !Number.isNaN(Date.parse(e.at))
    ? (e as unknown as KeptEmail)
    : null;
}

/** A kept email in the package's form, to put back in its store. */
const stored = (email: KeptEmail): StoredEmail => ({
  messageId: email.messageId,
  from: email.from,
  replyTo: [],
  destination: { to: email.to, cc: email.cc, bcc: email.bcc },
  subject: email.subject,
  body: {
    ...(email.text !== null && { text: email.text }),
    ...(email.html !== null && { html: email.html }),
  },
  attachments: [],
  at: Math.floor(Date.parse(email.at) / 1000),
});

/**
 * Keeps in `folder` each email the package's store has taken since the last call and that is not
 * `mine` already (put back at start, or kept), adding it to `mine`: the store's list only grows, until
 * a clear replaces it.
 */
function keeper(folder: OutboxFolder<KeptEmail>, mine: Set<StoredEmail>) {
  let list: StoredEmail[] | null = null;
  let done = 0;
  return () => {
    const { emails } = sesLocalStore.getStoreReadonly();
    if (emails !== list) {
      list = emails;
      done = 0;
    }
    for (; done < emails.length; done++) {
      const email = emails[done] as StoredEmail;
      if (mine.has(email)) continue;
      folder.add(kept(email), email.destination.to[0] ?? 'unknown');
      mine.add(email);
    }
  };
}

/** Takes `mine` out of the package's store (they are in the folder), leaving any other server's mail. */
function forget(mine: ReadonlySet<StoredEmail>) {
  const { emails } = sesLocalStore.getStoreReadonly();
  const others = emails.filter((email) => !mine.has(email));
  emails.splice(0, emails.length, ...others);
}

/**
 * Starts aws-ses-v2-local on 127.0.0.1 (its default binds every interface), on `port` or any free one,
 * answering this machine's programs and its own inbox page only (see `refuseCrossSite`). With a folder,
 * the emails kept there are put back in its store first.
 */
export async function startLocalSes(options: LocalSesOptions = {}): Promise<LocalSes> {
  const folder = options.dir ? openOutboxFolder(options.dir, 'emails', keptEmail) : null;
  const server = await sesLocal.default({ host: '127.0.0.1', port: options.port ?? 0 });
  // Express hands a failed listen to the callback the package ignores: it resolves either way.
  if (!server.listening) {
    throw new Error(`aws-ses-v2-local could not listen on 127.0.0.1 port ${options.port ?? 0}`);
  }
  // Before any connection: the package resolves from its listen callback, ahead of the first accept.
  refuseCrossSite(server);
  let keep = () => {};
  let stop = () => {};
  if (folder) {
    const putBack = folder.kept.map(stored);
    sesLocalStore.getStoreReadonly().emails.push(...putBack);
    const mine = new Set(putBack);
    keep = keeper(folder, mine);
    // What is on disk is read back at the next start, by whichever process.
    stop = () => {
      keep();
      forget(mine);
    };
    // The package stores an email before it answers the send: kept once the answer has gone. Its inbox
    // page's "clear" (or `clear()`) empties the folder too.
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (request.method !== 'POST') return;
      const clearing = request.url === '/clear-store';
      response.once('finish', () => {
        if (clearing && response.statusCode === 200) folder.clear();
        keep();
      });
    });
  }
  const { port } = server.address() as AddressInfo;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SESv2Client({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const call = async (method: 'GET' | 'POST', path: string) => {
    const response = await fetch(`${endpoint}${path}`, { method });
    if (!response.ok) throw new Error(`aws-ses-v2-local answered ${response.status} to ${method} ${path}`);
    return response;
  };
  return {
    endpoint,
    client,
    inboxUrl: `${endpoint}/`,
    sent: async () => {
      const { emails } = (await (await call('GET', '/store')).json()) as { emails: StoredEmail[] };
      return emails.map((email) => ({
        messageId: email.messageId,
        to: email.destination.to,
        cc: email.destination.cc,
        subject: email.subject,
        text: email.body.text ?? null,
        html: email.body.html ?? null,
        at: new Date(email.at * 1000),
      }));
    },
    clear: async () => {
      await (await call('POST', '/clear-store')).body?.cancel();
      // The answer may arrive before the server's 'finish': done here too, so it is done on return.
      folder?.clear();
    },
    close: async () => {
      stop();
      client.destroy();
      // Express keeps browser and fetch connections alive; they would hold the server open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
