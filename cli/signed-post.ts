/**
 * A POST signed with AWS Signature Version 4 for API Gateway (service `execute-api`), as the HTTPS
 * ingest endpoint's IAM authorisation requires, with the credentials and region of the default AWS
 * chain (environment, shared config and SSO, instance or container role), as the AWS CLI finds them.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
import { SignatureV4 } from '@smithy/signature-v4';

/** What the endpoint answered. */
interface HttpAnswer {
  status: number;
  body: string;
}

/** Posts a body and reads the answer; rejects when the endpoint cannot be reached or does not answer. */
export type Poster = (body: string) => Promise<HttpAnswer>;

/** The largest answer read: an outcome per event for a batch, with its case problems. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** A request that has had no answer for this long is given up (the endpoint's own limit is 30 s). */
const REQUEST_TIMEOUT_MS = 35_000;

/** Sends `body` with `headers` and reads the answer, over http or https as `url` says. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // A connection of its own, closed after the answer (`agent: false`): nothing is left open.
    const outgoing = request(
      url,
      { method: 'POST', headers, timeout: REQUEST_TIMEOUT_MS, agent: false },
      (answer) => {
        const chunks: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            outgoing.destroy(Object.assign(new Error('the answer is too large'), { code: 'EANSWERSIZE' }));
            return;
          }
          chunks.push(chunk);
        });
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        answer.on('error', reject);
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * A poster to `url` that signs each request for `execute-api` with the default chain's credentials and
 * region (looked up at the first request, then kept). A missing region or credentials rejects with the
 * SDK's error, for the caller to explain.
 */
export function signedPoster(url: URL, contentType: string): Poster {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS),
    credentials: defaultProvider(),
    sha256: Sha256,
  });
  return async (body) => {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port && { port: Number(url.port) }),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        host: url.host,
        'content-type': contentType,
        'content-length': String(Buffer.byteLength(body, 'utf8')),
      },
      body,
    });
    return post(url, signed.headers, body);
  };
}
