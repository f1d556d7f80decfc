import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { readQrImage } from '@healthcred/qr';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';

const DOB = mockVaccinationRecord().recipient.dob;

async function paste(page: Page, text: string): Promise<string> {
  await page.fill('#payload', text);
  await page.click('#paste-form button[type=submit]');
  const verdict = page.locator('#verdict[data-state]');
  await verdict.waitFor();
  return (await verdict.getAttribute('data-state'))!;
}

describe('verifier page with an EU DCC (HC1) in Chromium', function () {
  let api: TestApi;
  let browser: Browser;
  let png: Buffer;
  let hc1: string;

  before(async function () {
    if (!hasChromium('verifier HC1')) this.skip();
    [api, browser] = await Promise.all([startTestApi({ dcc: true }), launchChromium()]);
    const record = mockVaccinationRecord({ recipient: { ...mockVaccinationRecord().recipient, name: 'Nimal Perera' } });
    const { certificateId } = await api.issue({ kind: 'vaccination', record });
    const response = await fetch(`${api.url}/certificates/${certificateId}/dcc.png?dob=${DOB}`);
    expect(response.status).to.equal(200);
    png = Buffer.from(await response.arrayBuffer());
    hc1 = Buffer.from(readQrImage(png)).toString('latin1');
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('should verify an uploaded EU DCC QR image online and show the holder and the vaccination', async () => {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.setInputFiles('#file', { name: 'dcc.png', mimeType: 'image/png', buffer: png });
    await page.locator('#verdict[data-state]').waitFor();
    expect(await page.locator('#verdict').getAttribute('data-state')).to.equal('valid');
    expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal('Nimal Perera');
    expect(await page.locator('[data-field="cert.dob"]').textContent()).to.equal(DOB);
    expect(await page.locator('[data-field="cert.dose"]').textContent()).to.equal('2 of 2');
    expect(await page.locator('[data-field="cert.date"]').textContent()).to.equal('2021-06-15');
    expect(await page.locator('[data-field="cert.country"]').textContent()).to.equal('LK');
    expect(await page.locator('#checked-where').textContent()).to.equal('Checked online with the issuer.');
    expect(await page.locator('#online').isHidden()).to.equal(true);
    await page.screenshot({ path: screenshotPath('verify-hc1-valid-phone'), fullPage: true });
    await context.close();
  });

  describe('negative', () => {
    it('rejects a pasted HC1 with a changed character as not valid', async () => {
      const context = await newContext(browser, 'phone', api.url);
      const page = await context.newPage();
      await page.goto('/verify');
      const changed = hc1.slice(0, 40) + (hc1[40] === 'A' ? 'B' : 'A') + hc1.slice(41);
      expect(await paste(page, changed)).to.equal('invalid');
      await context.close();
    });

    it('says plainly that an EU DCC needs the connection when offline', async () => {
      const context = await newContext(browser, 'phone', api.url);
      const page = await context.newPage();
      await page.goto('/verify');
      await page.locator('#trust[data-ready="true"]').waitFor();
      await context.setOffline(true);
      expect(await paste(page, hc1)).to.equal('unchecked');
      expect(await page.locator('#reasons li').getAttribute('data-reason')).to.equal('reason.hc1_offline');
      expect(await page.locator('#certificate').isHidden()).to.equal(true);
      await page.screenshot({ path: screenshotPath('verify-hc1-offline-phone'), fullPage: true });
      await context.close();
    });
  });
});
