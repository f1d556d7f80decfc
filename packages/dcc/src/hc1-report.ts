import type { DccPayload } from './dcc-types.js';
import type { Hc1ErrorCode } from './hc1-error.js';
import type { Hc1Verification } from './verify.js';

/** The checks of an HC1, in the order {@link verifyHc1} makes them. */
export const HC1_CHECKS = ['structure', 'dsc', 'signature', 'dates'] as const;

/** One check of an HC1 verification. */
export type Hc1Check = (typeof HC1_CHECKS)[number];

/** The check each error code belongs to: the layers of the text, finding the DSC, the signature, the times. */
const CHECK_OF: Readonly<Record<Hc1ErrorCode, Hc1Check>> = {
  bad_prefix: 'structure', bad_base45: 'structure', bad_compression: 'structure', malformed: 'structure',
  invalid_payload: 'structure',
  unknown_kid: 'dsc', dsc_not_valid: 'dsc', dsc_not_allowed: 'dsc',
  unsupported_algorithm: 'signature', key_type_mismatch: 'signature', bad_signature: 'signature',
  outside_dsc_validity: 'dates', expired: 'dates', not_yet_valid: 'dates',
};

/** Failures after which {@link verifyHc1} checks nothing more. */
const STOPPING: readonly Hc1ErrorCode[] = [
  'bad_prefix', 'bad_base45', 'bad_compression', 'malformed', 'unknown_kid', 'unsupported_algorithm', 'key_type_mismatch',
  'bad_signature',
];

/** An HC1 verification in the shape of healthcred's W3C verification (and the VC API): checks passed, errors per check. */
export interface Hc1Report {
  verified: boolean;
  format: 'hc1';
  checks: Hc1Check[];
  warnings: string[];
  errors: { check: Hc1Check; code: Hc1ErrorCode; message: string }[];
  dcc?: DccPayload;
  kid?: string;
  issuerCountry?: string;
  expiresAt?: string;
}

/** Reports a {@link verifyHc1} result as checks passed and errors naming their check. Pure. */
export function reportHc1Verification(verification: Hc1Verification): Hc1Report {
  const errors = verification.errors.map((error) => ({ check: CHECK_OF[error.code], ...error }));
  const stop = errors.find((error) => STOPPING.includes(error.code));
  const checks = stop ? HC1_CHECKS.slice(0, HC1_CHECKS.indexOf(stop.check))
    : HC1_CHECKS.filter((check) => !errors.some((error) => error.check === check));
  return {
    verified: verification.verified, format: 'hc1', checks, warnings: [], errors,
    ...(verification.payload ? { dcc: verification.payload } : {}), ...(verification.kid ? { kid: verification.kid } : {}),
    ...(verification.issuerCountry ? { issuerCountry: verification.issuerCountry } : {}),
    ...(verification.expiresAt ? { expiresAt: verification.expiresAt.toISOString() } : {}),
  };
}
