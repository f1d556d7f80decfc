// DIVOC certificates on the verifier page (Chromium): signed by DIVOC's own library with a key on the trust list,
// from the QR image and from its content pasted, on the device and checked online (with DIVOC's revocation route).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { DivocTrustedIssuer } from '@healthcred/types';
import {
  DIVOC_ISSUER, divocCertificate, divocIssuer, divocTestKey, signWithDivoc,
} from '@healthcred/testing';
import { conformanceIssuer, divocConformanceDir } from '@healthcred/testing';
import { revocationServer } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';
import { check, seen, type Input } from './fixtures/verifier-page.js';

const AUTHORITY = { name: 'Ministry of Health, Sri Lanka', country: 'LK' };

describe('verifier page with DIVOC certificates (Chromium)', function () {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const revocation = revocationServer((certificate) => (certificate.credentialSubject.refId === 'revoked' ? 200 : 404));
  const inputs = new Map<string, Input>();
  const conformance = divocConformanceDir();

  const openedOnline = async () => {
    await page.click('#online');
    await page.locator('#checked-where', { hasText: 'Checked online with the issuer.' }).waitFor();
    return seen(page);
  };

  before(async function () {
    if (!hasChromium('verifier DIVOC')) this.skip();
    const key = divocTestKey('RSA');
    const ed25519 = divocTestKey('ED25519');
    const revocationUrl = await revocation.listen();
    const divoc: DivocTrustedIssuer = { ...divocIssuer([key.trusted, ed25519.trusted], { revocationUrl }), name: 'MoH Sri Lanka (DIVOC)' };
    const india = conformance ? [conformanceIssuer(conformance, 'india')] : [];
    [api, browser] = await Promise.all([
      startTestApi({ authority: AUTHORITY, trustedIssuers: (own) => [own, divoc, ...india] }), launchChromium(),
    ]);
    const certificate = await signWithDivoc(divocCertificate(), key);
    const revoked = await signWithDivoc({ ...divocCertificate(), credentialSubject: { ...divocCertificate().credentialSubject as object, refId: 'revoked' } }, key);
    const stranger = await signWithDivoc(divocCertificate(), divocTestKey('RSA'));
    const tampered = { ...certificate, credentialSubject: { ...certificate.credentialSubject as object, name: 'Someone Else' } };
    inputs.set('image', { qr: await renderQrPng(encodeDivocQr(certificate, { layout: 'divoc-utf8' })) });
    inputs.set('pasted', { text: JSON.stringify(certificate) });
    inputs.set('Ed25519 image', { qr: await renderQrPng(encodeDivocQr(await signWithDivoc(divocCertificate(), ed25519))) });
    inputs.set('revoked', { qr: await renderQrPng(encodeDivocQr(revoked)) });
    inputs.set('stranger', { qr: await renderQrPng(encodeDivocQr(stranger)) });
    inputs.set('tampered', { text: JSON.stringify(tampered) });
    context = await newContext(browser, 'phone', api.url);
    page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await api?.stop();
    await new Promise((resolve) => revocation.server.close(resolve));
  });

  describe('negative', () => {
    it('refuses a certificate signed by a key the trust list does not hold, and a changed one, on the device and online', async () => {
      for (const name of ['stranger', 'tampered']) {
        const shown = await check(page, inputs.get(name)!);
        expect(shown, name).to.deep.include({ state: 'invalid', reasons: ['reason.invalid_signature'], compare: false });
        expect(shown.issuer, name).to.equal(undefined);
        expect(await openedOnline(), name).to.deep.include({ state: 'invalid', reasons: ['reason.invalid_signature'] });
      }
    });

    it('shows revoked when the checked-online DIVOC revocation route says so', async () => {
      expect(await check(page, inputs.get('revoked')!)).to.deep.include({ state: 'unchecked' });
      expect(await openedOnline()).to.deep.include({ state: 'revoked', reasons: ['reason.revoked'] });
    });
  });

  for (const name of ['image', 'pasted', 'Ed25519 image']) {
    it(`should show a DIVOC certificate (${name === 'pasted' ? 'QR content pasted' : `RSA ${name}`.replace('RSA Ed25519', 'Ed25519')}) as genuine on the device, revocation not checked, and valid online`, async () => {
      const issuer = { trusted: 'true', text: 'Issued by MoH Sri Lanka (DIVOC), Sri Lanka', did: DIVOC_ISSUER };
      const here = await check(page, inputs.get(name)!);
      expect(here).to.deep.include({ state: 'unchecked', reasons: ['reason.status_unavailable'], issuer, compare: false, online: true });
      const online = await openedOnline();
      expect(online).to.deep.include({ state: 'valid', reasons: [], issuer, tick: '"✔ "', compare: true });
      if (name === 'image') await page.screenshot({ path: screenshotPath('verify-divoc-valid-phone'), fullPage: true });
    });
  }

  it('should show India\'s production DIVOC certificate from its own PNG as genuine with India\'s key trusted', async function () {
    if (conformance === undefined) {
      console.log('NOTICE: ../shared/conformance/divoc absent: India\'s certificate image not checked on the page.');
      this.skip();
    }
    const shown = await check(page, { qr: readFileSync(join(conformance!, 'india-prod-cowin.png')) });
    expect(shown).to.deep.include({ state: 'unchecked', reasons: ['reason.status_unavailable'] });
    expect(shown.issuer).to.include({ trusted: 'true', did: 'https://cowin.gov.in/' });
    const tampered = await check(page, { text: readFileSync(join(conformance!, 'tampered-rsa-cowin.json'), 'utf8') });
    expect(tampered).to.deep.include({ state: 'invalid', reasons: ['reason.invalid_signature'] });
  });
});
