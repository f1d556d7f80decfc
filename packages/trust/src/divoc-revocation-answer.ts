import type { DivocRevocationState } from '@healthcred/types';

/**
 * The answer of healthcred's DIVOC revocation route. DIVOC's apps read only the status: `200` revoked (a suspended
 * certificate included, since they know no other state), `404` not revoked. The body also tells a suspended
 * certificate from a revoked one, for healthcred's own verifiers ({@link divocRevocationStateOf}).
 */
export interface DivocRevocationAnswer {
  status: 200 | 404;
  body: { revoked: boolean; suspended: boolean };
}

/** The answer of the DIVOC revocation route for a certificate in `state` (see {@link DivocRevocationAnswer}). */
export function divocRevocationAnswer(state: DivocRevocationState): DivocRevocationAnswer {
  return { status: state === 'valid' ? 404 : 200, body: { revoked: state !== 'valid', suspended: state === 'suspended' } };
}

/**
 * The revocation state a DIVOC revocation route's answer gives: `valid` for 404, `revoked` for 200 (DIVOC's own
 * routes' answer), `suspended` for 200 with healthcred's `{suspended: true}` body; undefined for any other status.
 * `body` is the answer's parsed JSON, or undefined when it had none or it was no JSON.
 */
export function divocRevocationStateOf(status: number, body: unknown): DivocRevocationState | undefined {
  if (status === 404) return 'valid';
  if (status !== 200) return undefined;
  const suspended = typeof body === 'object' && body !== null && (body as { suspended?: unknown }).suspended === true;
  return suspended ? 'suspended' : 'revoked';
}
