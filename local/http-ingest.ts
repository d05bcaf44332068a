/**
 * The HTTPS ingest endpoint's local stand-in: `POST /events` on a loopback port, answered by the same
 * handler code as the `ingest-http` Lambda (see {@link apiGatewayRoute}), and `GET /health`. More JSON
 * routes can be mounted beside it. A body larger than AWS could hand the Lambda is refused with 413,
 * so what is too big there fails here too.
 *
 * Also the small HTTP server the other local stand-ins share ({@link listen}, {@link readBody},
 * {@link answer}), which refuses what a web page open in the user's browser could send it (see
 * {@link listen}), and those checks for the servers packages build ({@link refuseCrossSite}).
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * The largest request body taken: Lambda's limit on a synchronous invocation's payload, 6 MB (API
 * Gateway's HTTP API takes 10 MB, but cannot pass more than 6 MB on to the function).
 */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** What a route answers. */
export interface RouteResult {
  statusCode: number;
  body: string;
  /** `application/json; charset=utf-8` when left out. */
  contentType?: string;
}

/** A route: the request body (empty for a GET) as text, URL and headers, and the body's bytes in, an answer out. */
export type Route = (
  body: string,
  url: URL,
  headers: IncomingHttpHeaders,
  bytes: Uint8Array,
) => Promise<RouteResult>;

export interface LocalIngestServerOptions {
  /** Answers `POST /events`: {@link apiGatewayRoute} over `createIngestHttpHandler` for the Lambda's code. */
  readonly handle: (body: Uint8Array) => Promise<RouteResult>;
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** An ephemeral port when left out. */
  readonly port?: number;
  /** More routes, keyed by method and path: `"GET /deadlines"`. */
  readonly routes?: Readonly<Record<string, Route>>;
}

/** A running local HTTP server. */
export interface LocalServer {
  /** `http://<host>:<port>` */
  url: string;
  close(): Promise<void>;
}

/** The bytes of a request's body, or null once more than `limit` bytes have arrived. */
async function readBodyBytes(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body of a request as UTF-8, or null once more than `limit` bytes have arrived. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return (await readBodyBytes(request, limit))?.toString('utf8') ?? null;
}

/** Sends a whole answer. */
export function answer(
  response: ServerResponse,
  statusCode: number,
  body: string,
  contentType = 'application/json; charset=utf-8',
): void {
  response.writeHead(statusCode, { 'content-type': contentType });
  response.end(body);
}

/** Why a request is not served: its status and a sentence for the sender. */
interface Refusal {
  statusCode: number;
  error: string;
}

/**
 * Answers a refusal and closes the connection, so a body not read is neither awaited nor read as a
 * next request.
 */
function refuse(response: ServerResponse, { statusCode, error }: Refusal): void {
  response.setHeader('connection', 'close');
  answer(response, statusCode, JSON.stringify({ error }));
}

/** Answers 413 to a body over the limit (see {@link refuse}). */
export function answerTooLarge(response: ServerResponse, limit: number): void {
  refuse(response, { statusCode: 413, error: `the request body is over ${limit} bytes` });
}

/** The names a local server answers to: loopback ones only. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The `Host` headers naming a loopback server on `port` (a browser leaves out port 80). */
const loopbackHosts = (port: number | undefined) =>
  LOOPBACK_NAMES.flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`]));

/**
 * Why a request is refused as one a web page of another site could have sent (any page open in the
 * user's browser can send to a loopback port), or null. Its `Host` must be a loopback name with the
 * server's own port: a page that points a name of its own at 127.0.0.1 (DNS rebinding) is same-origin
 * with the server in the browser's eyes, but still sends its own name. Its `Origin`, when there is one,
 * must be the server's own: browsers send it on cross-site requests; `los`, curl and the adapters send
 * none.
 */
function crossSiteRefusal(request: IncomingMessage): Refusal | null {
  const hosts = loopbackHosts(request.socket.localPort);
  if (!hosts.includes(request.headers.host?.toLowerCase() ?? '')) {
    return {
      statusCode: 403,
      error: 'this server answers only to localhost, 127.0.0.1 or [::1] with its own port',
    };
  }
  const origin = request.headers.origin?.toLowerCase();
  if (origin !== undefined && !hosts.some((host) => origin === `http://${host}`)) {
    return { statusCode: 403, error: 'requests from other web pages are refused' };
  }
  return null;
}

/**
 * The media types a POST may have. A page may post a form or `text/plain` to any site without asking;
 * JSON needs the browser to ask first (a CORS preflight), which no local server grants.
 */
const POST_TYPES = new Set(['application/json', 'application/x-ndjson']);

/** Why a POST is refused for its media type (parameters such as `charset` aside), or null. */
function postTypeRefusal(request: IncomingMessage): Refusal | null {
  if (request.method !== 'POST') return null;
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && POST_TYPES.has(type)
    ? null
    : { statusCode: 415, error: 'the content type must be application/json or application/x-ndjson' };
}

/**
 * Puts the checks of {@link crossSiteRefusal} in front of a server a package built (dynalite, which
 * grants every origin CORS, and aws-ses-v2-local, whose inbox a rebound page could read). Their POSTs
 * keep their own media types (the AWS SDK's), so those are not checked. Call it before the server
 * takes a connection.
 */
export function refuseCrossSite(server: Server): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const refusal = crossSiteRefusal(request);
    if (refusal) return refuse(response, refusal);
    for (const listener of listeners) listener.call(server, request, response);
  });
}

/**
 * `POST /events` answered by a Lambda handler of API Gateway HTTP API requests (payload 2.0), such as
 * `createIngestHttpHandler(...)`: each body becomes the request API Gateway would hand the Lambda, with
 * a fresh request id for the handler's logs. The body goes as base64, as API Gateway passes a body it
 * does not take for text, so the handler decodes the bytes itself: bytes that are not UTF-8 are refused
 * there, not rewritten here.
 */
export function apiGatewayRoute(
  handler: (request: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>,
): (body: Uint8Array) => Promise<RouteResult> {
  return async (body) => {
    const now = new Date();
    const result = await handler({
      version: '2.0',
      routeKey: 'POST /events',
      rawPath: '/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: 'POST', path: '/events', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
        requestId: randomUUID(),
        routeKey: 'POST /events',
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
    });
    const contentType = result.headers?.['content-type'];
    return {
      statusCode: result.statusCode ?? 200,
      body: result.body ?? '',
      ...(typeof contentType === 'string' && { contentType }),
    };
  };
}

/**
 * Serves `handle` on `host` (an ephemeral port unless one is given). What a web page of another site
 * could send is refused before `handle` sees it: a `Host` that is not a loopback name with this port or
 * an `Origin` other than this server's (403, see {@link crossSiteRefusal}), and a POST that is neither
 * JSON nor NDJSON (415). A handler that throws is a fault of this process: the caller gets a bare 500,
 * never the error, which may quote what was sent.
 */
export async function listen(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  host: string,
  port = 0,
): Promise<LocalServer> {
  const server = createServer((request, response) => {
    const refusal = crossSiteRefusal(request) ?? postTypeRefusal(request);
    if (refusal) return refuse(response, refusal);
    handle(request, response).catch(() => {
      if (response.headersSent) response.destroy();
      else answer(response, 500, JSON.stringify({ error: 'internal error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      // Kept-alive connections (browsers, fetch) would hold the server open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** Starts the endpoint. */
export function startLocalIngestServer(options: LocalIngestServerOptions): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  // The fixed routes come last: a route of `options.routes` cannot replace them.
  const routes: Record<string, Route> = {
    ...options.routes,
    'POST /events': (_text, _url, _headers, bytes) => options.handle(bytes),
    'GET /health': async () => ({ statusCode: 200, body: JSON.stringify({ status: 'ok' }) }),
  };
  return listen(
    async (request, response) => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? host}`);
      const route = routes[`${request.method} ${url.pathname}`];
      if (!route) return answer(response, 404, JSON.stringify({ error: 'not found' }));
      const bytes = await readBodyBytes(request, MAX_REQUEST_BYTES);
      if (bytes === null) return answerTooLarge(response, MAX_REQUEST_BYTES);
      const result = await route(bytes.toString('utf8'), url, request.headers, bytes);
      answer(response, result.statusCode, result.body, result.contentType);
    },
    host,
    options.port,
  );
}
