import type { Request } from 'express';
import { HealthcredError } from '@healthcred/errors';
import type { Logger } from '@healthcred/runtime';
import type { AttemptCounter, AuditLog } from '@healthcred/store';
import { clientKey } from './rate-limit.js';

const MINUTE_MS = 60_000;

/** Wrong tokens one client may present per minute; then every token request of it is refused until the minute ends. */
export const LOGIN_FAILURES_PER_MINUTE = 10;

/**
 * Failed logins audited per minute over all clients. Each client's first failure of a minute is audited; past this
 * many, failures are only logged, so a flood from many addresses cannot fill the disk with audit entries.
 */
export const AUDITED_LOGIN_FAILURES_PER_MINUTE = 60;

/** Guards the token-protected endpoints (admin, issue API, DHIS2 webhook) against guessing. */
export interface LoginGuard {
  /** Throws `rate_limited` (with `retryAfter` seconds) when the client presented too many wrong tokens this minute. */
  check(request: Request): Promise<void>;
  /** Counts a wrong token the client presented to `what`, logs it and audits the client's first of the minute. */
  fail(request: Request, what: string): Promise<void>;
}

/** What {@link createLoginGuard} needs. */
export interface LoginGuardDeps {
  /** Counts in the store, so the limit holds across API replicas. */
  store: AttemptCounter & Pick<AuditLog, 'appendAudit'>;
  logger: Logger;
  /** Default {@link LOGIN_FAILURES_PER_MINUTE}. */
  failuresPerMinute?: number;
  now?: () => number;
}

/**
 * Failed logins per client (the hash of its address) and minute, counted in the shared store. The token itself is
 * never counted, logged or audited: only the client, the endpoint, the method and the path. A client that
 * presented `failuresPerMinute` wrong tokens is refused with 429 and `Retry-After` until the minute is over, even
 * with a right token, so guesses stop being checked.
 */
export function createLoginGuard(deps: LoginGuardDeps): LoginGuard {
  const limit = deps.failuresPerMinute ?? LOGIN_FAILURES_PER_MINUTE;
  const now = deps.now ?? Date.now;
  const window = () => String(Math.floor(now() / MINUTE_MS));
  const expiresAt = () => new Date((Math.floor(now() / MINUTE_MS) + 2) * MINUTE_MS);

  return {
    async check(request) {
      if (await deps.store.countAttempts({ key: `login:${clientKey(request)}`, window: window() }) < limit) return;
      const retryAfter = Math.max(1, Math.ceil((MINUTE_MS - (now() % MINUTE_MS)) / 1000));
      throw Object.assign(new HealthcredError('rate_limited',
        `Too many wrong tokens from this client. Try again in ${retryAfter} seconds.`), { retryAfter });
    },

    async fail(request, what) {
      const client = clientKey(request);
      const failures = await deps.store.addAttempt({ key: `login:${client}`, window: window(), expiresAt: expiresAt() });
      const seen = { client, what, method: request.method, path: request.originalUrl.split('?')[0]!.slice(0, 200), failures };
      deps.logger.warn(seen, failures >= limit ? 'wrong token: client refused for the rest of the minute' : 'wrong token');
      if (failures !== 1) return;
      const audited = await deps.store.addAttempt({ key: 'login-audit', window: window(), expiresAt: expiresAt() });
      if (audited > AUDITED_LOGIN_FAILURES_PER_MINUTE) {
        deps.logger.warn({ client, what }, 'wrong token not audited: the audit log takes no more failed logins this minute');
        return;
      }
      await deps.store.appendAudit({
        at: new Date(now()).toISOString(), actor: 'unauthenticated', action: 'auth.failure', target: what,
        reason: 'a wrong token was presented (further ones from this client this minute are only logged)',
        details: { client, method: seen.method, path: seen.path, limitPerMinute: String(limit) },
      });
    },
  };
}
