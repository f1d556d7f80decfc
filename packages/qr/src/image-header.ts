import { invalidQr, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './limits.js';

/** What an image's header says, read by {@link checkQrImage} before any pixel is decoded. */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** Bits per sample of one channel (PNG 1, 2, 4, 8 or 16; JPEG 8). */
  bitsPerChannel: number;
  /** Channels per pixel: 1 (grey or palette), 2 (grey and alpha), 3 (colour) or 4 (colour and alpha, or CMYK). */
  channels: number;
}

/** Limits of {@link checkQrImage} and `readQrImage`. */
export interface QrImageLimits {
  /** The most pixels per side (width and height each). Default {@link MAX_IMAGE_SIDE}. */
  maxSide?: number;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG colour type -> [channels, allowed bit depths] (PNG spec, 11.2.2 IHDR). */
const PNG_COLOUR_TYPES: Record<number, [number, number[]]> = {
  0: [1, [1, 2, 4, 8, 16]], 2: [3, [8, 16]], 3: [1, [1, 2, 4, 8]], 4: [2, [8, 16]], 6: [4, [8, 16]],
};

function readPngHeader(image: Uint8Array, maxSide: number): ImageHeader {
  if (image.length < 33) throw invalidQr('The PNG image is truncated.');
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const type = String.fromCharCode(...image.subarray(12, 16));
  if (view.getUint32(8) !== 13 || type !== 'IHDR') throw invalidQr('The PNG image is corrupt: it does not start with its IHDR header.');
  const [depth, colourType, compression, filter, interlace] = image.subarray(24, 29);
  const header = { format: 'png' as const, width: view.getUint32(16), height: view.getUint32(20), bitsPerChannel: depth! };
  checkImageSides(header, maxSide);
  const colour = PNG_COLOUR_TYPES[colourType!];
  if (!colour || !colour[1].includes(depth!) || compression !== 0 || filter !== 0 || interlace! > 1) {
    throw invalidQr('The PNG image is corrupt: its IHDR header is not valid.');
  }
  // pngjs inflates an interlaced image without an output bound: a few kilobytes could claim gigabytes.
  if (interlace === 1) throw invalidQr('Interlaced (Adam7) PNG images are not read; save the image without interlacing.');
  return { ...header, channels: colour[0] };
}

/** SOF markers jpeg-js decodes: baseline, extended and progressive Huffman (T.81 B.1.1.3). */
const READABLE_SOF = new Set([0xc0, 0xc1, 0xc2]);
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Walks the JPEG's marker segments (skipping each by its length) to its first frame header. */
function readJpegHeader(image: Uint8Array, maxSide: number): ImageHeader {
  let offset = 2;
  while (offset + 4 <= image.length) {
    if (image[offset] !== 0xff) throw invalidQr('The JPEG image is corrupt: a marker is missing.');
    const marker = image[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = (image[offset + 2]! << 8) | image[offset + 3]!;
    if (isSof(marker)) {
      if (offset + 10 > image.length) break;
      const header = {
        format: 'jpeg' as const, bitsPerChannel: image[offset + 4]!,
        height: (image[offset + 5]! << 8) | image[offset + 6]!, width: (image[offset + 7]! << 8) | image[offset + 8]!,
      };
      checkImageSides(header, maxSide);
      if (!READABLE_SOF.has(marker)) {
        throw invalidQr('The JPEG image uses a coding that is not read (only baseline and progressive JPEG are).');
      }
      const channels = image[offset + 9]!;
      if (![1, 3, 4].includes(channels)) throw invalidQr('The JPEG image is corrupt: its frame header is not valid.');
      return { ...header, channels };
    }
    if (length < 2) throw invalidQr('The JPEG image is corrupt: a segment has no length.');
    offset += 2 + length;
  }
  throw invalidQr('The JPEG image is corrupt or truncated: it has no frame header.');
}

/**
 * Refuses sizes that are absurd for a photo of a QR code: called as soon as a header's width and height are read
 * (so a header claiming 1 x 11,999,999 pixels is answered by its size whatever else it holds), and again on the
 * decoded pixels (a JPEG may hold further frames).
 */
export function checkImageSides(header: { format: string; width: number; height: number }, maxSide: number): void {
  const { width, height } = header;
  if (width === 0 || height === 0) throw invalidQr(`The ${header.format.toUpperCase()} image is corrupt: it has no pixels.`);
  if (width > maxSide || height > maxSide) {
    throw invalidQr(`The image is ${width}x${height} pixels; at most ${maxSide} pixels per side are read (a photo of a QR code needs no more).`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw invalidQr(`The image is ${width}x${height} pixels; at most ${MAX_IMAGE_PIXELS / 1e6} megapixels are read.`);
  }
}

/**
 * Reads a PNG's IHDR or a JPEG's frame header (SOF) and refuses, before any pixel is decoded, an image that is
 * not a PNG or JPEG, is over `limits.maxSide` pixels on a side or over 12 megapixels, has more than 8 bits per
 * channel (16-bit PNG, 12-bit JPEG), or is an interlaced PNG or a JPEG coding the decoder does not read. Costs
 * microseconds: it reads headers only (for a JPEG, the segments before its frame header).
 *
 * @returns the header, e.g. to size a worker's job.
 * @throws HealthcredError `invalid_input` (field `qr`) naming what is refused.
 * @throws TypeError when `limits.maxSide` is not a positive integer.
 */
export function checkQrImage(image: Uint8Array, limits: QrImageLimits = {}): ImageHeader {
  const maxSide = limits.maxSide ?? MAX_IMAGE_SIDE;
  if (!Number.isSafeInteger(maxSide) || maxSide < 1) throw new TypeError('"maxSide" must be a positive integer.');
  let header: ImageHeader;
  if (PNG_MAGIC.every((byte, index) => image[index] === byte)) header = readPngHeader(image, maxSide);
  else if (image[0] === 0xff && image[1] === 0xd8) header = readJpegHeader(image, maxSide);
  else throw invalidQr('The image is neither a PNG nor a JPEG.');
  if (header.bitsPerChannel > 8) {
    throw invalidQr(`The ${header.format.toUpperCase()} image has ${header.bitsPerChannel} bits per channel; only images of up to 8 bits per channel are read.`);
  }
  return header;
}
