import { expect } from 'chai';
import {
  addTrustEntry, parseNewTrustEntry, parseTrustListFile, removeTrustEntry, trustedIssuerOf, type TrustEntry,
} from '@healthcred/trust';
import { issuerDocument, refusal } from '@healthcred/testing';

const OTHER = 'did:web:certificates.health.gov.in';

function pinned(extra: Record<string, unknown> = {}) {
  return {
    did: OTHER, name: 'Ministry of Health, India', country: 'IN', didDocument: issuerDocument(OTHER),
    added: '2026-02-01T10:00:00.000Z', addedBy: 'amara', ...extra,
  };
}

describe('parseTrustListFile()', () => {
  describe('negative', () => {
    it('rejects a country that is not an ISO 3166-1 alpha-2 code, naming the entry and field', () => {
      for (const country of ['in', 'IND', 'I1', '']) {
        const error = refusal(() => parseTrustListFile([pinned({ country })], 'trust-list.json'));
        expect(error.field).to.equal('trust-list.json[0].country');
      }
      expect(refusal(() => parseTrustListFile([pinned({ country: 'IND' })], 'trust-list.json')).message)
        .to.contain('ISO 3166-1 alpha-2');
    });

    it('rejects a pinned DID document whose id is another DID', () => {
      const error = refusal(() => parseTrustListFile([pinned({ didDocument: issuerDocument('did:web:evil.example') })], 'f'));
      expect(error.message).to.contain('did:web:evil.example').and.contain(OTHER);
      expect(error.field).to.equal('f[0].didDocument.id');
    });

    it('refuses a did:key entry and DIDs of other methods: only did:web names an authority', () => {
      const didKey = refusal(() => parseTrustListFile([pinned({ did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', resolve: 'did:web', didDocument: undefined })], 'f'));
      expect(didKey.field).to.equal('f[0].did');
      expect(didKey.message).to.contain('did:key');
      expect(refusal(() => parseTrustListFile([pinned({ did: 'did:india' })], 'f')).message).to.contain('must be a did:web DID');
    });

    it('rejects an entry with both a pinned document and resolve, or with neither, or an unknown resolver', () => {
      expect(refusal(() => parseTrustListFile([pinned({ resolve: 'did:web' })], 'f')).message).to.contain('not both');
      expect(refusal(() => parseTrustListFile([pinned({ didDocument: undefined })], 'f')).message).to.contain('needs didDocument');
      expect(refusal(() => parseTrustListFile([pinned({ didDocument: undefined, resolve: 'did:key' })], 'f')).field).to.equal('f[0].resolve');
    });

    it('rejects the same DID twice, a field it does not know, a bad time and a revoked time that is not one', () => {
      expect(refusal(() => parseTrustListFile([pinned(), pinned()], 'f')).message).to.contain('again (also entry 0)');
      expect(refusal(() => parseTrustListFile([pinned({ trusted: true })], 'f')).field).to.equal('f[0].trusted');
      expect(refusal(() => parseTrustListFile([pinned({ added: 'yesterday' })], 'f')).field).to.equal('f[0].added');
      const document = issuerDocument(OTHER);
      (document.verificationMethod[0] as { revoked?: unknown }).revoked = 'soon';
      const revoked = refusal(() => parseTrustListFile([pinned({ didDocument: document })], 'f'));
      expect(revoked.field).to.equal('verificationMethod[0].revoked');
      expect(revoked.message).to.contain('f[0].didDocument').and.contain('must be an ISO 8601 date-time');
    });

    it('rejects a file that is not a list, and context base URLs that are not http(s) base URLs', () => {
      expect(refusal(() => parseTrustListFile({ issuers: [] }, 'f')).message).to.contain('must be an array');
      expect(refusal(() => parseTrustListFile([pinned({ contextBaseUrls: ['ftp://x.example'] })], 'f')).field).to.equal('f[0].contextBaseUrls[0]');
    });
  });

  it('should read pinned and resolved entries, keeping a revoked key\'s revocation time', () => {
    const document = issuerDocument(OTHER, { rotated: true });
    const revoked = { ...document.verificationMethod[1]!, revoked: '2026-01-20T00:00:00Z' };
    const withRevoked = { ...document, verificationMethod: [document.verificationMethod[0]!, revoked], assertionMethod: [document.verificationMethod[0]!.id] };
    const entries = parseTrustListFile([
      pinned({ didDocument: withRevoked, contextBaseUrls: ['https://certificates.health.gov.in/'] }),
      { did: 'did:web:moh.gov.lk', name: 'Ministry of Health, Sri Lanka', country: 'LK', resolve: 'did:web', added: '2026-02-01T10:00:00Z', addedBy: 'kasun' },
    ], 'f');
    expect(entries[0]).to.deep.include({ did: OTHER, contextBaseUrls: ['https://certificates.health.gov.in'] });
    expect((entries[0] as { didDocument: { verificationMethod: unknown[] } }).didDocument.verificationMethod[1]).to.deep.equal(revoked);
    expect(entries[1]).to.deep.equal({
      did: 'did:web:moh.gov.lk', name: 'Ministry of Health, Sri Lanka', country: 'LK', resolve: 'did:web',
      added: '2026-02-01T10:00:00Z', addedBy: 'kasun',
    });
    expect(trustedIssuerOf(entries[0]!, withRevoked)).to.deep.equal({
      did: OTHER, name: 'Ministry of Health, India', country: 'IN', didDocument: withRevoked,
      contextBaseUrls: ['https://certificates.health.gov.in'],
    });
  });
});

describe('parseNewTrustEntry(), addTrustEntry(), removeTrustEntry()', () => {
  it('names fields bare for an HTTP body and refuses the stamp fields', () => {
    expect(refusal(() => parseNewTrustEntry({ did: OTHER, name: 'x', country: 'india', resolve: 'did:web' })).field).to.equal('country');
    expect(refusal(() => parseNewTrustEntry({ did: OTHER, name: 'x', country: 'IN', resolve: 'did:web', addedBy: 'me' })).field).to.equal('addedBy');
  });

  it('should add an entry stamped with who and when, refuse the same DID again, and remove it', () => {
    const entry = parseNewTrustEntry({ did: OTHER, name: 'Ministry of Health, India', country: 'IN', resolve: 'did:web' });
    const now = new Date('2026-02-02T08:00:00Z');
    const list: TrustEntry[] = addTrustEntry([], entry, { addedBy: 'amara', now });
    expect(list).to.deep.equal([{ ...entry, added: '2026-02-02T08:00:00.000Z', addedBy: 'amara' }]);
    expect(refusal(() => addTrustEntry(list, entry, { addedBy: 'kasun', now })).code).to.equal('conflict');
    expect(removeTrustEntry(list, OTHER)).to.deep.equal({ entries: [], removed: list[0] });
    expect(refusal(() => removeTrustEntry([], OTHER)).code).to.equal('not_found');
  });
});
