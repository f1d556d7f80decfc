import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { HealthcredError } from '@healthcred/errors';
import type { AttemptCounter } from '@healthcred/store';

const MINUTE_MS = 60_000;

/** The 64-bit network prefix of an IPv6 address (one subscriber gets a whole /64), or undefined when not IPv6. */
function ipv6Prefix64(address: string): string | undefined {
  const ip = address.replace(/%.*$/, '');
  if (isIP(ip) !== 6) return undefined;
  const [head = '', tail] = ip.split('::');
  const groups = (part: string) => part.split(':').filter(Boolean).flatMap((group) =>
    (group.includes('.') ? ['0', '0'] : [group]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

/**
 * The address the limits count a client by: its IPv4 address (also when written IPv4-mapped), or its IPv6 /64, as
 * one subscriber is given a whole /64 and could otherwise rotate through it for unlimited tries.
 */
export function clientAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return ipv6Prefix64(ip) ?? ip;
}

/** A client as the limits see it: a hash of its address (the store never holds the address itself). */
export function clientKey(request: Request): string {
  return createHash('sha256').update(clientAddress(request.ip ?? 'unknown')).digest('base64url').slice(0, 22);
}

/** Limits fail closed: a try that cannot be counted is not answered, so a broken store is no unlimited oracle. */
function uncounted(cause: unknown): HealthcredError {
  return new HealthcredError('unavailable', 'Certificates cannot be looked up right now: wrong tries cannot be counted. Try again later.',
    { cause, retryable: true });
}

function tooMany(retryAfterSeconds: number, what: string): HealthcredError & { retryAfter: number } {
  const error = new HealthcredError('rate_limited', `Too many ${what}. Try again in ${retryAfterSeconds} seconds.`);
  return Object.assign(error, { retryAfter: retryAfterSeconds });
}

/** Seconds until the current one-minute window ends. */
function secondsLeft(now: number): number {
  return Math.max(1, Math.ceil((MINUTE_MS - (now % MINUTE_MS)) / 1000));
}

/**
 * Wrong certificate id / birth date pairs per client and minute, counted in the shared store so the limit holds
 * across API replicas. A client that reached `limit` wrong tries is refused (even with a right pair) until the
 * minute is over: the (limit+1)th try in a minute is refused.
 */
export function citizenTries(store: AttemptCounter, limit: number, now: () => number = Date.now) {
  const window = (client: string) => ({ key: `citizen:${client}`, window: String(Math.floor(now() / MINUTE_MS)) });
  return {
    /**
     * Throws `rate_limited` when the client has no tries left this minute, and `unavailable` (503) when tries cannot
     * be counted now (the store cannot be read or written): nothing is served that a limit could not hold back.
     */
    async check(request: Request): Promise<void> {
      let used: number;
      try {
        await store.ping();
        used = await store.countAttempts(window(clientKey(request)));
      } catch (error) {
        throw uncounted(error);
      }
      if (used >= limit) throw tooMany(secondsLeft(now()), 'wrong tries');
    },
    /** Counts a wrong try of the client. @throws HealthcredError `unavailable` when it cannot be counted. */
    async fail(request: Request): Promise<void> {
      const start = Math.floor(now() / MINUTE_MS) * MINUTE_MS;
      try {
        await store.addAttempt({ ...window(clientKey(request)), expiresAt: new Date(start + 2 * MINUTE_MS) });
      } catch (error) {
        throw uncounted(error);
      }
    },
  };
}

/** Counts per key and minute in this process; the (limit+1)th count of a key in a minute throws `rate_limited`. */
function minuteCounter(limit: number, what: string, now: () => number): (key: string) => void {
  let window = -1;
  let counts = new Map<string, number>();
  return (key) => {
    const current = Math.floor(now() / MINUTE_MS);
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > limit) throw tooMany(secondsLeft(now()), what);
  };
}

/**
 * Requests per client and minute for the public verification endpoints, counted in this process: verification is
 * stateless and must stay fast, so each replica enforces its own share rather than asking the store per request.
 * `countClient(ip)` counts a request of a client address outside express (throws `rate_limited` over the limit).
 */
export function requestsPerMinute(
  limit: number, now: () => number = Date.now,
): RequestHandler & { countClient: (ip: string) => void } {
  const count = minuteCounter(limit, 'verification requests', now);
  // Counted by address, not by its hash: the count never leaves this process's memory (no SHA-256 per request).
  const countClient = (ip: string) => count(clientAddress(ip));
  const handler: RequestHandler = (request, _response, next) => {
    try {
      countClient(request.ip ?? 'unknown');
      next();
    } catch (error) {
      next(error);
    }
  };
  return Object.assign(handler, { countClient });
}

/**
 * Downloads of one certificate per client and minute, counted in this process once the client gave the right
 * birth date (wrong ones are {@link citizenTries}): a right pair alone must not let one client take the server.
 * Returns a check that throws `rate_limited` with Retry-After for the (limit+1)th download in a minute.
 */
export function downloadsPerMinute(limit: number, now: () => number = Date.now): (request: Request, certificateId: string) => void {
  const count = minuteCounter(limit, 'downloads of this certificate', now);
  return (request, certificateId) => count(`${clientAddress(request.ip ?? 'unknown')} ${certificateId}`);
}
