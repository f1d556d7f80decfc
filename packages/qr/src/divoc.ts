import { assertCredentialShape } from './credential-json.js';
import { zipCertificate } from './zip.js';

/**
 * How the DIVOC zip is laid out in the QR: `raw` puts the zip's bytes in byte mode; `divoc-utf8` writes them as
 * DIVOC's certificate API did (the zip as a binary string, written as UTF-8, so every byte >= 0x80 becomes two
 * bytes), for deployments whose verifier apps read the QR as text.
 */
export type DivocLayout = 'raw' | 'divoc-utf8';

/** Options of {@link encodeDivocQr}. */
export interface EncodeDivocQrOptions {
  /** Default: {@link defaultDivocLayout} of the credential. */
  layout?: DivocLayout;
}

/** The proof types of DIVOC's own signer: a credential signed with one is of the DIVOC credential profile. */
const DIVOC_PROOF_TYPES: readonly unknown[] = ['RsaSignature2018', 'Ed25519Signature2018'];

/**
 * The layout a credential's QR gets unless told otherwise: DIVOC's own (`divoc-utf8`, what DIVOC's certificate API
 * writes and every DIVOC verifier app reads as text) for a credential of the DIVOC profile, signed
 * `RsaSignature2018` or `Ed25519Signature2018`; `raw` (smaller) for healthcred's own.
 */
export function defaultDivocLayout(credential: unknown): DivocLayout {
  const proof = (credential as { proof?: { type?: unknown } } | null | undefined)?.proof;
  return DIVOC_PROOF_TYPES.includes(proof?.type) ? 'divoc-utf8' : 'raw';
}

/** The bytes of `bytes` read as a Latin-1 (binary) string and written as UTF-8. */
export function wrapUtf8(bytes: Uint8Array): Uint8Array {
  return new TextEncoder().encode(String.fromCharCode(...bytes));
}

/**
 * Encodes a signed credential as a DIVOC QR payload: its JSON (as `JSON.stringify` writes it) zipped (DEFLATE)
 * as the single entry `certificate.json`. Deterministic. Render it in byte mode (see `renderQrPng`).
 *
 * @throws HealthcredError `invalid_input` when `credential` is not a signed credential.
 */
export function encodeDivocQr(credential: unknown, options: EncodeDivocQrOptions = {}): Uint8Array {
  assertCredentialShape(credential);
  const zip = zipCertificate(new TextEncoder().encode(JSON.stringify(credential)));
  return (options.layout ?? defaultDivocLayout(credential)) === 'raw' ? zip : wrapUtf8(zip);
}
