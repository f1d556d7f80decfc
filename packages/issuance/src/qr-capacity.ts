import { generateCertificateId, type Issuer } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { encodeDivocQr } from '@healthcred/qr';
import type { CertificationRequest } from '@healthcred/records';
import { credentialForPosition } from './profile-credential.js';
import { divocProfilePayloadBytes } from './divoc-issuance.js';

/**
 * The most bytes one QR code holds in byte mode at error correction M, version 40 (ISO/IEC 18004, table 7): the
 * citizen's QR (`/certificates/{id}/qr.png`, DIVOC zip) is rendered at M.
 */
export const QR_CAPACITY_BYTES = 2331;

/** Room kept for what the estimate cannot know: a longer status position, a proof value one character longer. */
const MARGIN_BYTES = 16;
/** Beyond every position a store hands out in practice: its entries are at least as long as the real ones. */
const LARGE_POSITION = 99_999_999;
/** As long as an Ed25519Signature2020 proof value (base58 of 64 bytes) and as incompressible. */
const PROOF_VALUE = 'zE7Vmkjv2NmduomgAcCnfJAhKQdgBUMK5SyViA2xxwWLuknCSYYoTeFTCNuzKmN1yhwVQofpdfrwScQPeGV3MpAe9';

/** Every text field of `value` with its dotted path and length in UTF-8 bytes. */
function textFields(value: unknown, path: string): [string, number][] {
  if (typeof value === 'string') return [[path, Buffer.byteLength(value)]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => textFields(child, `${path}.${key}`));
}

/**
 * The unsigned credential `request` gets under `certificateId`, at a status position beyond every real one (its
 * entries at least as long as theirs): what the QR check measures and what signing moves to the reserved position
 * (`atStatusPosition`), so that each credential is built once.
 */
export function draftCredential(request: CertificationRequest, options: { issuer: Issuer; now: Date; certificateId: string }) {
  return credentialForPosition(request, {
    issuer: options.issuer, certificateId: options.certificateId, issuedAt: options.now.toISOString(), position: LARGE_POSITION,
  });
}

/** `draft` (see {@link draftCredential}) with a proof as long as a real one (see {@link divocPayloadBytes}). */
function withEstimatedProof(draft: ReturnType<typeof draftCredential>, issuer: Issuer, now: Date) {
  const created = `${now.toISOString().slice(0, -5)}Z`;
  const proof = issuer.dataModel === 'vc2'
    ? { type: 'DataIntegrityProof', created, verificationMethod: issuer.multikeySigner.id, cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', proofValue: PROOF_VALUE }
    : { type: 'Ed25519Signature2020', created, verificationMethod: issuer.signer.id, proofPurpose: 'assertionMethod', proofValue: PROOF_VALUE };
  return { ...draft, proof };
}

/**
 * The most bytes the DIVOC zip of `jsonBytes` of JSON can take, without compressing it: DEFLATE never writes more than
 * its input in stored blocks (5 bytes of header each, at most 65,535 bytes of data; fflate falls back to them when
 * compressing would not save), then the zip's local and central headers (30 and 46 bytes, each with the entry name)
 * and its end record (22 bytes).
 */
function divocZipBytesBound(jsonBytes: number): number {
  const name = 'certificate.json'.length;
  return jsonBytes + 5 * Math.max(1, Math.ceil(jsonBytes / 65_535)) + 1 + 30 + name + 46 + name + 22;
}

/**
 * The size of the DIVOC QR payload (the zipped credential JSON) that `request` would get: its credential built as
 * issuance builds it, with a proof as long as a real one; computed before anything is reserved or signed. Under the
 * DIVOC profile, the DIVOC credential in DIVOC's own QR layout.
 *
 * @throws HealthcredError `invalid_input` for a test result under the DIVOC profile.
 */
export function divocPayloadBytes(request: CertificationRequest, options: { issuer: Issuer; now: Date }): number {
  const { issuer, now } = options;
  if (issuer.divoc) return divocProfilePayloadBytes(request, issuer.divoc, now) + MARGIN_BYTES;
  return draftPayloadBytes(draftCredential(request, { issuer, now, certificateId: generateCertificateId() }), issuer, now);
}

function draftPayloadBytes(draft: ReturnType<typeof draftCredential>, issuer: Issuer, now: Date): number {
  return encodeDivocQr(withEstimatedProof(draft, issuer, now)).length + MARGIN_BYTES;
}

/** Whether the QR payload of `draft` fits even uncompressed: most do, and then nothing need be compressed to know. */
function fitsUncompressed(draft: ReturnType<typeof draftCredential>, issuer: Issuer, now: Date): boolean {
  const json = JSON.stringify(withEstimatedProof(draft, issuer, now));
  return divocZipBytesBound(Buffer.byteLength(json)) + MARGIN_BYTES <= QR_CAPACITY_BYTES;
}

function refuse(request: CertificationRequest, bytes: number): never {
  const longest = textFields(request.record, 'record').sort((a, b) => b[1] - a[1]).slice(0, 3)
    .map(([path, length]) => `${path} (${length} bytes)`);
  throw new HealthcredError('invalid_input', `record: the certificate would not fit in a QR code: about ${bytes} bytes `
    + `where one holds ${QR_CAPACITY_BYTES} at error correction M; shorten the longest fields: ${longest.join(', ')}.`,
  { field: 'record' });
}

/**
 * {@link assertFitsQrCode} for the credential `request` gets under `certificateId`, returned (see
 * {@link draftCredential}) so that signing need not build it again. Not for the DIVOC profile.
 * @throws HealthcredError `invalid_input` (field `record`), as {@link assertFitsQrCode}.
 */
export function draftFittingQrCode(request: CertificationRequest, options: { issuer: Issuer; now: Date; certificateId: string }) {
  const { issuer, now } = options;
  const draft = draftCredential(request, options);
  if (fitsUncompressed(draft, issuer, now)) return draft;
  const bytes = draftPayloadBytes(draft, issuer, now);
  return bytes <= QR_CAPACITY_BYTES ? draft : refuse(request, bytes);
}

/**
 * Refuses a request whose signed credential could not be printed or scanned: its DIVOC QR payload would exceed what a
 * QR code holds at error correction M ({@link QR_CAPACITY_BYTES}).
 * @throws HealthcredError `invalid_input` (field `record`) with the size and the three longest text fields to shorten.
 */
export function assertFitsQrCode(request: CertificationRequest, options: { issuer: Issuer; now: Date }): void {
  if (!options.issuer.divoc) {
    draftFittingQrCode(request, { ...options, certificateId: generateCertificateId() });
    return;
  }
  const bytes = divocPayloadBytes(request, options);
  if (bytes > QR_CAPACITY_BYTES) refuse(request, bytes);
}
