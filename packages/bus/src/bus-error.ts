import { describeStorageFailure, HealthcredError, isHealthcredError } from '@healthcred/errors';

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT']);

/** True for our own argument checks; false for better-sqlite3's "connection is not open" after close(). */
function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError && !/connection is not open/.test(error.message);
}

/**
 * Wraps a log failure into a HealthcredError naming the action, never the payload: `unavailable` saying what is wrong
 * with the disk (`Could not publish to the SQLite log: the disk is full.`), else `internal`, retryable when the engine
 * was busy, kafkajs marks it retriable, or `retryableByDefault`. HealthcredErrors and argument TypeErrors pass
 * through unchanged.
 */
export function toBusError(error: unknown, action: string, retryableByDefault = false): Error {
  if (isHealthcredError(error) || isArgumentError(error)) {
    return error as Error;
  }
  const storage = describeStorageFailure(error);
  if (storage !== undefined) {
    return new HealthcredError('unavailable', `Could not ${action}: ${storage.problem}.`, { cause: error, retryable: storage.retryable });
  }
  const details = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; retriable?: unknown };
  const busy = BUSY.has(String(details.code));
  return new HealthcredError('internal', `Could not ${action}${busy ? ': the log is busy' : ''}.`, {
    cause: error,
    retryable: busy || details.retriable === true || retryableByDefault,
  });
}

/** Runs `work` and converts what it throws with {@link toBusError}. */
export async function guard<T>(action: string, work: () => T | Promise<T>, retryableByDefault = false): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toBusError(error, action, retryableByDefault);
  }
}
