import { HealthcredError } from '@healthcred/errors';

/** The part of `fetch` the DIVOC revocation check uses (injected: tests and the CLI pass their own). */
export type RevocationFetch = (url: string, init: {
  method: 'POST'; body: string; signal: AbortSignal; redirect: 'error'; headers: Record<string, string>;
}) => Promise<{ status: number; body: ReadableStream<Uint8Array> | null }>;

/** Options of {@link createDivocRevocationChecker}. */
export interface DivocRevocationCheckerOptions {
  fetch: RevocationFetch;
  /** Longest a request may take. Default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Asks DIVOC revocation routes, as DIVOC's verifier apps do (`POST /divoc/api/v1/certificate/revoked` of the
 * issuer): the certificate as the JSON body; 404 means not revoked, 200 revoked. Any other status, a redirect, a
 * timeout or a network failure throws, and the verifier reports revocation as not checkable. The answer's body is
 * not read. The URL comes from the issuer's trust entry, never from the certificate.
 *
 * @throws HealthcredError `unavailable` (from the returned function) naming the status or the failure.
 */
export function createDivocRevocationChecker(options: DivocRevocationCheckerOptions) {
  const timeoutMs = options.timeoutMs ?? 5000;
  return async (certificate: object, url: string): Promise<'valid' | 'revoked'> => {
    let status: number;
    try {
      const response = await options.fetch(url, {
        method: 'POST', body: JSON.stringify(certificate), signal: AbortSignal.timeout(timeoutMs), redirect: 'error',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (cause) {
      throw new HealthcredError('unavailable', `The DIVOC revocation service ${url} did not answer: ${(cause as Error).message}.`, { cause });
    }
    if (status === 404) return 'valid';
    if (status === 200) return 'revoked';
    throw new HealthcredError('unavailable', `The DIVOC revocation service ${url} answered ${status}, neither 404 (valid) nor 200 (revoked).`);
  };
}
