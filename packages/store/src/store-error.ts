import { describeStorageFailure, HealthcredError, isHealthcredError } from '@healthcred/errors';

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT']);
const MONGO_DUPLICATE_KEY = 11000;

function engineCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A TypeError from our own argument checks, not better-sqlite3's "connection is not open" after close(). */
function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError && !/connection is not open/.test(error.message);
}

/** A network or server-selection failure of the MongoDB driver: the next attempt may reach the server. */
function isTransientMongoError(error: unknown): boolean {
  return error instanceof Error && /^Mongo(Network|ServerSelection|NotConnected)/.test(error.name);
}

/** True when `error` is a unique-index violation of SQLite or MongoDB. */
export function isUniqueViolation(error: unknown): boolean {
  const code = engineCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === MONGO_DUPLICATE_KEY;
}

/**
 * Wraps an engine failure into a HealthcredError that names the action, never the data: `conflict` for a
 * unique-index violation; `unavailable` saying what is wrong with the disk (`Could not save the certificate: the disk
 * is full.`; retryable unless the file is corrupt); retryable `internal` when the engine was busy or unreachable;
 * `internal` otherwise. HealthcredErrors and TypeErrors (argument checks) pass through unchanged.
 */
export function toStoreError(error: unknown, action: string, retryableByDefault = false): Error {
  if (isHealthcredError(error) || isArgumentError(error)) {
    return error as Error;
  }
  if (isUniqueViolation(error)) {
    return new HealthcredError('conflict', `Could not ${action}: a unique value is already used.`, { cause: error });
  }
  const storage = describeStorageFailure(error);
  if (storage !== undefined) {
    return new HealthcredError('unavailable', `Could not ${action}: ${storage.problem}.`, { cause: error, retryable: storage.retryable });
  }
  const busy = BUSY.has(String(engineCode(error)));
  return new HealthcredError('internal', `Could not ${action}${busy ? ': the database is busy' : ''}.`, {
    cause: error,
    retryable: busy || retryableByDefault || isTransientMongoError(error),
  });
}

/** Runs `work` and converts what it throws with {@link toStoreError}. */
export async function guard<T>(action: string, work: () => T | Promise<T>, retryableByDefault = false): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error, action, retryableByDefault);
  }
}
