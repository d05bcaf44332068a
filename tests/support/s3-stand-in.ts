/**
 * A stand-in for S3's GetObject on a loopback port, for the import bucket's adapter: the AWS SDK, sent
 * to it by `AWS_ENDPOINT_URL_S3` (or an `endpoint`), asks for `/<bucket>/<key>` (path style, as it does
 * for an IP address) with a `Range: bytes=0-<last>` header. It answers as S3 does: the bytes asked for
 * (206), `NoSuchKey` (404) for a file it does not hold, `InvalidRange` (416) for a range of an empty
 * file. It records each key asked for. Nothing else of S3 is there.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The stand-in: its endpoint, the files it holds by bucket and key, what it was asked, and how to stop it. */
export interface S3StandIn {
  readonly endpoint: string;
  readonly files: Map<string, Uint8Array>;
  readonly asked: { key: string; range: string | undefined }[];
  close(): Promise<void>;
}

const error = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`;

/** Starts the stand-in on 127.0.0.1. `files` are keyed `<bucket>/<key>`. */
export async function startS3StandIn(): Promise<S3StandIn> {
  const files = new Map<string, Uint8Array>();
  const asked: S3StandIn['asked'] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname.slice(1));
    const range = request.headers.range;
    asked.push({ key: path, range });
    const file = request.method === 'GET' ? files.get(path) : undefined;
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'application/xml' }).end(error('NoSuchKey'));
      return;
    }
    const [, last] = /^bytes=0-(\d+)$/.exec(range ?? '') ?? [];
    if (last === undefined) {
      response.writeHead(200, { 'content-length': file.length }).end(file);
      return;
    }
    if (file.length === 0) {
      response.writeHead(416, { 'content-type': 'application/xml' }).end(error('InvalidRange'));
      return;
    }
    const part = file.subarray(0, Number(last) + 1);
    response
      .writeHead(206, {
        'content-length': part.length,
        'content-range': `bytes 0-${part.length - 1}/${file.length}`,
      })
      .end(part);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    files,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
