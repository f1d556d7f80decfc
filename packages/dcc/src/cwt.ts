import { decodeCbor, encodeCbor, toPlainJson } from './cbor.js';
import type { DccPayload } from './dcc-types.js';
import { invalidInput } from './fail.js';

/** CWT claim keys (RFC 8392) and the EU `hcert` claim. */
const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_HCERT = -260;
const HCERT_EU_DCC_V1 = 1;

/** The claims of an HC1 CWT. Times are seconds since the epoch. */
export interface DccClaims {
  /** Issuing country (ISO 3166-1 alpha-2). */
  iss?: string;
  iat?: number;
  exp?: number;
  /** The DCC payload, `hcert` (-260) → 1. Not checked against the schema here. */
  dcc: DccPayload;
}

/** Encodes the CWT claims map: {1: iss, 6: iat, 4: exp, -260: {1: dcc}}. */
export function encodeDccClaims(claims: Required<DccClaims>): Uint8Array {
  return encodeCbor(new Map<number, unknown>([
    [CLAIM_ISS, claims.iss], [CLAIM_IAT, claims.iat], [CLAIM_EXP, claims.exp],
    [CLAIM_HCERT, new Map([[HCERT_EU_DCC_V1, claims.dcc]])],
  ]));
}

function optional<T>(claims: Map<unknown, unknown>, key: number, type: 'string' | 'number', name: string): T | undefined {
  const value = claims.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== type) throw invalidInput('hc1', `has a CWT claim ${name} that is not a ${type}.`);
  return value as T;
}

/**
 * Reads the CWT claims of an HC1 payload.
 * @throws HealthcredError `invalid_input` (field `hc1`) when the payload is not a CWT map with an EU DCC.
 */
export function decodeDccClaims(payload: Uint8Array): DccClaims {
  let claims: unknown;
  try {
    claims = decodeCbor(payload);
  } catch (cause) {
    throw invalidInput('hc1', 'has a payload that is not valid CBOR.', cause);
  }
  if (!(claims instanceof Map)) throw invalidInput('hc1', 'has a payload that is not a CWT claims map.');
  const hcert = claims.get(CLAIM_HCERT);
  const dcc: unknown = hcert instanceof Map ? hcert.get(HCERT_EU_DCC_V1) : undefined;
  if (!(dcc instanceof Map)) throw invalidInput('hc1', 'has no EU DCC (claim -260 → 1 must be a CBOR map).');
  const iss = optional<string>(claims, CLAIM_ISS, 'string', 'iss');
  const iat = optional<number>(claims, CLAIM_IAT, 'number', 'iat');
  const exp = optional<number>(claims, CLAIM_EXP, 'number', 'exp');
  return {
    dcc: toPlainJson(dcc) as DccPayload,
    ...(iss === undefined ? {} : { iss }), ...(iat === undefined ? {} : { iat }), ...(exp === undefined ? {} : { exp }),
  };
}
