import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, TEST_ADMIN_TOKEN, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext } from './fixtures/browser.js';

async function verdictOf(page: Page, credential: SignedHealthCredential): Promise<string> {
  await page.setInputFiles('#file', { name: 'qr.png', mimeType: 'image/png', buffer: await renderQrPng(encodeDivocQr(credential)) });
  const verdict = page.locator('#verdict[data-state]');
  await verdict.waitFor();
  return (await verdict.getAttribute('data-state'))!;
}

describe('verifier page keeps its trust list and status lists fresh (Chromium)', function () {
  let api: TestApi;
  let browser: Browser;

  before(async function () {
    if (!hasChromium('verifier freshness')) this.skip();
    [api, browser] = await Promise.all([startTestApi({ env: { STATUS_LIST_TTL_SECONDS: '1' } }), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('should show a certificate revoked after the page loaded as revoked once the list\'s ttl is over, without a reload', async () => {
    const { certificateId, credential } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() });
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(await verdictOf(page, credential)).to.equal('valid');
    const revocation = await fetch(`${api.url}/admin/certificates/${certificateId}/revoke`, {
      method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    });
    expect(revocation.ok, `revoke answered ${revocation.status}`).to.equal(true);
    await page.waitForTimeout(1_200);
    expect(await verdictOf(page, credential)).to.equal('revoked');
    await context.close();
  });

  it('should fetch the trust list again in the background after 5 minutes, and keep the kept copy offline', async () => {
    const { credential } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() });
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.clock.install();
    let trustFetches = 0;
    page.on('request', (request) => { if (request.url().endsWith('/trust-list')) trustFetches++; });
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(trustFetches).to.equal(1);
    await page.clock.fastForward('04:00');
    await page.waitForTimeout(300);
    expect(trustFetches, 'fresh for 5 minutes').to.equal(1);
    await page.clock.fastForward('01:30');
    await page.waitForTimeout(500);
    expect(trustFetches, 'fetched again after 5 minutes').to.equal(2);
    await context.setOffline(true);
    await page.clock.fastForward('10:00');
    expect(await verdictOf(page, credential)).to.equal('valid');
    expect(await page.locator('#trust').textContent()).to.contain('saved');
    await context.close();
  });
});
