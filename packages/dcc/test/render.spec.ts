import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { dccQrInfo, renderDccQrPng, renderDccQrSvg, verifyHc1 } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { issueWith, SIGN_TIME, testPki, trustListOf } from './fixtures/pki.js';
import { hasTool, run } from './fixtures/tools.js';

describe('renderDccQrPng()', () => {
  const pki = testPki();
  const { hc1 } = issueWith(pki);

  it('should render an alphanumeric, ECC Q QR code that an independent decoder (jsQR) reads back exactly', async () => {
    const png = PNG.sync.read(await renderDccQrPng(hc1));
    const scanned = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(scanned?.data).to.equal(hc1);
    expect(scanned?.chunks.map((chunk) => chunk.type)).to.deep.equal(['alphanumeric']);
    const info = dccQrInfo(hc1);
    expect(info).to.deep.include({ mode: 'alphanumeric', ecc: 'Q', characters: hc1.length });
    expect(scanned?.version).to.equal(info.version);
    expect(QRCode.create([{ data: hc1, mode: 'byte' }], { errorCorrectionLevel: 'Q' }).version).to.be.greaterThan(info.version);
    expect(QRCode.create([{ data: hc1, mode: 'alphanumeric' }], { errorCorrectionLevel: 'L' }).version).to.be.lessThan(info.version);
    expect(verifyHc1({ hc1: scanned!.data, trustList: trustListOf(pki), now: SIGN_TIME }).verified).to.equal(true);
  });

  it('should survive PNG -> zbarimg as the exact HC1 text', async function () {
    if (!hasTool('zbarimg')) {
      console.log('      (zbarimg not installed: zbar round trip skipped; jsQR covered the decode)');
      this.skip();
    }
    const file = join(mkdtempSync(join(tmpdir(), 'healthcred-dcc-')), 'dcc.png');
    writeFileSync(file, await renderDccQrPng(hc1));
    expect(run('zbarimg', ['--quiet', '--raw', file]).trim()).to.equal(hc1);
  });

  it('should render an SVG too', async () => {
    expect(await renderDccQrSvg(hc1)).to.match(/^<svg[^>]*>/).and.to.contain('<path');
  });

  describe('negative', () => {
    it('rejects text that is not HC1 in the alphanumeric set', async () => {
      expectHealthcredError(() => dccQrInfo('hc1:lower'), 'invalid_input', 'hc1');
      let error: unknown;
      await renderDccQrPng('{"json": true}').catch((caught: unknown) => { error = caught; });
      expect((error as { code?: string }).code).to.equal('invalid_input');
    });
  });
});
