import type { ErrorRequestHandler } from 'express';
import { HealthcredError, toPublicError } from '@healthcred/errors';

/** An error answered 503 with Retry-After: the capacity for some work is taken, not the caller's fault. */
export type BusyError = HealthcredError & { retryAfter: number; status: 503 };

/** A {@link BusyError}: `unavailable`, answered 503 as RFC 9110 has it for a server that is temporarily overloaded. */
export function serverBusy(message: string, retryAfterSeconds: number): BusyError {
  return Object.assign(new HealthcredError('unavailable', message, { retryable: true }), {
    retryAfter: retryAfterSeconds, status: 503 as const,
  });
}

/** Answers a {@link BusyError} 503 with Retry-After and `{error: {code, message}}`; passes every other error on. */
export const busyAnswer: ErrorRequestHandler = (error, _request, response, next) => {
  if (!(error instanceof HealthcredError) || (error as Partial<BusyError>).status !== 503) return next(error);
  response.status(503).set('Retry-After', String((error as BusyError).retryAfter)).json({ error: toPublicError(error) });
};
