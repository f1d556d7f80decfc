import { expect } from 'chai';
import { createIssuer, issueCredential, trustEntryOf, verifyCredential, type Issuer } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import {
  STATUS_LIST_KINDS, statusEntry, statusEntryForPosition, statusListUrl, type StatusListKind,
} from '@healthcred/status-list';
import { createStatusListChecker } from '@healthcred/status-list/read';
import { ISSUER_DID, ISSUER_URL, listCredential } from './fixtures/lists.js';

// Position 3 is revoked, 5 suspended, 7 valid, as the issuer's API publishes them in its series.
const SET: Record<StatusListKind, number[]> = {
  'revocation-2021': [3], 'suspension-2021': [5], revocation: [3], suspension: [5], legacy: [3, 5],
};

describe('createStatusListChecker()', () => {
  let issuer: Issuer;
  let other: Issuer;
  let originals: Map<string, unknown>;
  let served: Map<string, unknown>;
  let fetched: string[];
  let check: ReturnType<typeof createStatusListChecker>;

  const sign = (kind: StatusListKind, by: Issuer = issuer) =>
    issueCredential({ credential: listCredential({ kind, indexes: SET[kind], issuer: { did: by.did, url: ISSUER_URL } }), issuer: by });

  /** The issuer's server: the signed lists by URL, counting fetches; a URL it does not serve is a 404. */
  const fetchList = async (url: string) => {
    fetched.push(url);
    if (!served.has(url)) throw new Error(`404 ${url}`);
    return structuredClone(served.get(url));
  };

  before(async () => {
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: ISSUER_URL });
    other = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:other.example' }), url: 'https://other.example' });
    originals = new Map(await Promise.all(STATUS_LIST_KINDS.map(async (kind) => [statusListUrl(ISSUER_URL, kind, 1), await sign(kind)] as const)));
  });

  beforeEach(() => {
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL, other.url] });
    const trustedIssuers = [issuer, other].map((one) => trustEntryOf(one, { name: 'Ministry of Health', country: 'LK' }));
    const verifyList = async (list: unknown) => (await verifyCredential({ credential: list, documentLoader, trustedIssuers })).verified;
    served = new Map(originals);
    fetched = [];
    check = createStatusListChecker({ fetchList, verifyList });
  });

  const at = (position: number) => statusEntryForPosition(position, ISSUER_URL);
  const legacy = (index: number) => statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 1, index });

  describe('negative', () => {
    it('refuses a list whose bits were changed after signing, rather than reading a revoked credential as valid', async () => {
      const url = statusListUrl(ISSUER_URL, 'revocation-2021', 1);
      const tampered = structuredClone(served.get(url)) as { credentialSubject: { encodedList: string } };
      tampered.credentialSubject.encodedList = listCredential({ kind: 'revocation-2021', indexes: [] }).credentialSubject.encodedList;
      served.set(url, tampered);
      const error = await check(at(3)[0], ISSUER_DID).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).to.deep.include({ code: 'invalid_input', field: 'proof' });
    });

    it('refuses a list another trusted issuer signed for this issuer\'s URL (its contexts are not that issuer\'s)', async () => {
      served.set(statusListUrl(ISSUER_URL, 'revocation', 1), await sign('revocation', other));
      const bitstring = statusEntry({ issuerUrl: ISSUER_URL, kind: 'revocation', list: 1, index: 3 });
      const error = await check(bitstring, ISSUER_DID).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).to.deep.include({ code: 'invalid_input', field: 'proof' });
    });

    it('refuses a Status List 2021 list another trusted issuer signed for this issuer\'s URL (W3C contexts: it verifies, as that issuer\'s)', async () => {
      served.set(statusListUrl(ISSUER_URL, 'revocation-2021', 1), await sign('revocation-2021', other));
      const error = await check(at(3)[0], ISSUER_DID).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).to.deep.include({ code: 'invalid_input', field: 'issuer' });
    });

    it('passes on a failed fetch, and fetches again on the next call', async () => {
      const url = statusListUrl(ISSUER_URL, 'revocation-2021', 1);
      const list = served.get(url);
      served.delete(url);
      const error = await check(at(3)[0], ISSUER_DID).then(() => undefined, (thrown: unknown) => thrown);
      expect(String(error)).to.contain('404');
      served.set(url, list);
      expect(await check(at(3)[0], ISSUER_DID)).to.equal('revoked');
      expect(fetched).to.deep.equal([url, url]);
    });

    it('refuses an entry that names no list', async () => {
      const error = await check({ ...at(3)[0], statusListCredential: undefined as unknown as string }, ISSUER_DID).then(() => undefined, (e: unknown) => e);
      expect(error).to.deep.include({ code: 'invalid_input', field: 'statusListCredential' });
    });
  });

  it('should read both entries of new credentials: revoked, suspended and valid', async () => {
    expect(await Promise.all(at(3).map((entry) => check(entry, ISSUER_DID)))).to.deep.equal(['revoked', 'valid']);
    expect(await Promise.all(at(5).map((entry) => check(entry, ISSUER_DID)))).to.deep.equal(['valid', 'suspended']);
    expect(await Promise.all(at(7).map((entry) => check(entry, ISSUER_DID)))).to.deep.equal(['valid', 'valid']);
  });

  it('should read both Bitstring entries of credentials issued before the Status List 2021 series', async () => {
    const bitstring = (index: number) => (['revocation', 'suspension'] as const).map((kind) => statusEntry({ issuerUrl: ISSUER_URL, kind, list: 1, index }));
    expect(await Promise.all(bitstring(3).map((entry) => check(entry, ISSUER_DID)))).to.deep.equal(['revoked', 'valid']);
    expect(await Promise.all(bitstring(5).map((entry) => check(entry, ISSUER_DID)))).to.deep.equal(['valid', 'suspended']);
  });

  it('should tell a suspended legacy credential from a revoked one through the parallel suspension list', async () => {
    expect(await check(legacy(3), ISSUER_DID)).to.equal('revoked');
    expect(await check(legacy(5), ISSUER_DID)).to.equal('suspended');
    expect(await check(legacy(7), ISSUER_DID)).to.equal('valid');
  });

  it('should say revoked for a set legacy bit when the suspension list cannot be had', async () => {
    served.delete(statusListUrl(ISSUER_URL, 'suspension', 1));
    expect(await check(legacy(5), ISSUER_DID)).to.equal('revoked');
  });

  it('should fetch each list once however many entries it reads', async () => {
    for (const position of [3, 5, 7, 3, 5]) for (const entry of at(position)) await check(entry, ISSUER_DID);
    const bitstring = (['revocation', 'suspension'] as const).map((kind) => statusEntry({ issuerUrl: ISSUER_URL, kind, list: 1, index: 3 }));
    await Promise.all([legacy(3), legacy(5), legacy(7), ...bitstring].map((entry) => check(entry, ISSUER_DID)));
    expect([...fetched].sort()).to.deep.equal(STATUS_LIST_KINDS.map((kind) => statusListUrl(ISSUER_URL, kind, 1)).sort());
  });
});
