import type { Request } from 'express';
import { HealthcredError } from '@healthcred/errors';

/** The `reason` an admin change must give (3 to 500 characters), for the audit log. */
export function reasonOf(request: Request): string {
  const reason = (request.body as { reason?: unknown } | undefined)?.reason;
  if (typeof reason !== 'string' || reason.trim().length < 3 || reason.length > 500) {
    throw new HealthcredError('invalid_input', 'Give a reason: {"reason": "..."} (3 to 500 characters).', { field: 'reason' });
  }
  return reason.trim();
}
