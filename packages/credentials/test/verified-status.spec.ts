import { expect } from 'chai';
import { createIssuer, createVerifiedStatusChecker, issueCredential, trustEntryOf, type Issuer } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { buildStatusListCredential, encodeStatusListFor, statusEntryForPosition, statusListUrl } from '@healthcred/status-list';
import type { TrustedIssuer } from '@healthcred/types';

const URL = 'https://certificates.health.example';
const DID = 'did:web:certificates.health.example';

describe('createVerifiedStatusChecker()', () => {
  let issuer: Issuer;
  let trusted: TrustedIssuer[];
  let served: Map<string, unknown>;
  let check: ReturnType<typeof createVerifiedStatusChecker>;

  /** The revocation list 1 of `by`, with position 3 set, signed by `by`. */
  const revocationList = (by: Issuer) => issueCredential({
    issuer: by,
    credential: buildStatusListCredential({
      issuer: { did: by.did, url: URL }, kind: 'revocation-2021', list: 1, encodedList: encodeStatusListFor('revocation-2021', [3]),
      issuedAt: `${new Date().toISOString().slice(0, 19)}Z`, ttlMs: 300_000,
    }),
  });

  beforeEach(async () => {
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: DID }), url: URL });
    trusted = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })];
    served = new Map([[statusListUrl(URL, 'revocation-2021', 1), await revocationList(issuer)]]);
    check = createVerifiedStatusChecker({
      fetchList: async (url) => {
        if (!served.has(url)) throw new Error(`404 ${url}`);
        return structuredClone(served.get(url));
      },
      trustedIssuers: () => trusted,
      documentLoader: createDocumentLoader({ contextBaseUrls: [URL] }),
    });
  });

  describe('negative', () => {
    it('refuses a list signed by a key not on the trust list, rather than reading its bits', async () => {
      const impostor = createIssuer({ keys: generateIssuerKeySet({ did: DID }), url: URL });
      served.set(statusListUrl(URL, 'revocation-2021', 1), await revocationList(impostor));
      const error = await check(statusEntryForPosition(7, URL)[0], DID).then(() => undefined, (e: unknown) => e);
      expect(error).to.deep.include({ code: 'invalid_input', field: 'proof' });
    });

    it('verifies each list against the trust list as it is then: refused before the issuer is added, read after', async () => {
      const entry = statusEntryForPosition(3, URL)[0];
      const listed = trusted;
      trusted = [];
      const error = await check(entry, DID).then(() => undefined, (e: unknown) => e);
      expect(error).to.deep.include({ code: 'invalid_input', field: 'proof' });
      trusted = listed;
      expect(await check(entry, DID)).to.equal('revoked');
    });
  });

  it('reads a revoked and a valid entry from a list the trusted issuer signed', async () => {
    expect(await check(statusEntryForPosition(3, URL)[0], DID)).to.equal('revoked');
    expect(await check(statusEntryForPosition(4, URL)[0], DID)).to.equal('valid');
  });
});
