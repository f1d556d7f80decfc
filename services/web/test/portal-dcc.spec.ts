import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { readQrImage } from '@healthcred/qr';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, TEST_ADMIN_TOKEN, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';

const DOB = mockVaccinationRecord().recipient.dob;
const latinRecipient = () => ({ ...mockVaccinationRecord().recipient, name: 'Nimal Perera' });

async function lookUp(page: Page, id: string): Promise<void> {
  await page.goto('/');
  await page.fill('#certificate-id', id);
  await page.fill('#dob', DOB);
  await page.click('#submit');
  await page.locator('#result:not([hidden])').waitFor();
}

async function downloaded(page: Page, link: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(link)]);
  return readFileSync((await download.path())!);
}

describe('citizen portal EU DCC and WHO DDCC downloads in Chromium', function () {
  let api: TestApi;
  let browser: Browser;
  const ids = { latin: '', sinhala: '', revoked: '', test: '' };

  before(async function () {
    if (!hasChromium('portal EU DCC')) this.skip();
    [api, browser] = await Promise.all([startTestApi({ dcc: true }), launchChromium()]);
    ids.latin = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord({ recipient: latinRecipient() }) })).certificateId;
    ids.sinhala = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() })).certificateId;
    ids.revoked = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord({ recipient: latinRecipient() }) })).certificateId;
    ids.test = (await api.issue({ kind: 'test-result', record: mockTestResultRecord({ recipient: latinRecipient() }) })).certificateId;
    const revocation = await fetch(`${api.url}/admin/certificates/${ids.revoked}/revoke`, {
      method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'entered twice' }),
    });
    expect(revocation.ok, `revoke answered ${revocation.status}`).to.equal(true);
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('should download the EU DCC as an HC1 QR code and the WHO DDCC as a FHIR bundle', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await lookUp(page, ids.latin);
    const hc1 = Buffer.from(readQrImage(await downloaded(page, '#download-dcc'))).toString('latin1');
    expect(hc1).to.match(/^HC1:/);
    const bundle = JSON.parse((await downloaded(page, '#download-ddcc')).toString('utf8'));
    expect(bundle).to.include({ resourceType: 'Bundle', type: 'document' });
    expect(bundle.identifier.value).to.equal(ids.latin);
    expect(await page.locator('#dcc-error').isHidden()).to.equal(true);
    await page.screenshot({ path: screenshotPath('portal-dcc-downloads-phone'), fullPage: true });
    await context.close();
  });

  it('should offer a test result as an EU DCC but not as a WHO DDCC (vaccinations only)', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await lookUp(page, ids.test);
    expect(await page.locator('#download-ddcc').isHidden()).to.equal(true);
    expect(Buffer.from(readQrImage(await downloaded(page, '#download-dcc'))).toString('latin1')).to.match(/^HC1:/);
    await context.close();
  });

  describe('negative', () => {
    it('explains that a name in a non-Latin script cannot be an EU DCC, with the server\'s reason', async () => {
      const context = await newContext(browser, 'phone', api.url);
      const page = await context.newPage();
      await lookUp(page, ids.sinhala);
      await page.click('#download-dcc');
      await page.locator('#dcc-error:not([hidden])').waitFor();
      expect(await page.locator('#dcc-error-message').textContent()).to.contain('cannot be made from this certificate');
      expect(await page.locator('#dcc-error-detail').textContent()).to.match(/^Reason: This certificate cannot be an EU DCC: recipient\.name/);
      await page.selectOption('#language', 'ta');
      expect(await page.locator('#dcc-error-message').textContent()).to.contain('EU டிஜிட்டல் COVID');
      await page.screenshot({ path: screenshotPath('portal-dcc-not-eligible-phone'), fullPage: true });
      await context.close();
    });

    it('explains that a revoked certificate gets no EU DCC', async () => {
      const context = await newContext(browser, 'phone', api.url);
      const page = await context.newPage();
      await lookUp(page, ids.revoked);
      await page.click('#download-dcc');
      await page.locator('#dcc-error:not([hidden])').waitFor();
      expect(await page.locator('#dcc-error-message').textContent()).to.contain('no longer valid');
      expect(await page.locator('#dcc-error-detail').textContent()).to.contain('revoked');
      await context.close();
    });
  });
});
