import { HealthcredError } from '@healthcred/errors';
import type { DivocRevocationState } from '@healthcred/types';
import { divocRevocationStateOf } from './divoc-revocation-answer.js';

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

/** A revocation answer's body is a few bytes; beyond this it is not read (and then says revoked, not suspended). */
const BODY_LIMIT_BYTES = 1024;

/** The JSON of a 200 answer's body, undefined when there is none, it is too long or it is no JSON. */
async function answerBody(body: ReadableStream<Uint8Array> | null): Promise<unknown> {
  if (body === null) return undefined;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    length += read.value.length;
    if (length > BODY_LIMIT_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(read.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Asks DIVOC revocation routes, as DIVOC's verifier apps do (`POST /divoc/api/v1/certificate/revoked` of the
 * issuer): the certificate as the JSON body; 404 means not revoked, 200 revoked, or suspended when the body is
 * healthcred's `{suspended: true}` (`divocRevocationStateOf`). Any other status, a redirect, a timeout or a network
 * failure throws, and the verifier reports revocation as not checkable. Only a 200 answer's body is read, its first
 * kilobyte at most. The URL comes from the issuer's trust entry, never from the certificate.
 *
 * @throws HealthcredError `unavailable` (from the returned function) naming the status or the failure.
 */
export function createDivocRevocationChecker(options: DivocRevocationCheckerOptions) {
  const timeoutMs = options.timeoutMs ?? 5000;
  return async (certificate: object, url: string): Promise<DivocRevocationState> => {
    let status: number;
    let body: unknown;
    try {
      const response = await options.fetch(url, {
        method: 'POST', body: JSON.stringify(certificate), signal: AbortSignal.timeout(timeoutMs), redirect: 'error',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      });
      status = response.status;
      if (status === 200) body = await answerBody(response.body);
      else await response.body?.cancel().catch(() => undefined);
    } catch (cause) {
      throw new HealthcredError('unavailable', `The DIVOC revocation service ${url} did not answer: ${(cause as Error).message}.`, { cause });
    }
    const state = divocRevocationStateOf(status, body);
    if (state !== undefined) return state;
    throw new HealthcredError('unavailable', `The DIVOC revocation service ${url} answered ${status}, neither 404 (valid) nor 200 (revoked).`);
  };
}
