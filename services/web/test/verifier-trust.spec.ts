// The attacks of the trust issue against the verifier page, each on the device with the issuer reachable (and then
// checked online with the issuer), and again with the API stopped after the page saved its trust snapshot.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createIssuer } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import type { Ed25519VerificationMethod, SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { startTestApi, type TestApi } from './fixtures/api-server.js';
import {
  didKeyIssuer, hideHolder, signedBy, signedGraph, withDuplicateName, withProtoMember, withRevokedKey,
} from './fixtures/attacks.js';
import { hasChromium, launchChromium, newContext, screenshotPath } from './fixtures/browser.js';
import { check, seen, type Input, type Seen } from './fixtures/verifier-page.js';

const AUTHORITY = { name: 'Ministry of Health', country: 'LK' };
const FOREIGN_DID = 'did:web:moh.elsewhere.example';

/** Each attack: how it reaches the page, what the page must show, and whether the result can be checked online. */
interface Case {
  name: string;
  input(): Input;
  expected(): Pick<Seen, 'state' | 'reasons' | 'issuer'>;
  /** A credential the page decoded can be sent to the issuer; JSON it refused is checked with `POST /verify/qr`. */
  onlineButton: boolean;
  /** The server's code for the JSON text the page refused. */
  serverCode?: string;
  screenshot?: string;
}

describe('verifier page against forged, foreign and altered credentials (Chromium)', function () {
  let api: TestApi;
  let browser: Browser;
  let revokedKey: Ed25519VerificationMethod | undefined;
  let genuine: SignedHealthCredential;
  let byRevokedKey: SignedHealthCredential;
  let forgerDid: string;
  const inputs = new Map<string, Input>();
  const qr = async (credential: object): Promise<Input> => ({ qr: await renderQrPng(encodeDivocQr(credential as SignedHealthCredential)) });

  const cases: Case[] = [
    {
      name: 'a credential signed by a fresh did:key naming itself issuer', onlineButton: true, screenshot: 'verify-untrusted-issuer-phone',
      input: () => inputs.get('didKey')!,
      expected: () => ({
        state: 'invalid', reasons: ['reason.untrusted_issuer'],
        issuer: { trusted: 'false', text: 'Issued by an issuer that is not trusted:', did: forgerDid },
      }),
    },
    {
      name: 'a well-formed credential of a foreign did:web issuer not on the trust list', onlineButton: true,
      input: () => inputs.get('foreign')!,
      expected: () => ({
        state: 'invalid', reasons: ['reason.untrusted_issuer'],
        issuer: { trusted: 'false', text: 'Issued by an issuer that is not trusted:', did: FOREIGN_DID },
      }),
    },
    {
      name: 'a genuine credential whose name and birth date were hidden behind an inline @context alias', onlineButton: true,
      input: () => inputs.get('alias')!,
      expected: () => ({ state: 'invalid', reasons: ['reason.altered_form'] }),
    },
    {
      name: 'a credential JSON with a duplicate "name" member, pasted as text', onlineButton: false, serverCode: 'duplicate_member',
      input: () => ({ text: withDuplicateName(genuine) }),
      expected: () => ({ state: 'invalid', reasons: ['reason.altered_form'] }),
    },
    {
      name: 'a credential JSON with a "__proto__" member, pasted as text', onlineButton: false, serverCode: 'forbidden_member',
      input: () => ({ text: withProtoMember(genuine) }),
      expected: () => ({ state: 'invalid', reasons: ['reason.altered_form'] }),
    },
    {
      name: 'a credential signed with a key the issuer has since revoked', onlineButton: true,
      input: () => inputs.get('revokedKey')!,
      expected: () => ({ state: 'invalid', reasons: ['reason.revoked_key'] }),
    },
  ];
  const valid: Case = {
    name: 'the genuine credential', onlineButton: true, screenshot: 'verify-valid-authority-phone',
    input: () => inputs.get('genuine')!,
    expected: () => ({
      state: 'valid', reasons: [], issuer: { trusted: 'true', text: 'Issued by Ministry of Health, Sri Lanka', did: api.issuer.did },
    }),
  };

  before(async function () {
    if (!hasChromium('verifier trust')) this.skip();
    [api, browser] = await Promise.all([startTestApi({
      authority: AUTHORITY,
      trustedIssuers: (own) => [revokedKey ? withRevokedKey(own, revokedKey, '2026-01-20T00:00:00Z') : own],
    }), launchChromium()]);
    const retired = createIssuer({ keys: generateIssuerKeySet({ did: api.issuer.did }), url: api.url });
    revokedKey = retired.didDocument.verificationMethod[0];
    genuine = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() })).credential;
    byRevokedKey = (await api.issue({ kind: 'vaccination', record: mockVaccinationRecord() }, retired)).credential;
    const forger = didKeyIssuer(api.url);
    forgerDid = forger.did;
    const hidden = hideHolder(genuine);
    expect(await signedGraph(hidden, api.issuer), 'the alias keeps the signed graph').to.equal(await signedGraph(genuine, api.issuer));
    inputs.set('didKey', await qr(await signedBy(forger)));
    inputs.set('foreign', await qr(await signedBy(createIssuer({ keys: generateIssuerKeySet({ did: FOREIGN_DID }), url: 'https://moh.elsewhere.example' }))));
    inputs.set('alias', { text: JSON.stringify(hidden) });
    inputs.set('revokedKey', await qr(byRevokedKey));
    inputs.set('genuine', await qr(genuine));
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function openVerifier(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser, 'phone', api.url);
    const page = await context.newPage();
    await page.goto('/verify');
    await page.locator('#trust[data-ready="true"]').waitFor();
    return { context, page };
  }

  function expectShown(shown: Seen, test: Case): void {
    expect(shown).to.deep.include(test.expected());
    if (!test.expected().issuer) expect(shown.issuer, 'no issuer named').to.equal(undefined);
    if (test.expected().state === 'valid') {
      expect(shown).to.include({ tick: '"✔ "', compare: true });
    } else {
      expect(shown).to.include({ compare: false }).and.not.include({ tick: '"✔ "' });
    }
    expect(shown.online, 'offers the online check').to.equal(test.onlineButton);
  }

  describe('online', () => {
    let page: Page;
    let context: BrowserContext;
    before(async () => ({ context, page } = await openVerifier()));
    after(() => context?.close());

    for (const test of [...cases, valid]) {
      it(`${test === valid ? 'should show' : 'refuses'} ${test.name}, on the device and online`, async () => {
        expectShown(await check(page, test.input()), test);
        if (test.screenshot) await page.screenshot({ path: screenshotPath(test.screenshot), fullPage: true });
        if (test.onlineButton) {
          await page.click('#online');
          await page.locator('#checked-where', { hasText: 'Checked online with the issuer.' }).waitFor();
          const online = await seen(page);
          expect(online).to.deep.include(test.expected());
          expect(online.compare).to.equal(test.expected().state === 'valid');
        } else {
          const input = test.input() as { text: string };
          const response = await fetch(`${api.url}/verify/qr`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ payload: input.text }),
          });
          expect(response.status).to.equal(400);
          expect((await response.json() as { errors: { code: string }[] }).errors[0]).to.include({ code: test.serverCode });
        }
      });
    }
  });

  describe('offline (the API stopped after the trust snapshot was saved)', () => {
    let page: Page;
    let context: BrowserContext;
    before(async () => {
      ({ context, page } = await openVerifier());
      await api.stop();
    });
    after(() => context?.close());

    for (const test of [...cases, valid]) {
      it(`${test === valid ? 'should show' : 'refuses'} ${test.name}`, async () => {
        expectShown(await check(page, test.input()), test);
      });
    }

    it('says the issuer cannot be reached when asked to check online, keeping the result on the device', async () => {
      expectShown(await check(page, valid.input()), valid);
      await page.click('#online');
      await page.locator('#checked-where', { hasText: 'The service cannot be reached.' }).waitFor();
      expect((await seen(page)).state).to.equal('valid');
    });
  });
});
