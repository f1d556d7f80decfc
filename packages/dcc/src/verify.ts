import { X509Certificate } from 'node:crypto';
import { COSE_ALGORITHMS, verifyCoseSignature, type CoseSign1, type DccAlgorithm } from './cose.js';
import type { DccPayload } from './dcc-types.js';
import { algorithmForKey, describeKey, dscKid } from './dsc.js';
import { claimChecks } from './hc1-checks.js';
import type { Hc1Error, Hc1ErrorCode } from './hc1-error.js';
import { readHc1 } from './hc1.js';
import type { TrustList } from './trust-list.js';

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

const KEY_FOR: Readonly<Record<DccAlgorithm, string>> = { ES256: 'EC P-256', PS256: 'RSA of 2048 bits or more' };

/**
 * The DSC with this kid whose key verifies the signature (hcert 3.3.3: every DSC with the kid is tried), else why
 * none does: `key_type_mismatch` when no candidate's key can make the header's algorithm at all.
 */
function findSigner(cose: CoseSign1 & { algorithm: DccAlgorithm }, kid: string, trustList: TrustList): X509Certificate | Hc1Error {
  const mismatched: string[] = [];
  let tried = false;
  for (const entry of trustList.filter((item) => item.kid === kid)) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(entry.rawData, 'base64'));
    } catch {
      continue;
    }
    if (Buffer.from(dscKid(certificate.raw)).toString('base64') !== kid) continue;
    if (algorithmForKey(certificate.publicKey) !== cose.algorithm) {
      mismatched.push(describeKey(certificate.publicKey));
      continue;
    }
    tried = true;
    if (verifyCoseSignature(cose, certificate.publicKey)) return certificate;
  }
  if (!tried && mismatched.length > 0) {
    return { code: 'key_type_mismatch', message: `The DSC ${kid} has an ${mismatched.join(' / ')} key, which cannot verify `
      + `${cose.algorithm} (it needs ${KEY_FOR[cose.algorithm]}).` };
  }
  return { code: 'bad_signature', message: `The signature does not verify with the DSC ${kid}.` };
}

function unsupported(algorithmId: unknown): string {
  const allowed = `ES256 (${COSE_ALGORITHMS.ES256}) or PS256 (${COSE_ALGORITHMS.PS256})`;
  return algorithmId === undefined
    ? `The protected header names no signature algorithm; it must name ${allowed} there, where the signature covers it.`
    : `The HC1 is signed with COSE algorithm ${JSON.stringify(algorithmId)}, not ${allowed}.`;
}

/**
 * Verifies an HC1 against a trust list: decodes it layer by layer (`bad_prefix`, `bad_base45`, `bad_compression`,
 * `malformed`), finds the DSC by `kid` (recomputed from each certificate, so a list cannot mislabel one), checks that
 * its key fits the protected header's algorithm (`key_type_mismatch`) and the COSE signature (ES256 or PS256), then
 * the payload's basic shape, the DSC's DCC extended key usage (current and legacy OIDs), the DSC's validity at `now`,
 * the CWT `iat`/`exp` against the DSC's validity, and `exp` and `iat` against `now`.
 * Never throws for a bad HC1: failures are in `errors` (codes: see {@link Hc1ErrorCode}).
 */
export function verifyHc1(options: VerifyHc1Options): Hc1Verification {
  const reading = readHc1(options.hc1);
  if ('error' in reading) return fail({}, reading.code, reading.error.message);
  const { claims, kid, cose } = reading.decoded;
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
  const { algorithm } = cose;
  if (algorithm === undefined) return fail(result, 'unsupported_algorithm', unsupported(cose.algorithmId));
  const signer = findSigner({ ...cose, algorithm }, kid, options.trustList);
  if (!(signer instanceof X509Certificate)) return fail(result, signer.code, signer.message);
  const errors = claimChecks({ claims, certificate: signer, now: options.now, clockSkewSeconds: options.clockSkewSeconds ?? 300 });
  return { ...result, verified: errors.length === 0, errors };
}
