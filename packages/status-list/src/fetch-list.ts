import { HealthcredError } from '@healthcred/errors';
import { parseStrictJson, readBoundedText } from '@healthcred/validation';

/** Options of {@link fetchStatusList}. */
export interface FetchStatusListOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default 10 s. */
  timeoutMs?: number;
  /** Default 2 MB (a 131,072-bit list is about 1 KB compressed; a list of any size is far below this). */
  maxBytes?: number;
}

/**
 * Fetches a status list credential over HTTP(S) as untrusted JSON (read with the strict reader); check its proof
 * before reading its bits (see `createStatusListChecker`). Works in Node and in browsers.
 *
 * @throws HealthcredError `invalid_input` for a URL that is not http(s), a body too large or not JSON;
 *   `not_found` (retryable) when the server answers other than 200; the fetch's own error on a timeout.
 */
export async function fetchStatusList(url: string, options: FetchStatusListOptions = {}): Promise<unknown> {
  if (!/^https?:\/\//.test(url)) throw new HealthcredError('invalid_input', `The status list URL ${url} is not http(s).`);
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const response = await (options.fetch ?? fetch)(url, {
    headers: { Accept: 'application/vc+ld+json, application/json' }, redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new HealthcredError('not_found', `${url} answered ${response.status}.`, { retryable: true });
  const tooLarge = () => new HealthcredError('invalid_input', `${url} is larger than a status list can be.`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  if (response.body === null) throw new HealthcredError('invalid_input', `${url} answered without a body.`);
  return parseStrictJson(await readBoundedText(response.body, maxBytes, tooLarge), url);
}
