// Our own DIVOC credential profile on the verifier page (Chromium): a certificate the API issued in DIVOC's form, read
// from its QR image (DIVOC's UTF-8 layout, as the API serves it) and from its JSON download, valid on the device
// (revocation not checked) and online; suspended and revoked through the admin routes, the online check says so.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDivocIssuer } from '@healthcred/credentials';
import { type DivocProfile } from '@healthcred/types';
import { importDivocKey } from '@healthcred/issuer-identity';
import { countryKey, mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, TEST_ADMIN_TOKEN, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext } from './fixtures/browser.js';
import { check, seen, type Input } from './fixtures/verifier-page.js';

const PROFILE: DivocProfile = {
  context: 'vaccination/v1', namespaceUrl: 'https://moh.example.gov.lk/credentials/vaccination/v1',
  issuer: 'https://moh.example.gov.lk/', certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/',
  infoBaseUrl: 'https://moh.example.gov.lk/?', feedbackBaseUrl: 'https://moh.example.gov.lk/?',
};
const AUTHORITY = { name: 'Ministry of Health, Sri Lanka', country: 'LK' };
const DOB = mockVaccinationRecord().recipient.dob;

describe('verifier page with certificates of our own DIVOC profile (Chromium)', function () {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let certificateId: string;
  const inputs = new Map<string, Input>();

  const openedOnline = async () => {
    await page.click('#online');
    await page.locator('#checked-where', { hasText: 'Checked online with the issuer.' }).waitFor();
    return seen(page);
  };
  const download = async (path: string) => {
    const response = await fetch(`${api.url}/certificates/${certificateId}${path}?dob=${DOB}`);
    expect(response.status, path).to.equal(200);
    return Buffer.from(await response.arrayBuffer());
  };
  const admin = async (action: string) => {
    const response = await fetch(`${api.url}/admin/certificates/${certificateId}/${action}`, {
      method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'issued in error' }),
    });
    expect(response.status, `${action} answered ${response.status}`).to.equal(200);
  };

  before(async function () {
    if (!hasChromium('verifier own DIVOC profile')) this.skip();
    const key = countryKey('RSA', 'did:srilanka:moh');
    const divoc = createDivocIssuer({ profile: PROFILE, key: importDivocKey(key.material, 'test') });
    [api, browser] = await Promise.all([startTestApi({ authority: AUTHORITY, divoc }), launchChromium()]);
    ({ certificateId } = await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() }));
    const json = await download('');
    expect(JSON.parse(json.toString('utf8')).evidence[0].certificateId).to.equal(certificateId);
    inputs.set('QR image', { qr: await download('/qr.png') });
    inputs.set('JSON', { text: json.toString('utf8') });
    const tampered = JSON.parse(json.toString('utf8'));
    tampered.evidence[0].dose = 3;
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
  });

  it('refuses a changed copy of our own DIVOC certificate, on the device and online', async () => {
    expect(await check(page, inputs.get('tampered')!)).to.deep.include({ state: 'invalid', reasons: ['reason.invalid_signature'] });
    expect(await openedOnline()).to.deep.include({ state: 'invalid', reasons: ['reason.invalid_signature'] });
  });

  for (const name of ['QR image', 'JSON']) {
    it(`should show our own DIVOC certificate (${name}) as genuine from our DIVOC key, revocation not checked, and valid online`, async () => {
      const here = await check(page, inputs.get(name)!);
      expect(here).to.deep.include({ state: 'unchecked', reasons: ['reason.status_unavailable'], online: true });
      expect(here.issuer).to.include({ trusted: 'true', did: PROFILE.issuer });
      expect(here.issuer!.text).to.include(AUTHORITY.name);
      expect(await openedOnline()).to.deep.include({ state: 'valid', reasons: [], tick: '"✔ "' });
    });
  }

  it('should read suspended online while an admin has it suspended, valid again once reinstated', async () => {
    await admin('suspend');
    for (const name of ['QR image', 'JSON']) {
      expect(await check(page, inputs.get(name)!), name).to.deep.include({ state: 'unchecked', reasons: ['reason.status_unavailable'] });
      expect(await openedOnline(), name).to.deep.include({ state: 'suspended', reasons: ['reason.suspended'] });
    }
    await admin('reinstate');
    await check(page, inputs.get('QR image')!);
    expect(await openedOnline()).to.deep.include({ state: 'valid', reasons: [] });
  });

  it('should read revoked online once an admin revoked it, and still unchecked on the device', async () => {
    await admin('revoke');
    for (const name of ['QR image', 'JSON']) {
      expect(await check(page, inputs.get(name)!), name).to.deep.include({ state: 'unchecked', reasons: ['reason.status_unavailable'] });
      expect(await openedOnline(), name).to.deep.include({ state: 'revoked', reasons: ['reason.revoked'] });
    }
  });
});
