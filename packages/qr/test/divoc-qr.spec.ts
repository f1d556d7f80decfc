import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { verifyCredential, type Issuer } from '@healthcred/credentials';
import { decodeQrPayload, encodeDivocQr, qrInfo, readQrImage, renderQrPng, renderQrSvg } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { hasZbarimg, zbarimg } from '@healthcred/testing';
import { issueExample, loaderFor, mockIssuer, trustFor } from './fixtures/credentials.js';

describe('encodeDivocQr()', () => {
  let issuer: Issuer;
  let signed: SignedHealthCredential;
  let dir: string;
  const zbar = hasZbarimg();

  before(async () => {
    issuer = mockIssuer();
    signed = await issueExample(issuer, 'vaccination');
    dir = mkdtempSync(join(tmpdir(), 'healthcred-qr-'));
  });

  const verifies = async (credential: unknown) =>
    (await verifyCredential({ credential, documentLoader: loaderFor(issuer), trustedIssuers: trustFor(issuer), now: new Date('2026-02-01T00:00:00Z') })).verified;

  it('should zip the signed JSON as the single entry certificate.json, deterministically', () => {
    const zip = encodeDivocQr(signed);
    expect(Object.keys(unzipSync(zip))).to.deep.equal(['certificate.json']);
    expect(new TextDecoder().decode(unzipSync(zip)['certificate.json'])).to.equal(JSON.stringify(signed));
    expect(encodeDivocQr(signed)).to.deep.equal(zip);
  });

  it('should survive PNG -> zbarimg -Sbinary -> unzip as the exact signed JSON, which verifies', async function () {
    if (!zbar) this.skip();
    const zip = encodeDivocQr(signed);
    const png = join(dir, 'divoc.png');
    writeFileSync(png, await renderQrPng(zip));
    const scanned = zbarimg(png, true);
    expect(Buffer.compare(scanned, Buffer.from(zip))).to.equal(0);
    const json = new TextDecoder().decode(unzipSync(scanned)['certificate.json']);
    expect(json).to.equal(JSON.stringify(signed));
    expect(await verifies(JSON.parse(json))).to.equal(true);
    expect(decodeQrPayload(scanned).format).to.equal('divoc');
  });

  it('should write the divoc-utf8 layout that a text scanner reads back to the zip', async function () {
    if (!zbar) this.skip();
    const payload = encodeDivocQr(signed, { layout: 'divoc-utf8' });
    const zip = encodeDivocQr(signed);
    expect(payload.length).to.be.greaterThan(zip.length);
    const png = join(dir, 'divoc-utf8.png');
    writeFileSync(png, await renderQrPng(payload));
    const text = zbarimg(png, false).toString('utf8').replace(/\n$/, '');
    const decoded = decodeQrPayload(text);
    expect(decoded.format).to.equal('divoc-utf8');
    expect(JSON.stringify(decoded.credential)).to.equal(JSON.stringify(signed));
    expect(await verifies(decoded.credential)).to.equal(true);
    expect(decodeQrPayload(payload).format).to.equal('divoc-utf8');
  });

  it('should read its own PNG back with readQrImage, and render an SVG', async () => {
    const zip = encodeDivocQr(signed);
    expect(readQrImage(await renderQrPng(zip))).to.deep.equal(zip);
    expect(await renderQrSvg(zip)).to.match(/^<svg[^>]*>.*<\/svg>\s*$/s);
  });

  it('should report byte mode and the QR version of the zip', () => {
    const info = qrInfo(encodeDivocQr(signed));
    expect(info).to.include({ ecc: 'M', mode: 'byte', bytes: encodeDivocQr(signed).length });
    expect(info.version).to.be.within(20, 30);
  });
});
