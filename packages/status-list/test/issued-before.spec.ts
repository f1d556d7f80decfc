// Credentials issued before the Status List 2021 entries, signed by the issuer code of that time (fixture): they keep
// verifying, and their entries keep naming the Bitstring and legacy lists the issuer still publishes.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { parseStatusEntry } from '@healthcred/status-list';
import type { CredentialStatusEntry, DidDocument, SignedHealthCredential } from '@healthcred/types';
import { ISSUER_URL } from './fixtures/lists.js';

interface IssuedBefore {
  didDocument: DidDocument;
  twoEntries: SignedHealthCredential;
  legacy: SignedHealthCredential;
}

const fixture = (): IssuedBefore =>
  JSON.parse(readFileSync(new URL('fixtures/issued-before-2021.json', import.meta.url), 'utf8')) as IssuedBefore;

describe('credentials issued before the Status List 2021 entries', () => {
  const { didDocument } = fixture();
  const trustedIssuers = [trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
  const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL] });
  const entriesOf = (credential: SignedHealthCredential) => [credential.credentialStatus as CredentialStatusEntry | CredentialStatusEntry[]].flat();
  const now = new Date('2026-12-01T00:00:00Z');

  describe('negative', () => {
    it('reads revoked when the store says so, through the entries as they were issued', async () => {
      for (const credential of [fixture().twoEntries, fixture().legacy]) {
        const result = await verifyCredential({
          credential, trustedIssuers, documentLoader, now,
          checkStatus: async (entry) => (parseStatusEntry(entry, ISSUER_URL)?.kind === 'suspension' ? 'valid' : 'revoked'),
        });
        expect(result.errors.map((error) => error.code)).to.deep.equal(['revoked']);
      }
    });
  });

  it('should still verify both forms, under the three contexts they were signed with', async () => {
    for (const credential of [fixture().twoEntries, fixture().legacy]) {
      expect(credential['@context']).to.have.length(3);
      const result = await verifyCredential({ credential, trustedIssuers, documentLoader, now, checkStatus: async () => 'valid' });
      expect(result.verified, JSON.stringify(result.errors)).to.equal(true);
      expect(result.checks).to.include('status');
    }
  });

  it('should parse their entries as the Bitstring series and the legacy series', () => {
    expect(entriesOf(fixture().twoEntries).map((entry) => parseStatusEntry(entry, ISSUER_URL)?.kind)).to.deep.equal(['revocation', 'suspension']);
    expect(entriesOf(fixture().legacy).map((entry) => parseStatusEntry(entry, ISSUER_URL))).to.deep.equal([{ kind: 'legacy', list: 8, index: 82186 }]);
  });
});
