import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { encodeCompactQr, encodeDivocQr, renderQrPng } from '@healthcred/qr';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, TEST_ADMIN_TOKEN, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext } from './fixtures/browser.js';

// The verifier page on a deployment of the vc2 profile: VC 2.0 credentials (DataIntegrityProof, eddsa-rdfc-2022)
// checked in the browser, their status read from the VC 2.0 lists.
describe('verifier page (/verify) in Chromium: VC 2.0 credentials (HEALTHCRED_CREDENTIAL_PROFILE=vc2)', function () {
  let api: TestApi;
  let browser: Browser;

  before(async function () {
    if (!hasChromium('verifier page, vc2')) this.skip();
    [api, browser] = await Promise.all([startTestApi({ env: { HEALTHCRED_CREDENTIAL_PROFILE: 'vc2' } }), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function verdictOf(png: Buffer): Promise<string> {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    await page.setInputFiles('#file', { name: 'qr.png', mimeType: 'image/png', buffer: png });
    const verdict = page.locator('#verdict[data-state]');
    await verdict.waitFor();
    const state = (await verdict.getAttribute('data-state'))!;
    await context.close();
    return state;
  }

  it('should show a VC 2.0 credential as valid, and as revoked once revoked', async () => {
    const { certificateId, credential } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() });
    expect((credential as unknown as { proof: { type: string } }).proof.type).to.equal('DataIntegrityProof');
    expect(await verdictOf(await renderQrPng(encodeDivocQr(credential)))).to.equal('valid');
    expect(await verdictOf(await renderQrPng(encodeCompactQr(credential)))).to.equal('valid');
    const revocation = await fetch(`${api.url}/admin/certificates/${certificateId}/revoke`, {
      method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    });
    expect(revocation.ok).to.equal(true);
    expect(await verdictOf(await renderQrPng(encodeDivocQr(credential)))).to.equal('revoked');
  });
});
