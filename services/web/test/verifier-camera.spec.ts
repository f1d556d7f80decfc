import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { encodeCompactQr } from '@healthcred/qr';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import { CHROMIUM, hasChromium, newContext } from './fixtures/browser.js';
import { writeQrVideo } from './fixtures/fake-camera.js';

describe('verifier page camera scan in Chromium (fake camera showing a QR code)', function () {
  let api: TestApi;
  let browser: Browser;

  before(async function () {
    if (!hasChromium('camera scan')) this.skip();
    api = await startTestApi();
    const { credential } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() });
    const video = join(mkdtempSync(join(tmpdir(), 'healthcred-camera-')), 'qr.y4m');
    writeQrVideo(encodeCompactQr(credential), video);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('should read the QR code from the camera and show the verdict, then release the camera', async () => {
    const context = await newContext(browser, 'phone', api.url);
    await context.grantPermissions(['camera'], { origin: api.url });
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    await page.click('#scan');
    await page.locator('#verdict[data-state]').waitFor();
    expect(await page.locator('#verdict').getAttribute('data-state')).to.equal('valid');
    expect(await page.locator('[data-field="cert.name"]').textContent()).to.equal(mockVaccinationRecord().recipient.name);
    expect(await page.locator('#camera').isHidden()).to.equal(true);
    expect(await page.locator('#scan').textContent()).to.equal('Scan with camera');
    await context.close();
  });
});
