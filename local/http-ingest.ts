/**
 * The HTTPS ingest endpoint's local stand-in: `POST /events` on a loopback port, answered by the same
 * handler code as the `ingest-http` Lambda (see {@link apiGatewayRoute}), and `GET /health`. More JSON
 * routes can be mounted beside it. A body larger than AWS could hand the Lambda is refused with 413,
 * so what is too big there fails here too.
 *
 * Also the small HTTP server the other local stand-ins share ({@link listen}, {@link readBody},
 * {@link answer}).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
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

/** A route: the request body (empty for a GET), URL and headers in, an answer out. */
export type Route = (body: string, url: URL, headers: IncomingHttpHeaders) => Promise<RouteResult>;

export interface LocalIngestServerOptions {
  /** Answers `POST /events`: {@link apiGatewayRoute} over `createIngestHttpHandler` for the Lambda's code. */
  readonly handle: (body: string) => Promise<RouteResult>;
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

/** The body of a request as UTF-8, or null once more than `limit` bytes have arrived. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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

/**
 * Answers 413 to a body over the limit and closes the connection, so the rest of the body is neither
 * awaited nor read as a next request.
 */
export function answerTooLarge(response: ServerResponse, limit: number): void {
  response.setHeader('connection', 'close');
  answer(response, 413, JSON.stringify({ error: `the request body is over ${limit} bytes` }));
}

/**
 * `POST /events` answered by a Lambda handler of API Gateway HTTP API requests (payload 2.0), such as
 * `createIngestHttpHandler(...)`: each body becomes the request API Gateway would hand the Lambda, with
 * a fresh request id for the handler's logs.
 */
export function apiGatewayRoute(
  handler: (request: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>,
): (body: string) => Promise<RouteResult> {
  return async (body) => {
    const now = new Date();
    const result = await handler({
      version: '2.0',
      routeKey: 'POST /events',
      rawPath: '/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body,
      isBase64Encoded: false,
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
 * Serves `handle` on `host` (an ephemeral port unless one is given). A handler that throws is a fault
 * of this process: the caller gets a bare 500, never the error, which may quote what was sent.
 */
export async function listen(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  host: string,
  port = 0,
): Promise<LocalServer> {
  const server = createServer((request, response) => {
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
    'POST /events': (body) => options.handle(body),
    'GET /health': async () => ({ statusCode: 200, body: JSON.stringify({ status: 'ok' }) }),
  };
  return listen(
    async (request, response) => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? host}`);
      const route = routes[`${request.method} ${url.pathname}`];
      if (!route) return answer(response, 404, JSON.stringify({ error: 'not found' }));
      const body = await readBody(request, MAX_REQUEST_BYTES);
      if (body === null) return answerTooLarge(response, MAX_REQUEST_BYTES);
      const result = await route(body, url, request.headers);
      answer(response, result.statusCode, result.body, result.contentType);
    },
    host,
    options.port,
  );
}
