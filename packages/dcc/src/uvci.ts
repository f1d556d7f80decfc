import { invalidInput } from './fail.js';

/** Luhn mod N code points of the UVCI: `#` is not one of them, it only separates the check character. */
const CODE_POINTS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:';
const N = CODE_POINTS.length;
const OPAQUE_ID = /^[A-Z0-9]+(?:\/[A-Z0-9]+)*$/;
const UVCI = /^URN:UVCI:01:[A-Z]{2}:[A-Z0-9/:]+#[A-Z0-9/:]$/;
/** The EU DCC schema's limit for `ci`. */
const MAX_UVCI_LENGTH = 80;

function luhnModN(text: string, startFactor: 1 | 2): number {
  let factor = startFactor;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const codePoint = CODE_POINTS.indexOf(text[i]!);
    if (codePoint < 0) throw invalidInput('uvci', `has a character outside the UVCI alphabet ("${text[i]}").`);
    const addend = factor * codePoint;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return sum % N;
}

/**
 * The Luhn mod N check character of a UVCI (without its `#`), over the whole text including `URN:UVCI:`, as the
 * eHealth Network UVCI guidelines (Annex 2) and the eu-dcc-schema FAQ define it
 * (`URN:UVCI:01:NL:187/37512422923` → `Z`).
 * @throws HealthcredError `invalid_input` for characters outside `A-Z 0-9 / :`.
 */
export function uvciCheckCharacter(uvci: string): string {
  return CODE_POINTS[(N - luhnModN(uvci, 2)) % N]!;
}

/** Options of {@link buildUvci}. */
export interface BuildUvciOptions {
  /** ISO 3166-1 alpha-2 country code, e.g. `LK`. */
  country: string;
  /**
   * The issuer's opaque unique identifier: upper-case `A-Z 0-9`, segments separated by `/` (e.g. a certificate id
   * without its hyphens). Never reuse one.
   */
  id: string;
}

/**
 * A UVCI in the eHealth Network format 01 with its checksum: `URN:UVCI:01:<country>:<id>#<check>`.
 * @throws HealthcredError `invalid_input` (field `uvci`) when the country or id is malformed or the result is longer
 *   than the 80 characters the DCC schema allows for `ci`.
 */
export function buildUvci(options: BuildUvciOptions): string {
  if (!/^[A-Z]{2}$/.test(options.country)) throw invalidInput('country', 'must be an ISO 3166-1 alpha-2 code, e.g. LK.');
  if (!OPAQUE_ID.test(options.id)) throw invalidInput('uvci', 'id must be upper-case A-Z and 0-9, segments separated by "/".');
  const body = `URN:UVCI:01:${options.country}:${options.id}`;
  const uvci = `${body}#${uvciCheckCharacter(body)}`;
  if (uvci.length > MAX_UVCI_LENGTH) throw invalidInput('uvci', `is longer than ${MAX_UVCI_LENGTH} characters.`);
  return uvci;
}

/** Whether `uvci` has the format 01 shape and a correct check character. Never throws. */
export function isValidUvci(uvci: string): boolean {
  if (!UVCI.test(uvci) || uvci.length > MAX_UVCI_LENGTH) return false;
  const [body, check] = uvci.split('#') as [string, string];
  return luhnModN(body + check, 1) === 0;
}
