import type { ErrorRequestHandler, RequestHandler } from 'express';
import { toPublicError, type ErrorCode } from '@healthcred/errors';
import type { Logger } from '@healthcred/runtime';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400, unknown_document: 400, unknown_term: 400, key_error: 500, signing_failed: 500,
  not_found: 404, conflict: 409, unauthorized: 401, rate_limited: 429, internal: 500,
};

/** Errors raised by express's body parser, which carry their own status and type. */
interface BodyParserError { status?: number; type?: string }

function bodyParserMessage(error: BodyParserError): string | undefined {
  switch (error.type) {
    case 'entity.parse.failed': return 'The body is not valid JSON.';
    case 'entity.too.large': return 'The body is too large.';
    case 'encoding.unsupported': case 'charset.unsupported': return 'The body must be UTF-8 JSON.';
    default: return undefined;
  }
}

/**
 * The one place an error becomes an HTTP answer: `{error: {code, message}}` with the status its code maps to.
 * Nothing else (stacks, causes, lower-level messages) reaches the client; unexpected errors are logged.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    const parser = bodyParserMessage(error as BodyParserError);
    if (parser !== undefined) {
      response.status((error as BodyParserError).status ?? 400).json({ error: { code: 'invalid_input', message: parser } });
      return;
    }
    const body = toPublicError(error);
    if (body.code === 'internal') logger.error({ err: error }, 'request failed');
    const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
    if (typeof retryAfter === 'number') response.set('Retry-After', String(retryAfter));
    const status = (error as { status?: unknown }).status;
    response.status(typeof status === 'number' && body.code === 'invalid_input' ? status : STATUS[body.code]).json({ error: body });
  };
}

/** 404 for every path no route answered. */
export const notFound: RequestHandler = (request, response) => {
  response.status(404).json({ error: { code: 'not_found', message: `No such endpoint: ${request.method} ${request.path}` } });
};
