import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Requires `Authorization: Bearer <token>` (or DHIS2's `ApiToken <token>`) equal to `token`, compared in constant
 * time. Without a configured token the endpoint is refused outright: it is never open by default.
 */
export function requireToken(token: string | undefined, what: string): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (request, response, next) => {
    const match = /^(?:Bearer|ApiToken)\s+(\S+)$/i.exec(request.get('authorization') ?? '');
    if (expected && match && timingSafeEqual(digest(match[1]!), expected)) {
      next();
      return;
    }
    const message = expected ? `The ${what} needs a valid token (Authorization: Bearer <token>).`
      : `The ${what} is disabled: no token is configured.`;
    response.status(401).set('WWW-Authenticate', 'Bearer').json({ error: { code: 'unauthorized', message } });
  };
}
