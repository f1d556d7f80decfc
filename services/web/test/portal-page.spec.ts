import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';

const DOB = '1985-04-12';

async function lookUp(page: Page, id: string, dob: string): Promise<void> {
  await page.fill('#certificate-id', id);
  await page.fill('#dob', dob);
  await page.click('#submit');
  await page.locator('#submit:enabled').waitFor();
  await page.locator('#result:not([hidden]), #error:not([hidden])').first().waitFor();
}

describe('citizen portal (/) in Chromium', function () {
  let api: TestApi;
  let browser: Browser;
  let certificateId: string;

  before(async function () {
    if (!hasChromium('citizen portal')) this.skip();
    [api, browser] = await Promise.all([startTestApi(), launchChromium()]);
    ({ certificateId } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() }));
    await api.issue({
      kind: 'test-result', record: mockTestResultRecord({ recipient: mockVaccinationRecord().recipient }),
    });
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('should show the certificate for the right id and birth date, with its downloads', async () => {
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = await newContext(browser, viewport, api.url);
      const page = await context.newPage();
      await page.goto('/');
      await lookUp(page, certificateId.toLowerCase().replace(/-/g, ' '), DOB);
      expect(await page.locator('#error').isHidden()).to.equal(true);
      expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(mockVaccinationRecord().recipient.name);
      expect(await page.locator('[data-field="cert.certificateId"]').textContent()).to.equal(certificateId);

      const json = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
      const credential = JSON.parse(readFileSync((await json[0].path())!, 'utf8'));
      expect(credential.evidence[0].certificateId).to.equal(certificateId);
      expect(credential.proof.type).to.equal('Ed25519Signature2020');

      for (const [link, type] of [['#download-pdf', 'application/pdf'], ['#download-qr', 'image/png']] as const) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(link)]);
        const bytes = readFileSync((await download.path())!);
        expect(bytes.subarray(0, 4).toString('latin1'), type).to.equal(type === 'application/pdf' ? '%PDF' : '\x89PNG');
      }
      await page.locator('#qr:not([hidden])').waitFor();
      await page.waitForFunction(() => (document.getElementById('qr') as HTMLImageElement).complete);
      expect(await page.locator('#qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).to.be.greaterThan(0);
      expect(await page.locator('#status').textContent()).to.equal('Valid');
      expect(await page.locator('#download-dcc').isHidden(), 'EU DCC is off').to.equal(true);
      expect(await page.locator('#download-ddcc').isHidden(), 'EU DCC is off').to.equal(true);
      await page.screenshot({ path: screenshotPath(`portal-certificate-${viewport}`), fullPage: true });
      await context.close();
    }
  });

  it('should list all the holder\'s certificates and open another one', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/');
    await lookUp(page, certificateId, DOB);
    await page.locator('#others-list li button').click();
    await page.locator('[data-field="cert.result"]').waitFor();
    expect(await page.locator('[data-field="cert.result"]').textContent()).to.equal('Negative');
    await context.close();
  });

  it('refuses a wrong birth date or id with a friendly message and shows nothing', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/');
    for (const [id, dob] of [[certificateId, '1985-04-13'], ['AAAA-BBBB-CCCC', DOB]]) {
      await lookUp(page, id!, dob!);
      expect(await page.locator('#result').isHidden()).to.equal(true);
      expect(await page.locator('#error').textContent()).to.contain('No certificate matches this certificate id and birth date');
    }
    await page.screenshot({ path: screenshotPath('portal-not-found-phone'), fullPage: true });
    await context.close();
  });

  it('should switch to Sinhala and Tamil, the page language following', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/');
    await lookUp(page, certificateId, DOB);
    await page.selectOption('#language', 'si');
    expect(await page.locator('html').getAttribute('lang')).to.equal('si');
    expect(await page.locator('#submit').textContent()).to.equal('මගේ සහතිකය පෙන්වන්න');
    expect(await page.locator('#certificate dt').first().textContent()).to.equal('නම');
    await page.screenshot({ path: screenshotPath('portal-certificate-sinhala-phone'), fullPage: true });
    await page.selectOption('#language', 'ta');
    expect(await page.locator('#certificate dt').first().textContent()).to.equal('பெயர்');
    await page.reload();
    expect(await page.locator('html').getAttribute('lang')).to.equal('ta');
    await context.close();
  });
  it('tells a citizen who tried too often how long to wait (the API refuses the 11th wrong try in a minute)', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/');
    const error = page.locator('#error');
    for (let tries = 0; tries < 25 && !(await error.textContent())?.startsWith('Too many tries'); tries++) {
      await lookUp(page, certificateId, '1985-04-13');
    }
    expect(await error.textContent()).to.match(/^Too many tries\. Please wait [12] min and try again\.$/);
    await page.screenshot({ path: screenshotPath('portal-rate-limited-phone'), fullPage: true });
    await context.close();
  });
});
