// The compact format's versions: v1 (`HCQ1:`, no status or the one entry credentials were first issued with) stays
// as printed; v2 (`HCQ2:`) carries the revocation and suspension entries of new credentials.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { trustEntryOf, verifyCredential, type Issuer } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import {
  COMPACT_V1_PREFIX, COMPACT_V2_PREFIX, COMPACT_V4_PREFIX, decodeCompactQr, decodeQrPayload, encodeCompactQr, qrInfo,
} from '@healthcred/qr';
import { statusEntry, statusEntryForPosition } from '@healthcred/status-list';
import type { CredentialStatusEntry, DidDocument, SignedHealthCredential } from '@healthcred/types';
import { ISSUER_URL, issueExample, loaderFor, mockIssuer, trustFor } from './fixtures/credentials.js';

/** A payload the v1 encoder wrote before the suspension lists existed, with what it must decode to. */
interface PrintedFixture {
  payload: string;
  didDocument: DidDocument;
  credential: SignedHealthCredential;
}

const printed = (file = 'compact-v1-legacy-status.json'): PrintedFixture =>
  JSON.parse(readFileSync(new URL(`fixtures/${file}`, import.meta.url), 'utf8')) as PrintedFixture;

/** JSON with sorted keys: equal for the same credential whatever its key order. */
function sorted(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${sorted((value as any)[key])}`).join(',')}}`;
}

describe('compact QR versions', () => {
  let issuer: Issuer;
  before(() => { issuer = mockIssuer(); });
  const now = new Date('2026-02-01T00:00:00Z');
  // Position 1,000,000: list 8, index 82144, so the numbers have the length they will have in a nation's lists.
  const newStatus = () => statusEntryForPosition(1_000_000, ISSUER_URL);
  /** The two Bitstring entries credentials carried before the Status List 2021 ones. */
  const bitstringStatus = () => (['revocation', 'suspension'] as const).map((kind) => statusEntry({ issuerUrl: ISSUER_URL, kind, list: 8, index: 82144 }));

  it('should still decode a printed HCQ1 code with one legacy status entry, verify it, and write it the same way', async () => {
    const { payload, didDocument, credential } = printed();
    expect(payload.startsWith(COMPACT_V1_PREFIX)).to.equal(true);
    const decoded = decodeQrPayload(payload);
    expect(decoded.format).to.equal('compact');
    expect(sorted(decoded.credential)).to.equal(sorted(credential));
    expect(decoded.credential.credentialStatus).to.include({ statusListCredential: `${ISSUER_URL}/status/8`, statusListIndex: '82144' });
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [didDocument] });
    const trustedIssuers = [trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
    expect((await verifyCredential({ credential: decoded.credential, documentLoader, trustedIssuers, now })).verified).to.equal(true);
    expect(encodeCompactQr(credential)).to.equal(payload);
  });

  it('should still decode a printed HCQ2 code (context v2, two status entries), verify it, and write it the same way', async () => {
    const { payload, didDocument, credential } = printed('compact-v2-printed.json');
    expect(payload.startsWith(COMPACT_V2_PREFIX)).to.equal(true);
    const decoded = decodeQrPayload(payload);
    expect(sorted(decoded.credential)).to.equal(sorted(credential));
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [didDocument] });
    const trustedIssuers = [trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
    expect((await verifyCredential({ credential: decoded.credential, documentLoader, trustedIssuers, now })).verified).to.equal(true);
    expect(encodeCompactQr(credential)).to.equal(payload);
  });

  it('should still decode a printed HCQ4 code (two Status List 2021 entries), verify it, and write it the same way', async () => {
    const { payload, didDocument, credential } = printed('compact-v4-printed.json');
    expect(payload.startsWith(COMPACT_V4_PREFIX)).to.equal(true);
    const decoded = decodeQrPayload(payload);
    expect(sorted(decoded.credential)).to.equal(sorted(credential));
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [didDocument] });
    const trustedIssuers = [trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
    expect((await verifyCredential({ credential: decoded.credential, documentLoader, trustedIssuers, now: new Date('2026-12-03T00:00:00Z') })).verified).to.equal(true);
    expect(encodeCompactQr(credential)).to.equal(payload);
  });

  for (const kind of ['vaccination', 'test-result'] as const) {
    it(`should write a new ${kind} credential (two Status List 2021 entries) as HCQ4 in QR version <= 15, and verify after decoding`, async () => {
      const signed = await issueExample(issuer, kind, undefined, newStatus());
      const payload = encodeCompactQr(signed);
      expect(payload.startsWith(COMPACT_V4_PREFIX)).to.equal(true);
      expect(qrInfo(payload, { ecc: 'M' })).to.include({ mode: 'alphanumeric' }).and.have.property('version').at.most(15);
      const legacy = await issueExample(issuer, kind, undefined, statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 8, index: 82144 }));
      expect(payload.length, 'no longer than one legacy entry in v1').to.be.at.most(encodeCompactQr(legacy).length);
      const decoded = decodeQrPayload(payload);
      expect(sorted(decoded.credential)).to.equal(sorted(signed));
      expect((await verifyCredential({ credential: decoded.credential, documentLoader: loaderFor(issuer), trustedIssuers: trustFor(issuer), now })).verified).to.equal(true);
    });
  }

  it('should keep writing a credential with the two Bitstring entries as HCQ2, and read it back', async () => {
    const signed = await issueExample(issuer, 'vaccination', undefined, bitstringStatus());
    const payload = encodeCompactQr(signed);
    expect(payload.startsWith(COMPACT_V2_PREFIX)).to.equal(true);
    expect(qrInfo(payload, { ecc: 'M' }).version).to.be.at.most(15);
    expect(sorted(decodeQrPayload(payload).credential)).to.equal(sorted(signed));
  });

  it('should keep writing credentials without status or with one entry as HCQ1', async () => {
    expect(encodeCompactQr(await issueExample(issuer, 'vaccination')).startsWith(COMPACT_V1_PREFIX)).to.equal(true);
    const one = await issueExample(issuer, 'test-result', undefined, newStatus()[0]);
    expect(encodeCompactQr(one).startsWith(COMPACT_V1_PREFIX)).to.equal(true);
  });

  it('should round-trip status arrays the v4 template does not foresee', async () => {
    const [revocation, suspension] = newStatus();
    const odd: [string, CredentialStatusEntry[]][] = [
      ['one entry', [suspension]],
      ['three entries', [revocation, suspension, { ...suspension, id: `${suspension.id}x` }]],
      ['swapped entries', [suspension, revocation]],
      ['ids that are not list#index', [{ ...revocation, id: 'urn:uuid:00000000-0000-8000-8000-000000000000' }, suspension]],
      ['another purpose', [revocation, { ...suspension, statusPurpose: 'revocation' }]],
      ['a Bitstring entry beside a Status List 2021 one', [revocation, bitstringStatus()[1]!]],
    ];
    for (const [name, credentialStatus] of odd) {
      const signed = await issueExample(issuer, 'vaccination', undefined, credentialStatus);
      const payload = encodeCompactQr(signed);
      expect(payload.startsWith(COMPACT_V4_PREFIX), name).to.equal(true);
      expect(sorted(decodeCompactQr(payload)), name).to.equal(sorted(signed));
    }
  });

  describe('negative', () => {
    it('rejects an HCQ2 payload relabelled HCQ1 (other templates and dictionary), and an unknown prefix', async () => {
      const payload = encodeCompactQr(await issueExample(issuer, 'vaccination', undefined, bitstringStatus()));
      const relabelled = payload.replace(COMPACT_V2_PREFIX, COMPACT_V1_PREFIX);
      expect(() => decodeCompactQr(relabelled)).to.throw().with.property('code', 'invalid_input');
      expect(() => decodeCompactQr(payload.replace(COMPACT_V2_PREFIX, 'HCQ9:'))).to.throw(/HCQ1: or HCQ2: or HCQ4:/);
      expect(() => decodeQrPayload(payload.replace(COMPACT_V2_PREFIX, 'HCQ9:'))).to.throw(/newer format version/);
    });

    it('rejects an HCQ4 payload relabelled HCQ2 or HCQ1, rather than reading it as another credential', async () => {
      const signed = await issueExample(issuer, 'vaccination', undefined, newStatus());
      const payload = encodeCompactQr(signed);
      for (const prefix of [COMPACT_V2_PREFIX, COMPACT_V1_PREFIX]) {
        const read = (() => { try { return decodeCompactQr(payload.replace(COMPACT_V4_PREFIX, prefix)); } catch (error) { return error; } })();
        if (read instanceof Error) expect(read, prefix).to.have.property('code', 'invalid_input');
        else expect(sorted(read), prefix).to.not.equal(sorted(signed));
      }
    });
  });
});
