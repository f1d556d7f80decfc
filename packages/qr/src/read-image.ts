import jsQRModule from 'jsqr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { invalidQr, MAX_IMAGE_PIXELS } from './limits.js';

/** jsqr is CommonJS with a `default` property; TypeScript's NodeNext typing only sees the module object. */
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

function checkSize(width: number, height: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw invalidQr(`The image is ${width}x${height} pixels; at most ${MAX_IMAGE_PIXELS / 1e6} megapixels are read.`);
  }
}

function readPng(image: Uint8Array): Pixels {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (image.length < 24) throw invalidQr('The PNG image is truncated.');
  checkSize(view.getUint32(16), view.getUint32(20));
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

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Finds the QR code in a PNG or JPEG image (e.g. a verifier's upload or a phone photo) and returns its raw payload
 * bytes, for {@link decodeQrPayload}. Images over 12 megapixels are refused before their pixels are decoded.
 *
 * @throws HealthcredError `invalid_input` (field `qr`) when the image is not a PNG or JPEG, is corrupt or too
 *   large, or holds no readable QR code.
 */
export function readQrImage(image: Uint8Array): Uint8Array {
  let pixels: Pixels;
  if (PNG_MAGIC.every((byte, index) => image[index] === byte)) pixels = readPng(image);
  else if (image[0] === 0xff && image[1] === 0xd8) pixels = readJpeg(image);
  else throw invalidQr('The image is neither a PNG nor a JPEG.');
  const rgba = new Uint8ClampedArray(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
  const found = jsQR(rgba, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  if (!found) throw invalidQr('No QR code was found in the image.');
  return Uint8Array.from(found.binaryData);
}
