import { backoffDelay, HealthcredError } from '@healthcred/errors';
import { readBoundedText } from '@healthcred/validation';

/** How to sign in: a personal access token (`Authorization: ApiToken …`) or a user name and password (Basic). */
export type Dhis2Credentials = { token: string } | { username: string; password: string };

/** Options of {@link Dhis2Http}. */
export interface Dhis2HttpOptions {
  /** Base URL of the instance, without `/api`. */
  url: string;
  auth: Dhis2Credentials;
  /** Milliseconds one request may take. Default 30,000. */
  timeoutMs?: number;
  /** Attempts per request on 5xx, 429, timeouts and network errors. Default 5. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt, capped at 30 s. Default 500 ms. */
  retryBaseMs?: number;
  /** The largest body read, in bytes. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Told of every retry (for a log line); never given the credentials. */
  onRetry?: (info: { where: string; attempt: number; delayMs: number; reason: string }) => void;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A failure worth another attempt (5xx, 429, timeout, network), with the words for the final error. */
class Transient extends Error {}

/** The `Authorization` header value that signs in to DHIS2 with `auth`. */
export function dhis2Authorization(auth: Dhis2Credentials): string {
  return 'token' in auth ? `ApiToken ${auth.token}`
    : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? `: ${body.message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

/**
 * GET requests to one DHIS2 instance: signs them in, bounds each by a timeout, retries 5xx, 429, timeouts and
 * network errors with exponential backoff, and turns every other failure into one clear error that names the
 * request (never the credentials).
 */
export class Dhis2Http {
  readonly url: string;
  readonly #options: Dhis2HttpOptions;
  readonly #authorization: string;

  constructor(options: Dhis2HttpOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#options = options;
    this.#authorization = dhis2Authorization(options.auth);
  }

  /**
   * GETs `/api/<path>` with `query` and returns the parsed JSON body.
   * @throws HealthcredError `unauthorized` on 401 (the credentials) and 403 (the user's access), at once;
   *   `unavailable` (retryable) when the attempts ran out; `not_found` on 404; `invalid_input` for another 4xx or
   *   a body that is not JSON or too large.
   */
  async get(path: string, query: Record<string, string | number> = {}): Promise<unknown> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const where = `GET /api/${path}${search.size > 0 ? `?${search}` : ''}`;
    const maxAttempts = this.#options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(`${this.url}/api/${path}?${search}`, where);
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        if (attempt >= maxAttempts) {
          throw new HealthcredError('unavailable', `DHIS2 at ${this.url} did not answer ${where} after ${attempt} ` +
            `attempt(s): ${error.message}.`, { retryable: true });
        }
        const delayMs = backoffDelay(attempt, { baseMs: this.#options.retryBaseMs ?? 500 });
        this.#options.onRetry?.({ where, attempt, delayMs, reason: error.message });
        await (this.#options.sleep ?? sleepFor)(delayMs);
      }
    }
  }

  async #once(url: string, where: string): Promise<unknown> {
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    let response: Response;
    let text: string;
    try {
      response = await (this.#options.fetch ?? globalThis.fetch)(url, {
        headers: { Authorization: this.#authorization, Accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      text = response.body === null ? '' : await readBoundedText(response.body, this.#options.maxBodyBytes ?? 64 * 1024 * 1024,
        () => new HealthcredError('invalid_input', `DHIS2 answered ${where} with a body over ${this.#options.maxBodyBytes ?? 64 * 1024 * 1024} bytes.`));
    } catch (error) {
      if (error instanceof HealthcredError) throw error;
      const name = (error as Error)?.name;
      throw new Transient(name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms`
        : `the connection failed (${(error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.message})`);
    }
    const { status } = response;
    if (status >= 500 || status === 429) throw new Transient(`it answered ${status}${messageOf(text)}`);
    if (status === 401) {
      throw new HealthcredError('unauthorized', `DHIS2 at ${this.url} refused the credentials (401) for ${where}: check ` +
        'DHIS2_TOKEN (a personal access token, sent as "ApiToken") or DHIS2_USERNAME/DHIS2_PASSWORD.');
    }
    if (status === 403) {
      throw new HealthcredError('unauthorized', `DHIS2 at ${this.url} answered 403 Forbidden for ${where}${messageOf(text)}: ` +
        'the user may not read it (give the user access to the program and its org units).');
    }
    if (status === 404) throw new HealthcredError('not_found', `DHIS2 at ${this.url} has no ${where} (404).`);
    if (status !== 200) throw new HealthcredError('invalid_input', `DHIS2 at ${this.url} refused ${where} with ${status}${messageOf(text)}.`);
    try {
      return JSON.parse(text);
    } catch {
      throw new HealthcredError('invalid_input', `DHIS2 answered ${where} with a body that is not JSON (${text.length} characters).`);
    }
  }
}
