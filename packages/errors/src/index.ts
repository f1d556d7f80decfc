export { HealthcredError, isHealthcredError, toPublicError } from './healthcred-error.js';
export type { ErrorCode, HealthcredErrorOptions, PublicError } from './healthcred-error.js';
export { describeStorageFailure } from './storage-failure.js';
export type { StorageFailure } from './storage-failure.js';
export { backoffDelay } from './backoff.js';
export { errorFromThread, threadErrorOf } from './thread-error.js';
export type { ThreadError } from './thread-error.js';
