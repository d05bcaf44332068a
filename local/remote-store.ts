/**
 * The local store reached through a running `npm start`. LevelDB lets one process open a data
 * directory; while `npm start` holds it, `los` commands call the stores' methods over its loopback
 * HTTP port instead of failing. The server writes `<dataDir>/serve.json` (its URL and a random token,
 * readable by this user only); each call carries the token, so no other user of the machine can use
 * the store.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Route } from './http-ingest.ts';
import { isRunning, type LocalStore, openLocalStore, StoreLockedError } from './store.ts';

/** The header carrying the token. */
const TOKEN_HEADER = 'x-los-token';

/** The ports and methods callable remotely: everything a `los` command uses of a store. */
const METHODS = {
  events: ['append', 'eventsOf', 'caseIds', 'claimSource', 'appendCases'],
  deadlines: ['replaceCase', 'replaceCases', 'deadlinesOf', 'dueBy', 'all', 'setNextAction'],
  trackers: ['replaceCase', 'rowsHeldBy'],
  timeliness: ['replaceCase', 'monthOf', 'changesOf', 'keptFigures', 'keepFigures'],
  quarantine: ['put', 'onDay'],
  marks: ['mark', 'markCases', 'clear', 'pending'],
  weeklyRuns: ['stateOf', 'record'],
  ledger: ['claim', 'markSent', 'markFailed', 'noticesOf'],
  outbox: ['hold', 'heldOn'],
  directory: ['replace', 'load', 'markUndeliverable'],
  manifests: ['entriesOf', 'saveCases'],
  imports: ['record', 'latest'],
} as const;
type PortName = keyof typeof METHODS;

/** Methods that return an async iterable: sent as an array. */
const STREAMS = new Set(['events.caseIds', 'deadlines.dueBy', 'deadlines.all']);

const CALL = z.object({
  port: z.enum(Object.keys(METHODS) as [PortName, ...PortName[]]),
  method: z.string(),
  args: z.array(z.unknown()),
});

const SERVE_FILE = 'serve.json';

const SERVE_RECORD = z.object({ url: z.url(), token: z.string().min(32), pid: z.int() });
type ServeRecord = z.infer<typeof SERVE_RECORD>;

/** A new random token for the store route. */
export const newToken = () => randomBytes(24).toString('hex');

/** Writes the record a CLI reads to find the server; returns the function that removes it. */
export function advertiseServer(dataDir: string, url: string, token: string): () => void {
  const file = join(dataDir, SERVE_FILE);
  writeFileSync(file, JSON.stringify({ url, token, pid: process.pid } satisfies ServeRecord), {
    mode: 0o600,
  });
  chmodSync(file, 0o600);
  return () => rmSync(file, { force: true });
}

/** The server holding `dataDir`, if one is running. */
export function findServer(dataDir: string): ServeRecord | null {
  const file = join(dataDir, SERVE_FILE);
  if (!existsSync(file)) return null;
  const parsed = SERVE_RECORD.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success && isRunning(parsed.data.pid) ? parsed.data : null;
}

/** The `POST /store` route of the server: calls a store method for a holder of the token. */
export function storeRoute(store: LocalStore, token: string): Route {
  return async (body, _url, headers) => {
    if (headers?.[TOKEN_HEADER] !== token) {
      return { statusCode: 403, body: JSON.stringify({ error: 'a valid token is required' }) };
    }
    const call = CALL.safeParse(JSON.parse(body));
    if (!call.success || !(METHODS[call.data.port] as readonly string[]).includes(call.data.method)) {
      return { statusCode: 400, body: JSON.stringify({ error: 'unknown store method' }) };
    }
    const { port, method, args } = call.data;
    const target = store[port] as unknown as Record<string, (...a: unknown[]) => unknown>;
    let result = await target[method]?.(...args);
    if (STREAMS.has(`${port}.${method}`)) {
      const items: unknown[] = [];
      for await (const item of result as AsyncIterable<unknown>) items.push(item);
      result = items;
    }
    return { statusCode: 200, body: JSON.stringify({ result: result ?? null }) };
  };
}

/** A store whose every method is a call to the server. */
export function remoteStore(server: ServeRecord): LocalStore {
  const call = async (port: PortName, method: string, args: unknown[]) => {
    const response = await fetch(`${server.url}/store`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token },
      body: JSON.stringify({ port, method, args }),
    });
    if (!response.ok) throw new Error(`the running npm start refused a store call (${response.status})`);
    return ((await response.json()) as { result: unknown }).result;
  };
  const port = (name: PortName) =>
    Object.fromEntries(
      METHODS[name].map((method) => [
        method,
        STREAMS.has(`${name}.${method}`)
          ? async function* (...args: unknown[]) {
              yield* (await call(name, method, args)) as unknown[];
            }
          : (...args: unknown[]) => call(name, method, args),
      ]),
    );
  return {
    events: port('events') as unknown as LocalStore['events'],
    deadlines: port('deadlines') as unknown as LocalStore['deadlines'],
    trackers: port('trackers') as unknown as LocalStore['trackers'],
    timeliness: port('timeliness') as unknown as LocalStore['timeliness'],
    quarantine: port('quarantine') as unknown as LocalStore['quarantine'],
    marks: port('marks') as unknown as LocalStore['marks'],
    weeklyRuns: port('weeklyRuns') as unknown as LocalStore['weeklyRuns'],
    ledger: port('ledger') as unknown as LocalStore['ledger'],
    outbox: port('outbox') as unknown as LocalStore['outbox'],
    directory: port('directory') as unknown as LocalStore['directory'],
    manifests: port('manifests') as unknown as LocalStore['manifests'],
    imports: port('imports') as unknown as LocalStore['imports'],
    close: async () => {},
  };
}

/**
 * The store under `dataDir` for a `los` command: opened directly, or, while `npm start` holds it,
 * reached through that process.
 */
export async function openSharedStore(dataDir: string): Promise<LocalStore> {
  try {
    return await openLocalStore(dataDir);
  } catch (error) {
    const server = error instanceof StoreLockedError ? findServer(dataDir) : null;
    if (!server) throw error;
    return remoteStore(server);
  }
}
