import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { encodeCompactQr, encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { SignedHealthCredential, VerificationResult } from '@healthcred/types';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, TEST_ADMIN_TOKEN, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';

const NAME = 'සුනිල් පෙරේරා';

async function openVerifier(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/verify');
  await page.locator('#trust[data-ready="true"]').waitFor();
  return page;
}

async function upload(page: Page, png: Buffer): Promise<string> {
  await page.setInputFiles('#file', { name: 'qr.png', mimeType: 'image/png', buffer: png });
  const verdict = page.locator('#verdict[data-state]');
  await verdict.waitFor();
  return (await verdict.getAttribute('data-state'))!;
}

async function reasons(page: Page): Promise<string[]> {
  return page.locator('#reasons li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.reason!));
}

describe('verifier page (/verify) in Chromium', function () {
  let api: TestApi;
  let browser: Browser;
  let vaccination: SignedHealthCredential;
  let testResult: SignedHealthCredential;
  let revoked: SignedHealthCredential;
  let suspended: SignedHealthCredential;

  before(async function () {
    if (!hasChromium('verifier page')) this.skip();
    [api, browser] = await Promise.all([startTestApi(), launchChromium()]);
    vaccination = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() })).credential;
    testResult = (await api.issue({ kind: 'test-result', record: mockTestResultRecord() })).credential;
    const withdrawn = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord({ verifier: { name: 'Dr. X' } }) });
    const revocation = await fetch(`${api.url}/admin/certificates/${withdrawn.certificateId}/revoke`, {
      method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    });
    expect(revocation.ok, `revoke answered ${revocation.status}`).to.equal(true);
    revoked = withdrawn.credential;
    const paused = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord({ verifier: { name: 'Dr. Y' } }) });
    const suspension = await fetch(`${api.url}/admin/certificates/${paused.certificateId}/suspend`, {
      method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'under review' }),
    });
    expect(suspension.ok, `suspend answered ${suspension.status}`).to.equal(true);
    suspended = paused.credential;
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('should show a valid DIVOC QR image as valid, with the name and birth date to compare with an ID', async () => {
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = await newContext(browser, viewport, api.url);
      const page = await openVerifier(context);
      expect(await upload(page, await renderQrPng(encodeDivocQr(vaccination)))).to.equal('valid');
      expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(NAME);
      expect(await page.locator('[data-field="cert.dob"]').textContent()).to.equal('1985-04-12');
      expect(await page.locator('[data-field="cert.vaccine"]').textContent()).to.equal('COVISHIELD');
      await page.screenshot({ path: screenshotPath(`verify-valid-${viewport}`), fullPage: true });
      await context.close();
    }
  });

  it('should verify the compact QR form and a pasted payload of a test result', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    expect(await upload(page, await renderQrPng(encodeCompactQr(vaccination)))).to.equal('valid');
    await page.fill('#payload', encodeCompactQr(testResult));
    await page.click('#paste-form button[type=submit]');
    await page.locator('[data-field="cert.result"]').waitFor();
    expect(await page.locator('#verdict').getAttribute('data-state')).to.equal('valid');
    expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(testResult.credentialSubject.name);
    expect(await page.locator('[data-field="cert.result"]').textContent()).to.equal('Negative');
    await context.close();
  });

  it('should verify a credential of context v2 (the holder\'s name parts and Latin forms) from both QR forms', async () => {
    const recipient = { ...mockVaccinationRecord().recipient, givenName: 'සුනිල්', familyName: 'පෙරේරා',
      latinGivenName: 'Sunil', latinFamilyName: 'Perera' };
    const { credential } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord({ recipient }) });
    expect(credential['@context'][1]).to.match(/\/credentials\/vaccination\/v2$/);
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    for (const payload of [encodeDivocQr(credential), encodeCompactQr(credential)]) {
      expect(await upload(page, await renderQrPng(payload))).to.equal('valid');
      expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(NAME);
    }
    await context.close();
  });

  it('rejects a tampered credential (the name changed after signing) as not valid, saying why', async () => {
    const tampered = structuredClone(vaccination);
    tampered.credentialSubject.name = 'Someone Else';
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    expect(await upload(page, await renderQrPng(encodeDivocQr(tampered)))).to.equal('invalid');
    expect(await reasons(page)).to.deep.equal(['reason.invalid_signature']);
    expect(await page.locator('#reasons').textContent()).to.contain('changed after it was issued');
    await page.screenshot({ path: screenshotPath('verify-tampered-phone'), fullPage: true });
    await context.close();
  });

  it('should show a suspended credential as suspended, not revoked', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    expect(await upload(page, await renderQrPng(encodeDivocQr(suspended)))).to.equal('suspended');
    expect(await reasons(page)).to.deep.equal(['reason.suspended']);
    expect(await page.locator('#verdict-title').textContent()).to.contain('Suspended');
    await context.close();
  });

  it('should show a revoked credential as revoked', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    expect(await upload(page, await renderQrPng(encodeDivocQr(revoked)))).to.equal('revoked');
    expect(await reasons(page)).to.deep.equal(['reason.revoked']);
    await page.screenshot({ path: screenshotPath('verify-revoked-phone'), fullPage: true });
    await context.close();
  });

  it('should give the API\'s verdict for each case, and check online when asked', async () => {
    const body = (credential: unknown) => ({
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }),
    });
    const tampered = structuredClone(vaccination);
    tampered.credentialSubject.name = 'Someone Else';
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    for (const credential of [vaccination, testResult, tampered, revoked]) {
      const state = await upload(page, await renderQrPng(encodeDivocQr(credential)));
      const codes = (await reasons(page)).map((reason) => reason.replace('reason.', ''));
      const server = await (await fetch(`${api.url}/credentials/verify`, body(credential))).json() as VerificationResult;
      expect(state === 'valid', credential.credentialSubject.name).to.equal(server.verified);
      expect(codes).to.have.members([...new Set(server.errors.map((error) => error.code))]);
    }
    await page.click('#online');
    await page.locator('#checked-where', { hasText: 'Checked online with the issuer.' }).waitFor();
    expect(await page.locator('#verdict').getAttribute('data-state')).to.equal('revoked');
    await context.close();
  });

  it('says so in plain words when the image holds no QR code or the QR no certificate', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    expect(await upload(page, await renderQrPng('https://example.org/not-a-certificate'))).to.equal('invalid');
    expect(await reasons(page)).to.deep.equal(['reason.unreadable_qr']);
    await page.setInputFiles('#file', { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await page.locator('#reasons li[data-reason="reason.no_qr_found"]').waitFor();
    await context.close();
  });

  it('should verify with the API stopped after the first load, also after a reload', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await openVerifier(context);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await api.stop();
    expect(await upload(page, await renderQrPng(encodeDivocQr(vaccination)))).to.equal('valid');
    expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(NAME);
    expect(await upload(page, await renderQrPng(encodeDivocQr({ ...vaccination, issuanceDate: '2020-01-01T00:00:00Z' }))))
      .to.equal('invalid');
    await page.reload();
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(await upload(page, await renderQrPng(encodeCompactQr(vaccination)))).to.equal('valid');
    await page.screenshot({ path: screenshotPath('verify-offline-after-reload-phone'), fullPage: true });
    await context.close();
  });
});
