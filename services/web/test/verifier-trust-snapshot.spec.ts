// The trust snapshot the verifier page keeps: what replaces it, what counts as none, and that status lists are
// verified against it too. The service worker is blocked so that page.route sees the page's every request.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createIssuer, trustEntryOf, type Issuer } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { DidTrustedIssuer, SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import { hasChromium, launchChromium, newContext } from './fixtures/browser.js';

const STORAGE_KEY = 'healthcred.verifier.trust';

async function verdictOf(page: Page, credential: SignedHealthCredential): Promise<{ state: string; reasons: string[] }> {
  await page.setInputFiles('#file', { name: 'qr.png', mimeType: 'image/png', buffer: await renderQrPng(encodeDivocQr(credential)) });
  const verdict = page.locator('#verdict[data-state]');
  await verdict.waitFor();
  const reasons = await page.locator('#reasons li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.reason!));
  return { state: (await verdict.getAttribute('data-state'))!, reasons };
}

describe('verifier page keeps the trust list it verifies against (Chromium)', function () {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let genuine: SignedHealthCredential;
  /** The same DID's other key, which the tests add to the trust list. */
  let other: Issuer;
  let byOtherKey: SignedHealthCredential;

  before(async function () {
    if (!hasChromium('verifier trust snapshot')) this.skip();
    [api, browser] = await Promise.all([startTestApi({ authority: { name: 'Ministry of Health', country: 'LK' } }), launchChromium()]);
    genuine = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() })).credential;
    other = createIssuer({ keys: generateIssuerKeySet({ did: api.issuer.did }), url: api.url });
    byOtherKey = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() }, other)).credential;
  });

  beforeEach(async () => {
    context = await newContext(browser, 'phone', api.url, { serviceWorkers: 'block' });
  });

  afterEach(() => context?.close());

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function ownTrustList(): Promise<DidTrustedIssuer[]> {
    return (await (await fetch(`${api.url}/trust-list`)).json() as { issuers: DidTrustedIssuer[] }).issuers;
  }

  async function open(ready = 'true'): Promise<Page> {
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator(`#trust[data-ready="${ready}"]`).waitFor();
    return page;
  }

  describe('negative', () => {
    it('treats a snapshot saved in the older format (the issuer\'s DID document) as none', async () => {
      const didDocument = await (await fetch(`${api.url}/.well-known/did.json`)).json();
      const old = JSON.stringify({ didDocument: { value: didDocument, savedAt: new Date().toISOString() }, statusLists: {} });
      await context.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [STORAGE_KEY, old]);
      await context.route('**/trust-list', (route) => route.abort());
      const page = await open('false');
      expect(await page.locator('#trust').textContent()).to.contain('Connect to the internet once');
      expect(await verdictOf(page, genuine)).to.deep.equal({ state: 'invalid', reasons: ['reason.not_ready'] });
    });

    it('keeps the saved trust list when the issuer answers with one that is not well-formed', async () => {
      const page = await open();
      expect((await verdictOf(page, genuine)).state).to.equal('valid');
      let served = 0;
      const [own] = await ownTrustList();
      const broken = { ...own!, didDocument: { ...own!.didDocument, assertionMethod: ['did:web:evil.example#key'] } };
      await context.route('**/trust-list', (route) => route.fulfill({ json: { issuers: [broken] } }).then(() => { served++; }));
      await page.reload();
      await page.locator('#trust[data-ready="true"]').waitFor();
      expect(served, 'the page asked for the trust list again').to.be.greaterThan(0);
      expect((await verdictOf(page, genuine)).state).to.equal('valid');
    });

    it('does not use a status list signed by a key the trust list revoked', async () => {
      let revokeCurrent = false;
      await context.route('**/trust-list', async (route) => {
        const [own] = await ownTrustList();
        const [current] = own!.didDocument.verificationMethod;
        const added = other.didDocument.verificationMethod[0]!;
        const didDocument = {
          ...own!.didDocument,
          verificationMethod: [revokeCurrent ? { ...current!, revoked: '2026-01-20T00:00:00Z' } : current!, added],
          assertionMethod: revokeCurrent ? [added.id] : [current!.id, added.id],
        };
        await route.fulfill({ json: { issuers: [{ ...own!, didDocument }] } });
      });
      const page = await open();
      expect(await verdictOf(page, byOtherKey), 'the status list verifies while its key is trusted')
        .to.deep.equal({ state: 'valid', reasons: [] });
      revokeCurrent = true;
      await page.reload();
      await page.locator('#trust[data-ready="true"]').waitFor();
      expect(await verdictOf(page, byOtherKey)).to.deep.equal({ state: 'invalid', reasons: ['reason.status_unavailable'] });
    });
  });

  it('should replace the saved trust list by a well-formed one: an issuer taken off the list is no longer trusted', async () => {
    const page = await open();
    expect((await verdictOf(page, genuine)).state).to.equal('valid');
    const foreign = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:moh.elsewhere.example' }), url: 'https://moh.elsewhere.example' });
    await context.route('**/trust-list', (route) => route.fulfill({
      json: { issuers: [trustEntryOf(foreign, { name: 'Elsewhere Health', country: 'MV' })] },
    }));
    await page.reload();
    await page.locator('#trust[data-ready="true"]').waitFor();
    expect(await verdictOf(page, genuine)).to.deep.equal({ state: 'invalid', reasons: ['reason.untrusted_issuer'] });
    expect(await page.locator('#issuer-did').textContent()).to.equal(api.issuer.did);
  });
});
