import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Requires `Authorization: Bearer <token>` (or DHIS2's `ApiToken <token>`) to be one of `tokens` (token → who it
 * is), compared in constant time; sets `response.locals.actor` to who. With no tokens configured the endpoint is
 * refused outright: it is never open by default.
 */
export function requireToken(tokens: ReadonlyMap<string, string> | string | undefined, what: string): RequestHandler {
  const named = typeof tokens === 'string' ? new Map([[tokens, what]]) : tokens ?? new Map<string, string>();
  const expected = [...named].map(([token, actor]) => ({ hash: digest(token), actor }));
  return (request, response, next) => {
    const match = /^(?:Bearer|ApiToken)\s+(\S+)$/i.exec(request.get('authorization') ?? '');
    const presented = match ? digest(match[1]!) : undefined;
    let actor: string | undefined;
    for (const candidate of expected) {
      if (presented && timingSafeEqual(presented, candidate.hash)) actor = candidate.actor;
    }
    if (actor !== undefined) {
      response.locals.actor = actor;
      next();
      return;
    }
    const message = expected.length > 0 ? `The ${what} needs a valid token (Authorization: Bearer <token>).`
      : `The ${what} is disabled: no token is configured.`;
    response.status(401).set('WWW-Authenticate', 'Bearer').json({ error: { code: 'unauthorized', message } });
  };
}
