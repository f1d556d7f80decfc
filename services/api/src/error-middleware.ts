import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isHealthcredError, toPublicError, type ErrorCode } from '@healthcred/errors';
import type { Logger } from '@healthcred/runtime';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400, unknown_document: 400, unknown_term: 400, key_error: 500, signing_failed: 500,
  not_found: 404, conflict: 409, unauthorized: 401, rate_limited: 429, unavailable: 503, internal: 500,
};

/** Errors raised by express's router and body parsers (http-errors), which carry their own status and type. */
interface ParserError { status?: unknown; type?: unknown; code?: unknown }

const PARSER_MESSAGES: Record<string, [number, string]> = {
  'entity.parse.failed': [400, 'The body is not valid JSON.'],
  'entity.too.large': [413, 'The body is too large.'],
  'charset.unsupported': [415, 'The body must be UTF-8 JSON.'],
  'encoding.unsupported': [415, 'The body\'s Content-Encoding must be gzip, deflate, br or none (identity).'],
  'request.size.invalid': [400, 'The body is not as long as its Content-Length says.'],
  'request.aborted': [400, 'The request was aborted before its body arrived.'],
};

/**
 * What a malformed request the router or a body parser refused (a 4xx error of theirs) answers: a status and a
 * message of ours, never theirs (which may quote the input).
 */
function clientError(error: unknown): [number, string] | undefined {
  // The router's decodeURIComponent of a path parameter (`/certificates/%FF`).
  if (error instanceof URIError) return [400, 'The URL path is not valid percent-encoding: each %XX must spell UTF-8 text.'];
  const { status, type, code } = (typeof error === 'object' && error !== null ? error : {}) as ParserError;
  if (isHealthcredError(error) || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (typeof type === 'string' && Object.hasOwn(PARSER_MESSAGES, type)) return PARSER_MESSAGES[type];
  // zlib's Z_DATA_ERROR and kin: `Content-Encoding: gzip` on a body that is not gzip.
  if (typeof code === 'string' && code.startsWith('Z_')) return [400, 'The body is not compressed as its Content-Encoding says.'];
  return [status, 'The request could not be read.'];
}

/** What an error is answered: its status, Retry-After (seconds) if any, and the `{error}` body. */
export interface ErrorAnswer {
  status: number;
  retryAfter?: number;
  body: { error: { code: ErrorCode; message: string } };
}

/**
 * The one place an error becomes an HTTP answer: `{error: {code, message}}` with the status its code maps to.
 * Nothing else (stacks, causes, lower-level messages) reaches the client. A malformed request costs no log line; a
 * storage failure (`unavailable`, 503) one line naming it, without a stack; only unexpected errors are logged whole.
 */
export function errorAnswer(error: unknown, method: string, logger: Logger): ErrorAnswer {
  const refused = clientError(error);
  if (refused !== undefined) return { status: refused[0], body: { error: { code: 'invalid_input', message: refused[1] } } };
  const body = toPublicError(error);
  if (body.code === 'internal') logger.error({ err: error }, 'request failed');
  if (body.code === 'unavailable') logger.error({ method, reason: body.message }, 'request failed: storage unavailable');
  const { retryAfter, status } = error as { retryAfter?: unknown; status?: unknown };
  return {
    status: typeof status === 'number' && body.code === 'invalid_input' ? status : STATUS[body.code],
    ...(typeof retryAfter === 'number' ? { retryAfter } : {}), body: { error: body },
  };
}

/** Answers every error as {@link errorAnswer} says. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const answer = errorAnswer(error, request.method, logger);
    if (answer.retryAfter !== undefined) response.set('Retry-After', String(answer.retryAfter));
    response.status(answer.status).json(answer.body);
  };
}

/** 404 for every path no route answered. */
export const notFound: RequestHandler = (request, response) => {
  response.status(404).json({ error: { code: 'not_found', message: `No such endpoint: ${request.method} ${request.path}` } });
};
