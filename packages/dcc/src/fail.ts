import { HealthcredError } from '@healthcred/errors';

/** An `invalid_input` error naming `field`; the message starts with the field so logs read on their own. */
export function invalidInput(field: string, message: string, cause?: unknown): HealthcredError {
  return new HealthcredError('invalid_input', `${field}: ${message}`, cause === undefined ? { field } : { field, cause });
}
