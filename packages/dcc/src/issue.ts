import type { HealthRecord } from '@healthcred/types';
import { HealthcredError } from '@healthcred/errors';
import { buildDccPayload } from './build-payload.js';
import { signCoseSign1 } from './cose.js';
import { encodeDccClaims } from './cwt.js';
import type { DccPayload } from './dcc-types.js';
import type { DccSigner } from './dsc.js';
import { encodeHc1 } from './hc1.js';
import { dscAllows } from './key-usage.js';
import type { DccValueSets } from './value-sets.js';

/** Options of {@link issueDcc}. */
export interface IssueDccOptions {
  record: HealthRecord;
  /** The DSC and its key, see `loadDsc`. */
  signer: DccSigner;
  valueSets: DccValueSets;
  /** ISO 3166-1 alpha-2: `co` of the entry and the CWT `iss`. */
  country: string;
  /** Certificate issuer (`is`), at most 80 characters. */
  issuerName: string;
  /** The UVCI (`ci`), see `buildUvci`. */
  uvci: string;
  /** Signing time (`iat`). */
  now: Date;
  /** Days until the CWT `exp`. Default 365. Shortened to the DSC's notAfter when it expires sooner. */
  validityDays?: number;
}

/** A signed EU DCC. */
export interface IssuedDcc {
  /** `HC1:` + Base45, to put in an alphanumeric QR code. */
  hc1: string;
  payload: DccPayload;
  /** Base64 key id of the DSC. */
  kid: string;
  issuedAt: Date;
  /** The CWT `exp`: `validityDays` after `now`, or the DSC's notAfter when that is sooner. */
  expiresAt: Date;
  /**
   * True when `expiresAt` is the DSC's notAfter, earlier than `validityDays` asked: the hcert specification (3.3.5)
   * forbids an `exp` past the DSC's validity. Tell the holder; a new DSC is due.
   */
  expiryShortened: boolean;
}

const DAY_SECONDS = 86_400;

function checkSigner(signer: DccSigner, kind: HealthRecord['kind'], now: Date): void {
  if (now < new Date(signer.certificate.validFrom) || now >= new Date(signer.certificate.validTo)) {
    throw new HealthcredError('key_error', 'The DSC is not valid at the signing time.');
  }
  if (!dscAllows(signer.certificate, kind === 'vaccination' ? 'vaccination' : 'test')) {
    throw new HealthcredError('key_error', `The DSC's extended key usage does not allow ${kind} certificates.`);
  }
}

/**
 * Issues an EU DCC: builds the payload, wraps it in a CWT (iss, iat, exp, hcert -260 → 1), signs it as
 * COSE_Sign1 with the DSC (kid in the protected header), compresses it and writes it as `HC1:` Base45. The `exp` is
 * never past the DSC's notAfter (hcert 3.3.5): a longer `validityDays` is cut there and `expiryShortened` says so.
 *
 * @throws HealthcredError `invalid_input` from {@link buildDccPayload}; `key_error` when the DSC is outside its
 *   validity at `now` or its DCC extended key usages exclude this kind of certificate.
 */
export function issueDcc(options: IssueDccOptions): IssuedDcc {
  checkSigner(options.signer, options.record.kind, options.now);
  const validityDays = options.validityDays ?? 365;
  if (!(validityDays > 0)) throw new HealthcredError('invalid_input', 'validityDays: must be positive.', { field: 'validityDays' });
  const payload = buildDccPayload({
    record: options.record, country: options.country, issuer: options.issuerName, uvci: options.uvci,
    valueSets: options.valueSets,
  });
  const iat = Math.floor(options.now.getTime() / 1000);
  const dscExpiry = Math.floor(new Date(options.signer.certificate.validTo).getTime() / 1000);
  const requested = iat + Math.round(validityDays * DAY_SECONDS);
  const exp = Math.min(requested, dscExpiry);
  const cose = signCoseSign1({
    payload: encodeDccClaims({ iss: options.country, iat, exp, dcc: payload }),
    kid: options.signer.kid, algorithm: options.signer.algorithm, privateKey: options.signer.privateKey,
  });
  return {
    hc1: encodeHc1(cose), payload, kid: Buffer.from(options.signer.kid).toString('base64'),
    issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000), expiryShortened: exp < requested,
  };
}
