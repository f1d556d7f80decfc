// Compact v3 (`HCQ3:`, CBOR-LD with per-issuer tables): generated credentials of both context versions and any
// subset of the optional fields round-trip and verify; hostile payloads give typed errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  buildTestResultCredential, buildVaccinationCredential, generateCertificateId, issueCredential, trustEntryOf, verifyCredential,
  type Issuer,
} from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import {
  COMPACT_V3_PREFIX, decodeBase45, decodeCompactQrV3, decodeQrPayload, decodeQrPayloadWithTrust, encodeBase45,
  encodeCompactQrV3, qrInfo, renderQrPng,
} from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import { deflateSync } from 'fflate';
import { cborldIssuerOf, dictionaryFor, HEALTHCRED_REGISTRY_ENTRY, issuerFingerprint } from '../src/cborld-tables.js';
import type { DidDocument, SignedHealthCredential, TestResultRecord, VaccinationRecord } from '@healthcred/types';
import { hasZbarimg, mockTestResultRecord, mockVaccinationRecord, zbarimg } from '@healthcred/testing';
import { createIssuer } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { ISSUER_URL, loaderFor, mockIssuer, trustFor } from './fixtures/credentials.js';

/** JSON with sorted keys: equal for the same credential whatever its key order. */
function sorted(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sorted).join(',')}]`;
  return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${sorted((value as any)[key])}`).join(',')}}`;
}

/** A small seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const NAME_PARTS = { givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };
const RECIPIENT_OPTIONAL = ['refId', 'gender', 'age', 'nationality', 'address'] as const;

/** Drops each optional field with probability 1/2, and adds the name parts (context v2) or not. */
function generated(kind: 'vaccination' | 'test-result', next: () => number): VaccinationRecord | TestResultRecord {
  const record: any = kind === 'vaccination' ? mockVaccinationRecord() : mockTestResultRecord();
  for (const field of RECIPIENT_OPTIONAL) if (next() < 0.5) delete record.recipient[field];
  if (next() < 0.5) Object.assign(record.recipient, NAME_PARTS);
  const event = kind === 'vaccination' ? record.vaccination : record.test;
  const eventOptional = kind === 'vaccination' ? ['icd11Code', 'prophylaxis', 'batch'] : ['testName', 'manufacturer', 'sampleOrigin', 'resultTimestamp'];
  for (const field of eventOptional) if (next() < 0.5) delete event[field];
  if (next() < 0.5) delete record.facility.address;
  if (kind === 'vaccination' && next() < 0.5) { event.dose = 1; event.totalDoses = 1; }
  return record;
}

async function issue(issuer: Issuer, kind: 'vaccination' | 'test-result', record: VaccinationRecord | TestResultRecord, withStatus = true) {
  const options = {
    issuer, certificateId: generateCertificateId(), issuedAt: '2026-01-15T10:00:00Z',
    ...(withStatus ? { credentialStatus: statusEntryForPosition(1_000_000, ISSUER_URL) } : {}),
  };
  const credential = kind === 'vaccination'
    ? buildVaccinationCredential(record as VaccinationRecord, options)
    : buildTestResultCredential(record as TestResultRecord, options);
  return issueCredential({ credential, issuer, now: new Date('2026-01-15T10:00:00Z') });
}

/** A one-dose vaccination (or a test result) without the optional address, age and refId. */
function minimal(kind: 'vaccination' | 'test-result', names = false): VaccinationRecord | TestResultRecord {
  const record: any = kind === 'vaccination' ? mockVaccinationRecord() : mockTestResultRecord();
  for (const field of RECIPIENT_OPTIONAL.filter((name) => name !== 'gender' && name !== 'nationality')) delete record.recipient[field];
  if (kind === 'vaccination') Object.assign(record.vaccination, { dose: 1, totalDoses: 1 });
  if (names) Object.assign(record.recipient, NAME_PARTS);
  return record;
}

/** A payload written when v3 was published, with its issuer's DID document and the credential it holds. */
const printed = (file = 'compact-v3-printed.json') => JSON.parse(readFileSync(new URL(`fixtures/${file}`, import.meta.url), 'utf8')) as {
  payload: string; didDocument: DidDocument; credential: SignedHealthCredential;
};

/** An issuer of another deployment (another DID and base URL). */
const otherIssuer = () => createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:other.example' }), url: 'https://other.example' });

describe('encodeCompactQrV3() and decodeCompactQrV3()', () => {
  let issuer: Issuer;
  before(() => { issuer = mockIssuer(); });
  const now = new Date('2026-02-01T00:00:00Z');
  const options = () => ({ issuer: trustFor(issuer)[0]!, documentLoader: loaderFor(issuer) });
  const decodeOptions = () => ({ trustedIssuers: trustFor(issuer), documentLoader: loaderFor(issuer) });
  const verify = (credential: SignedHealthCredential) =>
    verifyCredential({ credential, documentLoader: loaderFor(issuer), trustedIssuers: trustFor(issuer), now });

  for (const kind of ['vaccination', 'test-result'] as const) {
    it(`should round-trip and verify 12 generated ${kind} credentials (both context versions, any optional fields)`, async () => {
      const next = random(kind.length);
      const contexts = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const signed = await issue(issuer, kind, generated(kind, next), next() < 0.8);
        contexts.add(signed['@context'][1]!);
        const payload = await encodeCompactQrV3(signed, options());
        expect(payload.startsWith(COMPACT_V3_PREFIX)).to.equal(true);
        expect(qrInfo(payload, { ecc: 'M' }).mode).to.equal('alphanumeric');
        const decoded = await decodeCompactQrV3(payload, decodeOptions());
        expect(sorted(decoded), `case ${i}`).to.equal(sorted(signed));
        expect((await verify(decoded)).verified, `case ${i}`).to.equal(true);
      }
      expect([...contexts].map((url) => url.slice(-2)).sort()).to.deep.equal(['v1', 'v2']);
    });
  }

  it('should fit a one-dose vaccination with its two status entries in QR version <= 12 at ECC M, a test result in <= 13', async () => {
    const sizes: Record<string, number> = {};
    for (const [name, kind, names] of [['vaccination', 'vaccination', false], ['test-result', 'test-result', false], ['vaccination-v2', 'vaccination', true]] as const) {
      const signed = await issue(issuer, kind, minimal(kind, names));
      expect(signed.credentialStatus).to.have.length(2);
      sizes[name] = qrInfo(await encodeCompactQrV3(signed, options()), { ecc: 'M' }).version;
    }
    expect(sizes.vaccination, JSON.stringify(sizes)).to.be.at.most(12);
    // With the Status List 2021 entries a test result needs 12 or 13, by the random ids it draws (a fresh-clone run saw 13).
    expect(sizes['test-result'], JSON.stringify(sizes)).to.be.at.most(13);
    expect(sizes['vaccination-v2'], 'with name parts and Latin forms (context v2)').to.be.at.most(13);
  });

  const printedCodes = [
    ['when v3 was published', 'compact-v3-printed.json', now],
    ['with Status List 2021 entries (dictionary 3)', 'compact-v3-sl2021-printed.json', new Date('2026-12-03T00:00:00Z')],
  ] as const;
  for (const [when, file, at] of printedCodes) {
    it(`should still decode the code printed ${when}, verify it, and write it the same way`, async () => {
      const { payload, didDocument, credential } = printed(file);
      const trusted = [trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
      const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [didDocument] });
      const decoded = await decodeCompactQrV3(payload, { trustedIssuers: trusted, documentLoader });
      expect(sorted(decoded)).to.equal(sorted(credential));
      expect((await verifyCredential({ credential: decoded, documentLoader, trustedIssuers: trusted, now: at })).verified).to.equal(true);
      expect(await encodeCompactQrV3(credential, { issuer: trusted[0]!, documentLoader })).to.equal(payload);
    });
  }

  it('should still decode a printed code after the issuer gains a key and a base URL (a rotation, a new domain)', async () => {
    const { payload, didDocument, credential } = printed();
    const newKey = { ...didDocument.verificationMethod[0]!, id: `${didDocument.id}#z6MkNewKeyAfterRotation` };
    const rotated = { ...didDocument, verificationMethod: [newKey, ...didDocument.verificationMethod] };
    const bases = ['https://new.example', ISSUER_URL];
    const trusted = [{ ...trustEntryOf({ did: rotated.id, url: ISSUER_URL, didDocument: rotated }, { name: 'MoH', country: 'LK' }), contextBaseUrls: bases }];
    const documentLoader = createDocumentLoader({ contextBaseUrls: bases, didDocuments: [rotated] });
    const decoded = await decodeCompactQrV3(payload, { trustedIssuers: trusted, documentLoader });
    expect(sorted(decoded)).to.equal(sorted(credential));
  });

  it('should be read from its PNG by zbar and verify, through decodeQrPayloadWithTrust', async function () {
    if (!hasZbarimg()) this.skip();
    const signed = await issue(issuer, 'vaccination', mockVaccinationRecord());
    const payload = await encodeCompactQrV3(signed, options());
    const path = join(mkdtempSync(join(tmpdir(), 'hcq3-')), 'qr.png');
    writeFileSync(path, await renderQrPng(payload, { ecc: 'M' }));
    const scanned = zbarimg(path, true);
    const decoded = await decodeQrPayloadWithTrust(scanned, decodeOptions());
    expect(decoded.format).to.equal('compact');
    expect((await verify(decoded.credential)).verified).to.equal(true);
  });

  it('should leave other formats to decodeQrPayload', async () => {
    const payload = JSON.stringify(await issue(issuer, 'test-result', mockTestResultRecord()));
    expect((await decodeQrPayloadWithTrust(payload, decodeOptions())).format).to.equal('json');
  });

  describe('negative', () => {
    let payload: string;
    before(async () => { payload = await encodeCompactQrV3(await issue(issuer, 'vaccination', mockVaccinationRecord()), options()); });
    const rejects = async (text: string | Uint8Array, pattern: RegExp) => {
      const error = await decodeQrPayloadWithTrust(text, decodeOptions()).then(() => undefined, (caught: unknown) => caught);
      expect(error, String(text).slice(0, 40)).to.have.property('code', 'invalid_input');
      expect((error as Error).message).to.match(pattern);
    };
    const body = () => decodeBase45(payload.slice(COMPACT_V3_PREFIX.length));
    const withBody = (bytes: Uint8Array) => COMPACT_V3_PREFIX + encodeBase45(bytes);

    it('rejects a payload of an issuer not on the trust list', async () => {
      const other = otherIssuer();
      const error = await decodeCompactQrV3(payload, { trustedIssuers: trustFor(other), documentLoader: loaderFor(other) })
        .then(() => undefined, (caught: unknown) => caught);
      expect(error).to.have.property('code', 'invalid_input');
      expect((error as Error).message).to.match(/trust list/);
    });

    it('rejects payloads that are truncated, too long, not base45, or flag ids they cannot derive', async () => {
      await rejects(`${COMPACT_V3_PREFIX}ab`, /base45/);
      await rejects(withBody(body().subarray(0, 4)), /truncated/);
      await rejects(withBody(body().subarray(0, body().length - 20)), /truncated|DEFLATE/);
      await rejects(COMPACT_V3_PREFIX + '0'.repeat(6000), /longer than any QR/);
      const flagged = body();
      flagged[3] = (flagged[3]! & 0xc0) | 0x3f;
      await rejects(withBody(flagged), /derived ids/);
      // All four dictionary numbers are in use (3: Status List 2021 entries); the payload read with another is refused.
      const dictionary = body();
      expect(dictionary[3]! >> 6).to.equal(3);
      dictionary[3] = (dictionary[3]! & 0x3f) | 0x40;
      await rejects(withBody(dictionary), /DEFLATE|CBOR-LD|not a credential|derived ids/);
    });

    it('rejects 300 fuzzed payloads with typed errors, never a crash', async () => {
      const next = random(7);
      const signed = await decodeCompactQrV3(payload, decodeOptions());
      const original = body();
      for (let i = 0; i < 300; i++) {
        const bytes = original.slice();
        for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips--) {
          bytes[4 + Math.floor(next() * (bytes.length - 4))] = Math.floor(next() * 256);
        }
        const result = await decodeCompactQrV3(withBody(bytes), decodeOptions()).then((credential) => ({ credential }), (error: unknown) => ({ error }));
        if ('error' in result) expect(result.error, `case ${i}`).to.have.property('code').that.is.oneOf(['invalid_input', 'unknown_document', 'unknown_term']);
        else if ((await verify(result.credential)).verified) {
          expect(sorted(result.credential), `case ${i} verifies: only as the credential itself`).to.equal(sorted(signed));
        }
      }
    });

    it('rejects hostile CBOR-LD (deep nesting, huge declared lengths, unknown contexts, a bomb) with invalid_input', async () => {
      const target = cborldIssuerOf(trustFor(issuer)[0]!)!;
      const wrap = (cbor: Uint8Array) => {
        const deflated = deflateSync(cbor, { level: 9, dictionary: dictionaryFor(target) });
        return withBody(new Uint8Array([...issuerFingerprint(target.did), 0, ...deflated]));
      };
      // CBOR-LD 1.0: tag 0xcb1d, then [registry entry, document].
      const tagged = (...document: number[]) => new Uint8Array([0xd9, 0xcb, 0x1d, 0x82, 0x19, HEALTHCRED_REGISTRY_ENTRY >> 8, HEALTHCRED_REGISTRY_ENTRY & 0xff, ...document]);
      const url = new TextEncoder().encode('https://evil.example/context');
      const cases: [string, Uint8Array, RegExp][] = [
        ['deep nesting', tagged(...new Array(15_000).fill(0x81), 0x00), /not CBOR-LD/],
        ['a 4-billion-item array', tagged(0x9a, 0xff, 0xff, 0xff, 0xff), /not CBOR-LD/],
        ['a 4 GB byte string', tagged(0x5a, 0xff, 0xff, 0xff, 0xff), /not CBOR-LD/],
        ['an unknown context URL', tagged(0xa1, 0x01, 0x78, url.length, ...url), /not CBOR-LD/],
        ['another registry entry', new Uint8Array([0xd9, 0xcb, 0x1d, 0x82, 0x05, 0xa0]), /not CBOR-LD/],
        ['not CBOR-LD at all', new TextEncoder().encode('hello'), /not CBOR-LD/],
        ['an inflation bomb', new Uint8Array(200_000), /inflates to more than/],
      ];
      for (const [name, cbor, pattern] of cases) {
        const error = await decodeCompactQrV3(wrap(cbor), decodeOptions()).then(() => undefined, (caught: unknown) => caught);
        expect(error, name).to.have.property('code', 'invalid_input');
        expect((error as Error).message, name).to.match(pattern);
      }
    });

    it('rejects a v3 payload given to decodeQrPayload, which has no trust list', () => {
      expect(() => decodeQrPayload(payload)).to.throw(/decodeQrPayloadWithTrust/);
    });

    it('rejects encoding for another issuer\'s trust entry', async () => {
      const signed = await issue(issuer, 'vaccination', mockVaccinationRecord());
      const error = await encodeCompactQrV3(signed, { ...options(), issuer: trustFor(otherIssuer())[0]! }).then(() => undefined, (caught: unknown) => caught);
      expect(error).to.have.property('code', 'invalid_input');
    });
  });
});
