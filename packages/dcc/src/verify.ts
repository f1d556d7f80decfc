import { X509Certificate } from 'node:crypto';
import { verifyCoseSignature, type CoseSign1 } from './cose.js';
import type { DccPayload } from './dcc-types.js';
import { algorithmForKey, dscKid } from './dsc.js';
import { decodeHc1, type DecodedHc1 } from './hc1.js';
import { dscAllows, type DccCertificateType } from './key-usage.js';
import type { TrustList } from './trust-list.js';

/** Why an HC1 failed verification. */
export type Hc1ErrorCode =
  | 'malformed' | 'unknown_kid' | 'unsupported_algorithm' | 'bad_signature'
  | 'dsc_not_valid' | 'dsc_not_allowed' | 'expired' | 'not_yet_valid' | 'invalid_payload';

/** One reason an HC1 is not valid. Messages contain no personal data. */
export interface Hc1Error {
  code: Hc1ErrorCode;
  message: string;
}

/** Options of {@link verifyHc1}. */
export interface VerifyHc1Options {
  /** The scanned text, `HC1:...`. */
  hc1: string;
  /** The DSCs to trust, see `buildTrustList` / `parseTrustList`. */
  trustList: TrustList;
  /** Verification time. */
  now: Date;
  /** Tolerance for an `iat` in the future. Default 300 seconds. */
  clockSkewSeconds?: number;
}

/** The outcome of {@link verifyHc1}. */
export interface Hc1Verification {
  /** True only when `errors` is empty. */
  verified: boolean;
  /** The DCC as decoded; trustworthy only when `verified`. */
  payload?: DccPayload;
  /** Base64 key id from the COSE header. */
  kid?: string;
  /** CWT `iss`. */
  issuerCountry?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  errors: Hc1Error[];
}

function fail(result: Omit<Hc1Verification, 'verified' | 'errors'>, code: Hc1ErrorCode, message: string): Hc1Verification {
  return { ...result, verified: false, errors: [{ code, message }] };
}

function signingCertificate(cose: CoseSign1, kid: string, trustList: TrustList): X509Certificate | undefined {
  for (const entry of trustList.filter((item) => item.kid === kid)) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(entry.rawData, 'base64'));
    } catch {
      continue;
    }
    if (Buffer.from(dscKid(certificate.raw)).toString('base64') !== kid) continue;
    if (algorithmForKey(certificate.publicKey) !== cose.algorithm) continue;
    if (verifyCoseSignature(cose, certificate.publicKey)) return certificate;
  }
  return undefined;
}

function certificateType(payload: DccPayload): DccCertificateType | undefined {
  const groups = (['v', 't', 'r'] as const).filter((key) => Array.isArray((payload as Record<string, unknown>)[key]));
  if (groups.length !== 1) return undefined;
  return groups[0] === 'v' ? 'vaccination' : groups[0] === 't' ? 'test' : 'recovery';
}

function claimChecks(decoded: DecodedHc1, certificate: X509Certificate, options: VerifyHc1Options): Hc1Error[] {
  const errors: Hc1Error[] = [];
  const now = options.now.getTime() / 1000;
  const { claims } = decoded;
  if (options.now < new Date(certificate.validFrom) || options.now > new Date(certificate.validTo)) {
    errors.push({ code: 'dsc_not_valid', message: 'The signing DSC is outside its validity period.' });
  }
  const type = certificateType(claims.dcc);
  const nam = (claims.dcc as { nam?: { fnt?: unknown } }).nam;
  if (type === undefined || typeof claims.dcc.ver !== 'string' || typeof nam?.fnt !== 'string' || typeof claims.dcc.dob !== 'string') {
    errors.push({ code: 'invalid_payload', message: 'The DCC lacks ver, nam.fnt or dob, or has not exactly one of v, t, r.' });
  } else if (!dscAllows(certificate, type)) {
    errors.push({ code: 'dsc_not_allowed', message: `The signing DSC may not sign ${type} certificates.` });
  }
  if (claims.exp === undefined || claims.exp < now) {
    errors.push({ code: 'expired', message: claims.exp === undefined ? 'The DCC has no expiry (exp).' : 'The DCC has expired.' });
  }
  if (claims.iat !== undefined && claims.iat > now + (options.clockSkewSeconds ?? 300)) {
    errors.push({ code: 'not_yet_valid', message: 'The DCC was issued in the future (iat).' });
  }
  return errors;
}

/**
 * Verifies an HC1 against a trust list: decodes it, finds the DSC by `kid` (recomputed from each certificate, so a
 * list cannot mislabel one), checks the COSE signature (ES256 or PS256, matching the DSC's key), then the DSC's
 * validity and DCC extended key usage at `now`, the CWT `exp` and `iat`, and the payload's basic shape.
 * Never throws for a bad HC1: failures are in `errors`.
 */
export function verifyHc1(options: VerifyHc1Options): Hc1Verification {
  let decoded: DecodedHc1;
  try {
    decoded = decodeHc1(options.hc1);
  } catch (error) {
    return fail({}, 'malformed', error instanceof Error ? error.message : 'The HC1 could not be decoded.');
  }
  const { claims, kid } = decoded;
  const result = {
    payload: claims.dcc,
    ...(kid === undefined ? {} : { kid }), ...(claims.iss === undefined ? {} : { issuerCountry: claims.iss }),
    ...(claims.iat === undefined ? {} : { issuedAt: new Date(claims.iat * 1000) }),
    ...(claims.exp === undefined ? {} : { expiresAt: new Date(claims.exp * 1000) }),
  };
  if (kid === undefined) return fail(result, 'unknown_kid', 'The HC1 has no key id (kid).');
  if (!options.trustList.some((entry) => entry.kid === kid)) {
    return fail(result, 'unknown_kid', `No DSC in the trust list has the key id ${kid}.`);
  }
  if (decoded.algorithm === undefined) return fail(result, 'unsupported_algorithm', 'The HC1 is not signed with ES256 or PS256.');
  const certificate = signingCertificate(decoded.cose, kid, options.trustList);
  if (!certificate) return fail(result, 'bad_signature', `The signature does not verify with the DSC ${kid}.`);
  const errors = claimChecks(decoded, certificate, options);
  return { ...result, verified: errors.length === 0, errors };
}
