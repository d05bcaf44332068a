/**
 * aws-ses-v2-local (the SES v2 API with a web inbox) started in this process on a loopback port, with an
 * SES v2 client pointed at it: the local pipeline's email, read in a browser at {@link LocalSes.inboxUrl}
 * and by tests through {@link LocalSes.sent}.
 *
 * The package keeps sent mail in one store per process, whatever the number of servers: two running at
 * once see each other's mail, and `clear()` empties both.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { refuseCrossSite } from './http-ingest.ts';

// The package is CommonJS compiled from ESM, its factory the `default` export: required, it is
// `.default` under Node, tsx and vitest alike (an ESM default import differs between them).
const sesLocal = createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local');

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

/** The fields of aws-ses-v2-local's `GET /store` read here. */
interface StoredEmail {
  messageId: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/**
 * Starts aws-ses-v2-local on an ephemeral port of 127.0.0.1 (its default binds every interface),
 * answering this machine's programs and its own inbox page only (see `refuseCrossSite`).
 */
export async function startLocalSes(): Promise<LocalSes> {
  const server = await sesLocal.default({ host: '127.0.0.1', port: 0 });
  // Express hands a failed listen to the callback the package ignores: it resolves either way.
  if (!server.listening) throw new Error('aws-ses-v2-local could not listen on 127.0.0.1');
  // Before any connection: the package resolves from its listen callback, ahead of the first accept.
  refuseCrossSite(server);
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
    },
    close: async () => {
      client.destroy();
      // Express keeps browser and fetch connections alive; they would hold the server open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
