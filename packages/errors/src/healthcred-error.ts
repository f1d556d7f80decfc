/**
 * Every error code healthcred raises. No other package defines codes: add new ones here.
 *
 * - `invalid_input`: a public input (record, HTTP body, message, QR, config) is malformed; `field` names where.
 * - `unknown_document`: the offline document loader was asked for a URL it does not hold.
 * - `unknown_term`: a credential field has no term in its JSON-LD context (safe mode).
 * - `key_error`: an issuer key file or key material is missing, unreadable or malformed.
 * - `signing_failed`: issuance failed for a reason other than the input.
 * - `not_found`: a requested resource does not exist.
 * - `conflict`: the operation conflicts with stored state.
 * - `unauthorized`: the caller did not present a valid credential for a protected operation.
 * - `rate_limited`: the caller sent too many requests or wrong tries; it may try again later.
 * - `unavailable`: the service cannot do the work right now: storage (the disk is full, the file system is read-only,
 *   the database is corrupt or unreachable; the message says which, for the operator) or capacity (every worker busy).
 * - `internal`: a bug or an unexpected failure of a dependency.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_document'
  | 'unknown_term'
  | 'key_error'
  | 'signing_failed'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** Options of {@link HealthcredError}. */
export interface HealthcredErrorOptions {
  /** The lower-level error that caused this one. Never shown to the public. */
  cause?: unknown;
  /** Whether trying the same operation again later may succeed (a transient failure). Default false. */
  retryable?: boolean;
  /** Dotted path of the offending input field, e.g. `recipient.dob`. */
  field?: string;
}

/**
 * A domain failure with a stable machine-readable {@link ErrorCode}.
 *
 * The message is written for the person who has to act on it: it says what is wrong and where, and it never
 * contains key material. Messages may name input fields but must not echo personal data.
 */
export class HealthcredError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: HealthcredErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HealthcredError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.field = options.field;
  }
}

/** True when `error` is a {@link HealthcredError} (also across duplicated module copies). */
export function isHealthcredError(error: unknown): error is HealthcredError {
  return error instanceof HealthcredError ||
    (error instanceof Error && error.name === 'HealthcredError' && typeof (error as { code?: unknown }).code === 'string');
}

/** The shape of an error shown to the public: a code and a message, never a stack or a cause. */
export interface PublicError {
  code: ErrorCode;
  message: string;
  field?: string;
}

/**
 * Converts any thrown value to a {@link PublicError}. Unknown errors become `internal` with a generic message,
 * so nothing from a lower layer (paths, stack traces, key material) leaks out.
 */
export function toPublicError(error: unknown): PublicError {
  if (isHealthcredError(error)) {
    return error.field === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, field: error.field };
  }
  return { code: 'internal', message: 'An internal error occurred.' };
}
