/**
 * dynalite (the DynamoDB API on LevelDB) started in this process on a loopback port, with a document
 * client pointed at it: the local pipeline's table (on disk) and the integration tests' (in memory).
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { refuseCrossSite } from './http-ingest.ts';

/** The part of dynalite's factory used here; the package ships no types. */
type Dynalite = (options: { createTableMs?: number; path?: string }) => Server;

// dynalite is CommonJS without types: loaded through require and typed above, rather than declaring a
// module for the whole project.
const requireHere = createRequire(import.meta.url);
const dynalite = requireHere('dynalite') as Dynalite;

/** The iterator classes of the abstract-level dynalite's LevelDB is built on. */
type IteratorClass = { prototype: { close(): Promise<void>; return?: () => Promise<void> } };

/**
 * dynalite closes a query's LevelDB iterator by calling its `return()`, which abstract-level 3's
 * iterators do not have (they have `close()`): every Query left its iterator open, holding on to the
 * memory LevelDB wrote since, so a long run of writes and queries on disk (an import of 20,000 cases)
 * grew by gigabytes. Given `return()` as `close()`, each is closed when its query ends.
 */
function closeQueryIterators() {
  const level = createRequire(requireHere.resolve('dynalite'))('abstract-level') as Record<
    string,
    IteratorClass
  >;
  for (const name of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator']) {
    const prototype = level[name]?.prototype;
    if (prototype && !('return' in prototype)) {
      Object.defineProperty(prototype, 'return', {
        value(this: { close(): Promise<void> }) {
          return this.close();
        },
        configurable: true,
      });
    }
  }
}
closeQueryIterators();

/** A running dynalite and a client for it. */
export interface LocalDynamo {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** A plain document client (no marshalling options), region eu-west-2, dummy credentials. */
  client: DynamoDBDocumentClient;
  /** Stops the client and the server; data kept in memory goes with it. */
  close(): Promise<void>;
}

/**
 * Starts dynalite on an ephemeral port of 127.0.0.1, tables ACTIVE as soon as created: in memory, or on
 * disk under `path` (a LevelDB folder one process at a time may open). It answers this machine's
 * programs only: dynalite would let any web page read and write it.
 */
export async function startDynalite(options: { path?: string } = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, ...(options.path && { path: options.path }) });
  refuseCrossSite(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  // Tests run on the machines' Node 20; the Lambdas run on 22 or later, where the SDK has nothing to say.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = `http://127.0.0.1:${port}`;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return {
    endpoint,
    client,
    close: async () => {
      // The client's kept-alive sockets would hold the server open.
      client.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
