import { HealthcredError } from '@healthcred/errors';

/** The most bytes a QR code holds (version 40, ECC L, byte mode). No payload of ours can be longer. */
export const MAX_QR_PAYLOAD_BYTES = 2953;

/** The most bytes a payload may inflate to. A signed credential is 1-3 KB; anything larger is a zip bomb. */
export const MAX_INFLATED_BYTES = 256 * 1024;

/** The most pixels an image may have before it is decoded (a 12-megapixel phone photo fits). */
export const MAX_IMAGE_PIXELS = 12_000_000;

/**
 * The most pixels per side an image may have by default (4000 x 3000 is a 12-megapixel photo). A QR code needs a few
 * pixels per module and at most 177 modules, so a photo of one needs no more; a 1 x 11,999,999 strip is an attack.
 */
export const MAX_IMAGE_SIDE = 4000;

/** The `field` named by every QR decoding error. */
export const QR_FIELD = 'qr';

/** An `invalid_input` error about a QR payload or image. */
export function invalidQr(message: string, cause?: unknown): HealthcredError {
  return new HealthcredError('invalid_input', message, cause === undefined ? { field: QR_FIELD } : { field: QR_FIELD, cause });
}
