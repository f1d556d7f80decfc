import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { unsafeJsonResult } from '@healthcred/credentials';
import type { VerificationResult } from '@healthcred/types';
import { isUnsafeJsonError } from '@healthcred/validation';
import type { ErrorAnswer } from './error-middleware.js';
import { parseStrictBody } from './json-body.js';

const PATH = '/credentials/verify';
/** The content types the fast path reads itself; express reads every other (and refuses what it must). */
const PLAIN_JSON = /^application\/json *(?:; *charset=(?:utf-8|"utf-8") *)?$/i;
const CONTENT_LENGTH = /^[1-9][0-9]{0,8}$/;
const EMPTY_ETAG = 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';

/** What the fast route answers with: the same parts the express route is made of. */
export interface FastVerifyDeps {
  /** The headers every answer of the route starts with (security, content security policy, CORS), name then value. */
  headers: () => readonly string[];
  /** The client address the rate limit counts, as express's `request.ip` gives it (its `trust proxy` setting). */
  clientIp: (request: IncomingMessage) => string;
  /** Counts a request of a client address; throws `rate_limited` over the limit. */
  countClient: (ip: string) => void;
  limitBytes: number;
  verifyRequest: (body: unknown) => Promise<VerificationResult>;
  errorAnswer: (error: unknown, method: string) => ErrorAnswer;
  recordRequest: (method: string, route: string, status: number, seconds: number) => void;
}

/** express's weak ETag (the `etag` package): byte length in hex and the start of the SHA-1 of the body's UTF-8. */
function weakEtag(body: string, length: number): string {
  if (length === 0) return EMPTY_ETAG;
  return `W/"${length.toString(16)}-${hash('sha1', body, 'base64').slice(0, 27)}"`;
}

/** Whether express would read this request's body as the fast path does: plain UTF-8 JSON of a known length, unencoded. */
function isPlainJsonPost(request: IncomingMessage, limitBytes: number): boolean {
  const { headers } = request;
  const length = headers['content-length'];
  return request.method === 'POST' && request.url === PATH && PLAIN_JSON.test(headers['content-type'] ?? '')
    && length !== undefined && CONTENT_LENGTH.test(length) && Number(length) <= limitBytes
    && headers['transfer-encoding'] === undefined && (headers['content-encoding'] ?? 'identity').toLowerCase() === 'identity';
}

/**
 * `POST /credentials/verify` on the plain Node request, ahead of express, for the requests that make up the load: a
 * plain JSON body of a given length. It answers as the express route does — the same rate limit (counted first),
 * strict parse, checks, verification, error bodies, status codes, headers (ETag included) and request metrics —
 * without the middleware chain, the body parsers and `res.json`. Every other request (another path or method, a
 * preflight, another content type, charset or encoding, no or too large a length) is left to express: returns false.
 */
export function fastVerifyRoute(deps: FastVerifyDeps): (request: IncomingMessage, response: ServerResponse) => boolean {
  const answer = (response: ServerResponse, started: number, status: number, payload: unknown, retryAfter?: number) => {
    // A string body is joined to the head as one chunk of the socket's writev; a Buffer would be copied and sent apart.
    const body = JSON.stringify(payload);
    const length = Buffer.byteLength(body);
    const headers = [...deps.headers()];
    if (retryAfter !== undefined) headers.push('Retry-After', String(retryAfter));
    headers.push('Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(length), 'ETag', weakEtag(body, length));
    response.writeHead(status, headers).end(body);
    deps.recordRequest('POST', PATH, status, (performance.now() - started) / 1000);
  };
  const fail = (response: ServerResponse, started: number, error: unknown) => {
    if (isUnsafeJsonError(error)) return answer(response, started, 400, unsafeJsonResult(error));
    const refused = deps.errorAnswer(error, 'POST');
    answer(response, started, refused.status, refused.body, refused.retryAfter);
  };
  const verify = async (response: ServerResponse, started: number, text: string) => {
    try {
      // express's text parser (iconv-lite) drops a byte order mark.
      const result = await deps.verifyRequest(parseStrictBody(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
      answer(response, started, result.verified ? 200 : 400, result);
    } catch (error) {
      fail(response, started, error);
    }
  };
  return (request, response) => {
    if (!isPlainJsonPost(request, deps.limitBytes)) return false;
    const started = performance.now();
    try {
      deps.countClient(deps.clientIp(request));
    } catch (error) {
      fail(response, started, error);
      return true;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void verify(response, started, (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
    request.on('error', () => fail(response, started, Object.assign(new Error('request aborted'), { status: 400, type: 'request.aborted' })));
    return true;
  };
}
