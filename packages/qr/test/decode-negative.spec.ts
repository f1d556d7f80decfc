import { expect } from 'chai';
import { zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkQrImage, decodeQrPayload, encodeCompactQr, encodeDivocQr, readQrImage, renderQrPng } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { issueExample, mockIssuer } from './fixtures/credentials.js';

function blankPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return PNG.sync.write(png);
}

/** A PNG signature and IHDR chunk that claim `width` x `height` (8-bit RGBA unless told), with no pixel data. */
function pngHeaderClaiming(width: number, height: number, { depth = 8, interlace = 0 } = {}): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([depth, 6, 0, 0, interlace], 24);
  return header;
}

/** A real JPEG whose baseline frame header (SOF0) is changed to claim `width` x `height` and `precision` bits. */
function jpegClaiming(width: number, height: number, precision = 8): Buffer {
  const image = Buffer.from(jpeg.encode({ data: Buffer.alloc(16 * 16 * 4, 255), width: 16, height: 16 }, 90).data);
  const sof = image.indexOf(Buffer.from([0xff, 0xc0]));
  image[sof + 4] = precision;
  image.writeUInt16BE(height, sof + 5);
  image.writeUInt16BE(width, sof + 7);
  return image;
}

function jpegOf(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  return jpeg.encode({ data: image.data, width: image.width, height: image.height }, 90).data;
}

function expectInvalid(action: () => unknown, message: RegExp): void {
  expect(action).to.throw(message).with.property('code', 'invalid_input');
}

describe('readQrImage() and decodeQrPayload()', () => {
  let signed: SignedHealthCredential;
  before(async () => { signed = await issueExample(mockIssuer(), 'vaccination'); });

  it('should read a JPEG photo of its own QR', async () => {
    const payload = encodeCompactQr(signed);
    const decoded = decodeQrPayload(readQrImage(jpegOf(await renderQrPng(payload, { scale: 5 }))));
    expect(decoded.format).to.equal('compact');
  });

  it('should decode plain JSON', () => {
    expect(decodeQrPayload(JSON.stringify(signed)).format).to.equal('json');
    expect(decodeQrPayload(new TextEncoder().encode(JSON.stringify(signed))).format).to.equal('json');
  });

  it('should accept a DIVOC zip followed by a line end, as a scanner or an editor writes it', () => {
    for (const layout of ['raw', 'divoc-utf8'] as const) {
      const payload = encodeDivocQr(signed, { layout });
      const decoded = decodeQrPayload(new Uint8Array([...payload, 0x0d, 0x0a]));
      expect(decoded.format).to.equal(layout === 'raw' ? 'divoc' : 'divoc-utf8');
    }
  });

  describe('negative', () => {
    it('rejects an image without a QR code', () => {
      expectInvalid(() => readQrImage(blankPng(200, 200)), /No QR code/);
    });

    it('rejects a QR code with other content', async () => {
      const other = readQrImage(await renderQrPng('hello world'));
      expectInvalid(() => decodeQrPayload(other), /does not hold a health credential/);
      expectInvalid(() => decodeQrPayload(new Uint8Array([0xff, 0xfe, 0x00, 0x80])), /not a zip/);
    });

    it('rejects a truncated zip', () => {
      const zip = encodeDivocQr(signed);
      expectInvalid(() => decodeQrPayload(zip.subarray(0, zip.length - 40)), /truncated|corrupt/);
      expectInvalid(() => decodeQrPayload(zip.subarray(0, 200)), /truncated|corrupt/);
    });

    it('rejects a zip bomb fast, without inflating it', () => {
      const bomb = zipSync({ 'certificate.json': [new Uint8Array(50 * 1024 * 1024), { level: 9 }] });
      expect(bomb.length).to.be.lessThan(2953 * 40);
      const small = zipSync({ 'certificate.json': [new Uint8Array(2 * 1024 * 1024), { level: 9 }] });
      expect(small.length).to.be.lessThan(2953);
      const started = Date.now();
      expectInvalid(() => decodeQrPayload(bomb), /larger than any QR/);
      expectInvalid(() => decodeQrPayload(small), /inflates to more than 262144 bytes/);
      expect(Date.now() - started).to.be.lessThan(500);
    });

    it('should read whole a zip that inflates to more than 8 times its size, under the bound', () => {
      const padded = { ...signed, credentialSubject: { ...signed.credentialSubject, note: 'a'.repeat(200_000) } };
      const zip = encodeDivocQr(padded);
      expect(zip.length * 8 + 1024).to.be.lessThan(JSON.stringify(padded).length);
      expect(decodeQrPayload(zip).credential).to.deep.equal(padded);
    });

    it('rejects a zip with another entry', () => {
      expectInvalid(() => decodeQrPayload(zipSync({ 'other.json': new TextEncoder().encode('{}') })), /certificate\.json/);
    });

    it('rejects JSON that is not a credential', () => {
      const zip = zipSync({ 'certificate.json': new TextEncoder().encode('{"name":"x"}') });
      expectInvalid(() => decodeQrPayload(zip), /not a credential/);
      expectInvalid(() => decodeQrPayload('{"@context":[],"type":["VerifiableCredential"]}'), /not signed/);
      expectInvalid(() => decodeQrPayload('{not json'), /not valid UTF-8 JSON/);
    });

    it('rejects an oversize image before decoding its pixels', () => {
      const started = Date.now();
      expectInvalid(() => readQrImage(pngHeaderClaiming(20000, 20000)), /20000x20000 pixels; at most 4000 pixels per side/);
      expectInvalid(() => readQrImage(pngHeaderClaiming(4000, 3001)), /at most 12 megapixels/);
      expect(Date.now() - started).to.be.lessThan(100);
    });

    it('rejects a 1 x 11,999,999 strip by its header, although it is under 12 megapixels', () => {
      const strip = new PNG({ width: 1, height: 11_999_999 >> 8, colorType: 0, inputColorType: 0, inputHasAlpha: false });
      const encoded = PNG.sync.write(strip, { colorType: 0 });
      encoded.writeUInt32BE(11_999_999, 20);
      expectInvalid(() => readQrImage(encoded), /1x11999999 pixels; at most 4000 pixels per side/);
      expectInvalid(() => readQrImage(pngHeaderClaiming(1, 11_999_999)), /per side/);
      expectInvalid(() => readQrImage(jpegClaiming(11_999_999 >> 8, 1)), /46874x1 pixels/);
    });

    it('takes a per-side limit, and refuses one that is not a positive integer', async () => {
      expectInvalid(() => readQrImage(blankPng(300, 200), { maxSide: 250 }), /300x200 pixels; at most 250 pixels per side/);
      expect(() => readQrImage(blankPng(300, 200), { maxSide: 0 })).to.throw(TypeError, /"maxSide"/);
      const payload = encodeCompactQr(signed);
      expect(checkQrImage(await renderQrPng(payload), { maxSide: 5000 })).to.include({ format: 'png', bitsPerChannel: 8 });
    });

    it('rejects more than 8 bits per channel, interlaced PNGs and JPEG codings it cannot decode, before decoding', () => {
      expectInvalid(() => readQrImage(pngHeaderClaiming(100, 100, { depth: 16 })), /16 bits per channel; only images of up to 8/);
      expectInvalid(() => readQrImage(pngHeaderClaiming(100, 100, { interlace: 1 })), /Interlaced \(Adam7\) PNG/);
      expectInvalid(() => readQrImage(pngHeaderClaiming(100, 100, { depth: 5 })), /IHDR header is not valid/);
      expectInvalid(() => readQrImage(jpegClaiming(100, 100, 12)), /12 bits per channel/);
      const lossless = jpegClaiming(16, 16);
      lossless[lossless.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc3;
      expectInvalid(() => readQrImage(lossless), /only baseline and progressive JPEG/);
      expectInvalid(() => readQrImage(Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0])), /no frame header/);
    });

    it('rejects a file that is not an image, and a corrupt PNG', async () => {
      expectInvalid(() => readQrImage(Buffer.from('GIF89a')), /neither a PNG nor a JPEG/);
      const png = await renderQrPng('x');
      expectInvalid(() => readQrImage(png.subarray(0, 60)), /corrupt or truncated/);
    });
  });
});
