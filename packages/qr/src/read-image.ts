import jsQRModule from 'jsqr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkImageSides, checkQrImage, type QrImageLimits } from './image-header.js';
import { invalidQr, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './limits.js';

/** jsqr is CommonJS with a `default` property; TypeScript's NodeNext typing only sees the module object. */
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

function readPng(image: Uint8Array): Pixels {
  try {
    const png = PNG.sync.read(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
    return { data: png.data, width: png.width, height: png.height };
  } catch (cause) {
    throw invalidQr('The PNG image is corrupt or truncated.', cause);
  }
}

function readJpeg(image: Uint8Array): Pixels {
  try {
    const decoded = jpeg.decode(image, {
      useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 256,
    });
    return { data: decoded.data, width: decoded.width, height: decoded.height };
  } catch (cause) {
    const message = (cause as Error).message ?? '';
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(message)) {
      throw invalidQr(`The JPEG image is larger than ${MAX_IMAGE_PIXELS / 1e6} megapixels.`, cause);
    }
    throw invalidQr('The JPEG image is corrupt or truncated.', cause);
  }
}

/**
 * Finds the QR code in a PNG or JPEG image (e.g. a verifier's upload or a phone photo) and returns its raw payload
 * bytes, for {@link decodeQrPayload}. The header is checked first ({@link checkQrImage}: at most `limits.maxSide`
 * pixels per side, 12 megapixels, 8 bits per channel), so an image refused for its size costs no decoding.
 *
 * Still CPU-bound: a 12-megapixel image takes a second or more. A server runs it on a worker thread with a time
 * budget, as the API does.
 *
 * @throws HealthcredError `invalid_input` (field `qr`) when the image is not a PNG or JPEG, is corrupt or too
 *   large, or holds no readable QR code.
 * @throws TypeError when `limits.maxSide` is not a positive integer.
 */
export function readQrImage(image: Uint8Array, limits: QrImageLimits = {}): Uint8Array {
  const header = checkQrImage(image, limits);
  const pixels = header.format === 'png' ? readPng(image) : readJpeg(image);
  checkImageSides({ format: header.format, width: pixels.width, height: pixels.height }, limits.maxSide ?? MAX_IMAGE_SIDE);
  const rgba = new Uint8ClampedArray(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
  const found = jsQR(rgba, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  if (!found) throw invalidQr('No QR code was found in the image.');
  return Uint8Array.from(found.binaryData);
}
