/**
 * Why an HC1 failed verification, in the order {@link verifyHc1} checks:
 * - `bad_prefix`: the text does not start with the context identifier `HC1:`;
 * - `bad_base45`: the rest is not Base45;
 * - `bad_compression`: the bytes are not ZLIB data (hcert 4.2.1 requires it), are broken or inflate too far;
 * - `malformed`: too long, or not a COSE_Sign1 CWT holding an EU DCC (claim -260 → 1);
 * - `invalid_payload`: the DCC lacks `ver`, `nam.fnt` or `dob`, or has not exactly one of `v`, `t`, `r`;
 * - `unknown_kid`: no DSC in the trust list has the key id;
 * - `unsupported_algorithm`: the protected header names no algorithm, or one other than ES256 and PS256;
 * - `key_type_mismatch`: the DSC's key cannot make signatures of the header's algorithm (ES256 needs EC P-256,
 *   PS256 RSA of 2048 bits or more), e.g. a P-384 key under an ES256 header;
 * - `bad_signature`: the signature does not verify with the DSC;
 * - `dsc_not_valid`: the DSC is outside its validity period at the verification time;
 * - `dsc_not_allowed`: the DSC's DCC extended key usages exclude this type of certificate;
 * - `outside_dsc_validity`: the CWT `iat` predates the DSC's notBefore or its `exp` exceeds the DSC's notAfter
 *   (hcert 3.3.5 and 3.3.6 forbid both);
 * - `expired`: no `exp`, or `exp` has passed; `not_yet_valid`: `iat` is in the future.
 */
export type Hc1ErrorCode =
  | 'bad_prefix' | 'bad_base45' | 'bad_compression' | 'malformed' | 'invalid_payload'
  | 'unknown_kid' | 'unsupported_algorithm' | 'key_type_mismatch' | 'bad_signature'
  | 'dsc_not_valid' | 'dsc_not_allowed' | 'outside_dsc_validity' | 'expired' | 'not_yet_valid';

/** One reason an HC1 is not valid. Messages contain no personal data. */
export interface Hc1Error {
  code: Hc1ErrorCode;
  message: string;
}
