// The verifier page reads compact v3 (HCQ3, CBOR-LD) codes with its kept trust list, online and offline.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createIssuer, issueCredential, trustEntryOf, buildVaccinationCredential, generateCertificateId } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQrV3, renderQrPng } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';

const NAME = 'සුනිල් පෙරේරා';

async function upload(page: Page, png: Buffer): Promise<string> {
  await page.setInputFiles('#file', { name: 'qr.png', mimeType: 'image/png', buffer: png });
  const verdict = page.locator('#verdict[data-state]');
  await verdict.waitFor();
  return (await verdict.getAttribute('data-state'))!;
}

describe('verifier page (/verify) with compact v3 codes, in Chromium', function () {
  let api: TestApi;
  let browser: Browser;
  let v1: SignedHealthCredential;
  let v2: SignedHealthCredential;
  const hcq3 = (credential: SignedHealthCredential) => encodeCompactQrV3(credential, {
    issuer: trustEntryOf(api.issuer, { name: 'MoH', country: 'ZZ' }),
    documentLoader: createDocumentLoader({ contextBaseUrls: [api.url], didDocuments: [api.issuer.didDocument] }),
  });

  before(async function () {
    if (!hasChromium('verifier page, compact v3')) this.skip();
    [api, browser] = await Promise.all([startTestApi(), launchChromium()]);
    v1 = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() })).credential;
    const recipient = { ...mockVaccinationRecord().recipient, givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };
    v2 = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord({ recipient }) })).credential;
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('says the QR is unreadable for an HCQ3 code of an issuer not on the trust list', async () => {
    const other = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:other.example' }), url: 'https://other.example' });
    const credential = await issueCredential({
      credential: buildVaccinationCredential(mockVaccinationRecord(), { issuer: other, certificateId: generateCertificateId(), issuedAt: new Date().toISOString() }),
      issuer: other,
    });
    const payload = await encodeCompactQrV3(credential, {
      issuer: trustEntryOf(other, { name: 'Other', country: 'ZZ' }),
      documentLoader: createDocumentLoader({ contextBaseUrls: ['https://other.example'], didDocuments: [other.didDocument] }),
    });
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(await upload(page, await renderQrPng(payload))).to.equal('invalid');
    await page.locator('#reasons li[data-reason="reason.unreadable_qr"]').waitFor();
    await context.close();
  });

  // Last: it stops the API.
  it('should verify HCQ3 codes of both context versions, as an image and pasted, also offline after a reload', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(await upload(page, await renderQrPng(await hcq3(v1)))).to.equal('valid');
    expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(NAME);
    await page.fill('#payload', await hcq3(v2));
    await page.click('#paste-form button[type=submit]');
    await page.locator('#verdict[data-state="valid"]').waitFor();
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await api.stop();
    await page.reload();
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(await upload(page, await renderQrPng(await hcq3(v2)))).to.equal('valid');
    await page.screenshot({ path: screenshotPath('verify-hcq3-offline-phone'), fullPage: true });
    await context.close();
  });
});
