import type { VerificationResult } from '@healthcred/types';

/** A verification by the issuer's server, or why there is none: it cannot be reached, or gave no verification. */
export type OnlineOutcome = { result: VerificationResult } | { failure: 'offline' | 'unexpected' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The verification in an answer of `POST /credentials/verify` (200 verified, 400 not verified), else undefined. Pure. */
export function readVerificationResult(body: unknown): VerificationResult | undefined {
  if (!isObject(body) || typeof body.verified !== 'boolean') return undefined;
  if (!Array.isArray(body.checks) || !Array.isArray(body.errors) || !Array.isArray(body.warnings)) return undefined;
  if (![...body.errors, ...body.warnings].every((item) => isObject(item) && typeof item.code === 'string')) return undefined;
  if (body.verified !== (body.errors.length === 0)) return undefined;
  const issuer = body.issuer;
  if (issuer !== undefined && !(isObject(issuer) && typeof issuer.id === 'string' && typeof issuer.trusted === 'boolean')) {
    return undefined;
  }
  return body as unknown as VerificationResult;
}

/**
 * Verifies a credential with the issuer's server (`POST /credentials/verify`). A failed verification is answered
 * 400 with the verification as its body (VC API) and is a result like any other; a malformed request (400 `{error}`),
 * a rate limit or a server error is `unexpected`. Never throws.
 */
export async function verifyCredentialOnline(credential: unknown): Promise<OnlineOutcome> {
  let response: Response;
  try {
    response = await fetch('/credentials/verify', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }),
    });
  } catch {
    return { failure: 'offline' };
  }
  const answered = response.status === 200 || response.status === 400;
  const result = answered ? readVerificationResult(await response.json().catch(() => undefined)) : undefined;
  return result ? { result } : { failure: 'unexpected' };
}
