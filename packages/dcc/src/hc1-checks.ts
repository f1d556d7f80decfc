import type { X509Certificate } from 'node:crypto';
import type { DccClaims } from './cwt.js';
import type { DccPayload } from './dcc-types.js';
import type { Hc1Error } from './hc1-error.js';
import { dscAllows, type DccCertificateType } from './key-usage.js';

/** What the checks after the signature need. */
export interface ClaimCheckContext {
  claims: DccClaims;
  /** The DSC whose key verified the signature. */
  certificate: X509Certificate;
  now: Date;
  clockSkewSeconds: number;
}

function certificateType(payload: DccPayload): DccCertificateType | undefined {
  const groups = (['v', 't', 'r'] as const).filter((key) => Array.isArray((payload as Record<string, unknown>)[key]));
  if (groups.length !== 1) return undefined;
  return groups[0] === 'v' ? 'vaccination' : groups[0] === 't' ? 'test' : 'recovery';
}

function usageChecks({ claims: { dcc }, certificate }: ClaimCheckContext): Hc1Error[] {
  const type = certificateType(dcc);
  const nam = (dcc as { nam?: { fnt?: unknown } }).nam;
  if (type === undefined || typeof dcc.ver !== 'string' || typeof nam?.fnt !== 'string' || typeof dcc.dob !== 'string') {
    return [{ code: 'invalid_payload', message: 'The DCC lacks ver, nam.fnt or dob, or has not exactly one of v, t, r.' }];
  }
  return dscAllows(certificate, type) ? [] : [{ code: 'dsc_not_allowed', message: `The signing DSC may not sign ${type} certificates.` }];
}

/**
 * The time checks (hcert 3.3.5, 3.3.6): the DSC valid at `now`, the CWT's `iat` not before the DSC's notBefore and
 * its `exp` not after the DSC's notAfter, `exp` present and not passed, `iat` not in the future (with skew).
 */
function dateChecks({ claims, certificate, now, clockSkewSeconds }: ClaimCheckContext): Hc1Error[] {
  const errors: Hc1Error[] = [];
  const at = now.getTime() / 1000;
  const notBefore = new Date(certificate.validFrom).getTime() / 1000;
  const notAfter = new Date(certificate.validTo).getTime() / 1000;
  if (at < notBefore || at > notAfter) {
    errors.push({ code: 'dsc_not_valid', message: 'The signing DSC is outside its validity period.' });
  }
  if (claims.iat !== undefined && claims.iat < notBefore) {
    errors.push({ code: 'outside_dsc_validity', message: 'The DCC was issued (iat) before its DSC became valid.' });
  }
  if (claims.exp !== undefined && claims.exp > notAfter) {
    errors.push({ code: 'outside_dsc_validity', message: 'The DCC expires (exp) after its DSC does.' });
  }
  if (claims.exp === undefined || claims.exp < at) {
    errors.push({ code: 'expired', message: claims.exp === undefined ? 'The DCC has no expiry (exp).' : 'The DCC has expired.' });
  }
  if (claims.iat !== undefined && claims.iat > at + clockSkewSeconds) {
    errors.push({ code: 'not_yet_valid', message: 'The DCC was issued in the future (iat).' });
  }
  return errors;
}

/** The checks {@link verifyHc1} makes once the signature verified: payload shape, key usage, then the times. */
export function claimChecks(context: ClaimCheckContext): Hc1Error[] {
  return [...usageChecks(context), ...dateChecks(context)];
}
