import { HealthcredError, isHealthcredError, type ErrorCode } from './healthcred-error.js';

/**
 * An error as it crosses between threads (a structured clone keeps no class): a `HealthcredError`'s code, message,
 * field and retryability, or any other error's name and message.
 */
export type ThreadError = { code: ErrorCode; message: string; field?: string; retryable: boolean } | { name: string; message: string };

/** `error` as a thread sends it to another (see {@link errorFromThread}). */
export function threadErrorOf(error: unknown): ThreadError {
  if (isHealthcredError(error)) {
    return { code: error.code, message: error.message, retryable: error.retryable, ...(error.field === undefined ? {} : { field: error.field }) };
  }
  return { name: (error as Error)?.name ?? 'unknown', message: String((error as Error)?.message ?? error) };
}

/** The error another thread sent with {@link threadErrorOf}: a `HealthcredError` again when it was one. */
export function errorFromThread(reply: ThreadError): Error {
  if ('code' in reply) {
    return new HealthcredError(reply.code, reply.message, { retryable: reply.retryable, ...(reply.field === undefined ? {} : { field: reply.field }) });
  }
  const error = new Error(reply.message);
  error.name = reply.name;
  return error;
}
