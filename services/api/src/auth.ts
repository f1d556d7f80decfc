import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { LoginGuard } from './login-limit.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Requires `Authorization: Bearer <token>` (or DHIS2's `ApiToken <token>`) to be one of `tokens` (token → who it
 * is), compared in constant time; sets `response.locals.actor` to who. With no tokens configured the endpoint is
 * refused outright: it is never open by default. A presented token is first checked against `guard`'s limit (429
 * for a client that guessed too often), and a wrong one is counted, logged and audited by it (never the token).
 */
export function requireToken(tokens: ReadonlyMap<string, string> | string | undefined, what: string, guard: LoginGuard): RequestHandler {
  const named = typeof tokens === 'string' ? new Map([[tokens, what]]) : tokens ?? new Map<string, string>();
  const expected = [...named].map(([token, actor]) => ({ hash: digest(token), actor }));
  return async (request, response, next) => {
    const header = request.get('authorization');
    if (header !== undefined && expected.length > 0) await guard.check(request);
    const match = /^(?:Bearer|ApiToken)\s+(\S+)$/i.exec(header ?? '');
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
    if (header !== undefined && expected.length > 0) await guard.fail(request, what);
    const message = expected.length > 0 ? `The ${what} needs a valid token (Authorization: Bearer <token>).`
      : `The ${what} is disabled: no token is configured.`;
    response.status(401).set('WWW-Authenticate', 'Bearer').json({ error: { code: 'unauthorized', message } });
  };
}
