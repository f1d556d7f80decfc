// The fast canonicalization path of issueCredential() and verifyCredential() against @digitalbazaar/vc itself.
import { expect } from 'chai';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { canonizeCredential } from '@healthcred/canonize';
import {
  buildTestResultCredential, buildVaccinationCredential, createIssuer, issueCredential, trustEntryOf, verifyCredential,
  type Issuer,
} from '@healthcred/credentials';
import { createDocumentLoader, readHealthcredContexts, type DocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { statusEntry, statusEntryForPosition } from '@healthcred/status-list';
import type {
  DidDocument, HealthCredential, SignedHealthCredential, VerificationErrorCode,
} from '@healthcred/types';
import { buildOptions, ISSUER_DID } from '@healthcred/testing';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

// jsonld caches contexts by URL for the whole process, so each base URL here is used by this file only.
const FAST_URL = 'https://fast-path.example';
const NOW = new Date('2026-01-15T10:00:00Z');
/** The single entry credentials were issued with before the suspension lists (legacy list, bit = revoked or suspended). */
const LEGACY_STATUS = statusEntry({ issuerUrl: FAST_URL, kind: 'legacy', list: 1, index: 94567 });

/** A loader that counts its calls. The fast path asks for the three contexts on every signature it makes or checks. */
function counting(loader: DocumentLoader): DocumentLoader & { calls: number } {
  const counted = Object.assign(async (url: string) => {
    counted.calls++;
    return loader(url);
  }, { calls: 0 });
  return counted;
}

/** The same contexts, serialised with their keys reversed: the same meaning, another document to the fast path. */
function reorderedContexts(): Map<string, object> {
  const reverse = (value: unknown): unknown => (typeof value !== 'object' || value === null || Array.isArray(value)
    ? value : Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverse(v)])));
  return new Map([...readHealthcredContexts()].map(([path, document]) => [path, reverse(document) as object]));
}

/** The name parts of the Sinhala name of mockVaccinationRecord(), with a Latin form of each. */
const NAME_PARTS = { givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };

function credentials(issuer: Issuer): [string, HealthCredential][] {
  const unicode = mockVaccinationRecord();
  unicode.recipient.name = 'Zoë "Q" \\ O\'Brien\n\t👩‍👩‍👧 e\u0301';
  const minimal = mockVaccinationRecord({ verifier: undefined });
  delete minimal.recipient.address;
  return [
    ['a vaccination credential', buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer))],
    ['a minimal vaccination credential', buildVaccinationCredential(minimal, buildOptions(issuer))],
    ['a test-result credential', buildTestResultCredential(mockTestResultRecord(), buildOptions(issuer))],
    ['a credential with the single status entry of earlier issuance, expiry and links', buildVaccinationCredential(unicode, {
      ...buildOptions(issuer, { expiresAt: '2027-01-15T10:00:00Z' }), credentialStatus: LEGACY_STATUS,
      infoUrl: 'https://fast-path.example/info?id=1', feedbackUrl: 'https://fast-path.example/feedback',
    })],
    ['a credential with the revocation and suspension entries of new credentials', buildTestResultCredential(
      mockTestResultRecord(), { ...buildOptions(issuer), credentialStatus: statusEntryForPosition(1_000_000, FAST_URL) })],
    ['a v2 vaccination credential with name parts and Latin forms', buildVaccinationCredential(mockVaccinationRecord({
      recipient: { ...mockVaccinationRecord().recipient, ...NAME_PARTS } }), buildOptions(issuer))],
    ['a v2 test-result credential with a family name alone', buildTestResultCredential(mockTestResultRecord({
      recipient: { ...mockTestResultRecord().recipient, familyName: 'Nguyễn' } }), buildOptions(issuer))],
    ['a credential with the two Bitstring entries of issuance before Status List 2021', buildVaccinationCredential(
      mockVaccinationRecord(), { ...buildOptions(issuer), credentialStatus: (['revocation', 'suspension'] as const).map(
        (kind) => statusEntry({ issuerUrl: FAST_URL, kind, list: 8, index: 831 })) })],
  ];
}

function stockIssue(credential: HealthCredential, issuer: Issuer, documentLoader = issuer.documentLoader) {
  const suite = new Ed25519Signature2020({ signer: issuer.signer, date: NOW });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader, now: NOW });
}

/** A trust list of these DID documents, their contexts served under `url`. */
function trusting(url: string, ...didDocuments: DidDocument[]) {
  return didDocuments.map((didDocument) => trustEntryOf({ did: didDocument.id, url, didDocument }, { name: 'MoH', country: 'LK' }));
}

function stockVerify(credential: object, documentLoader: DocumentLoader) {
  return vc.verifyCredential({
    credential, suite: new Ed25519Signature2020(), documentLoader, now: NOW,
    checkStatus: async () => ({ verified: true }),
  });
}

describe('issueCredential() and verifyCredential() on the fast path', () => {
  let issuer: Issuer;
  let didDocument: DidDocument;

  before(() => {
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: FAST_URL });
    didDocument = issuer.didDocument;
  });

  for (const [name, index] of [['a vaccination credential', 0], ['a minimal vaccination credential', 1],
    ['a test-result credential', 2], ['a credential with the single status entry of earlier issuance, expiry and links', 3],
    ['a credential with the revocation and suspension entries of new credentials', 4],
    ['a v2 vaccination credential with name parts and Latin forms', 5], ['a v2 test-result credential with a family name alone', 6],
    ['a credential with the two Bitstring entries of issuance before Status List 2021', 7],
  ] as const) {
    it(`should sign ${name} exactly as vc.issue does, without JSON-LD expansion`, async () => {
      const credential = credentials(issuer)[index]![1];
      expect(canonizeCredential(credential)).to.be.a('string');
      const documentLoader = counting(issuer.documentLoader);
      const ours = await issueCredential({ credential, issuer: { ...issuer, documentLoader }, now: NOW });
      expect(documentLoader.calls, 'each context, checked once').to.equal(credential['@context'].length);
      expect(ours).to.deep.equal(await stockIssue(credential, issuer));
    });
  }

  it('should ask a loader other than its issuer\'s own for the contexts on every credential it signs', async () => {
    const credential = credentials(issuer)[0]![1];
    const documentLoader = counting(issuer.documentLoader);
    for (const at of [NOW, new Date(NOW.getTime() + 1500), new Date(NOW.getTime() + 250)]) {
      const signed = await issueCredential({ credential, issuer: { ...issuer, documentLoader }, now: at });
      expect(signed.proof.created, 'the second of each proof').to.equal(`${at.toISOString().slice(0, 19)}Z`);
    }
    expect(documentLoader.calls).to.equal(3 * credential['@context'].length);
  });

  it('should issue proofs vc.verifyCredential accepts and verify proofs vc.issue made', async () => {
    const verifier = createDocumentLoader({ contextBaseUrls: [FAST_URL], didDocuments: [didDocument] });
    for (const [name, credential] of credentials(issuer)) {
      const ours = await issueCredential({ credential, issuer, now: NOW });
      expect((await stockVerify(ours, verifier)).verified, name).to.equal(true);
      const loader = counting(verifier);
      const result = await verifyCredential({
        credential: await stockIssue(credential, issuer), documentLoader: loader, trustedIssuers: trusting(FAST_URL, didDocument),
        now: NOW, checkStatus: async () => 'valid',
      });
      expect(result.verified, name).to.equal(true);
      expect(result.checks, name).to.include.members(['proof', 'issuer_key']);
      expect(loader.calls, `${name}: the contexts only; keys come from the trust list`).to.equal(credential['@context'].length);
    }
  });

  it('should issue through vc a credential the fast canonicalizer does not cover', async () => {
    const credential = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer));
    credential.type.reverse();
    expect(canonizeCredential(credential)).to.equal(undefined);
    const ours = await issueCredential({ credential, issuer, now: NOW });
    expect(ours).to.deep.equal(await stockIssue(credential, issuer));
    const verifier = createDocumentLoader({ contextBaseUrls: [FAST_URL], didDocuments: [didDocument] });
    expect((await stockVerify(ours, verifier)).verified).to.equal(true);
    const trustedIssuers = trusting(FAST_URL, didDocument);
    const result = await verifyCredential({ credential: ours, documentLoader: verifier, trustedIssuers, now: NOW });
    expect(result.errors[0], 'healthcred verifiers accept only the types in the order the builders write').to.include({
      check: 'structure', code: 'malformed_credential',
    });
  });

  it('should refuse, as vc.issue does, a credential the fast canonicalizer covers but vc\'s own checks refuse', async () => {
    const changes: [string, (c: any) => void][] = [
      ['an issuanceDate that is not a date', (c) => { c.issuanceDate = 'yesterday'; }],
      ['a subject id that is no URL', (c) => { c.credentialSubject.id = 'https://[unclosed'; }],
    ];
    for (const [name, change] of changes) {
      const credential: any = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer));
      change(credential);
      expect(canonizeCredential(credential), `${name}: covered`).to.be.a('string');
      const stock = await stockIssue(credential, issuer).then(() => 'issued', (error: Error) => error.message);
      const ours = await issueCredential({ credential, issuer, now: NOW }).then(() => 'issued', (error: Error) => error.message);
      expect(stock, name).to.not.equal('issued');
      expect(ours, name).to.contain(stock);
    }
  });

  it('should fall back to vc when the loader serves a context document it does not know, though equivalent', async () => {
    const url = 'https://reordered-contexts.example';
    const reordered = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url });
    const documentLoader = createDocumentLoader({
      contextBaseUrls: [url], contexts: reorderedContexts(), didDocuments: [reordered.didDocument],
    });
    const credential = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(reordered));
    expect(canonizeCredential(credential)).to.be.a('string');
    const ours = await issueCredential({ credential, issuer: { ...reordered, documentLoader }, now: NOW });
    expect(ours).to.deep.equal(await stockIssue(credential, reordered, documentLoader));
  });

  it('should sign what the loader\'s own context means when it is not the known one', async () => {
    const url = 'https://changed-context.example';
    const contexts = readHealthcredContexts();
    const changed = structuredClone(contexts.get('credentials/vaccination/v1')) as any;
    changed['@context'].Vaccination['@context'].dose['@id'] = 'hc:doseNumber';
    contexts.set('credentials/vaccination/v1', changed);
    const other = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url });
    const documentLoader = createDocumentLoader({ contextBaseUrls: [url], contexts });
    const credential = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(other));
    const ours = await issueCredential({ credential, issuer: { ...other, documentLoader }, now: NOW });
    const stock = await stockIssue(credential, other, documentLoader);
    expect(ours.proof.proofValue).to.equal(stock.proof.proofValue);
    const known = await issueCredential({ credential, issuer: other, now: NOW });
    expect(known.proof.proofValue, 'the changed term is signed').to.not.equal(stock.proof.proofValue);
  });

  describe('negative', () => {
    const url = 'https://parity.example';
    let signer: Issuer;
    let fast: DocumentLoader;
    let general: DocumentLoader;

    before(() => {
      signer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url });
      fast = createDocumentLoader({ contextBaseUrls: [url], didDocuments: [signer.didDocument] });
      general = createDocumentLoader({
        contextBaseUrls: [url], contexts: reorderedContexts(), didDocuments: [signer.didDocument],
      });
    });

    /** A signed credential, a change to the verifier's loader, and the error codes both paths must give. */
    async function scenarios(): Promise<
      [string, SignedHealthCredential, DidDocument[], VerificationErrorCode[]][]
    > {
      const signed = await issueCredential({
        credential: buildVaccinationCredential(mockVaccinationRecord(), {
          ...buildOptions(signer, { expiresAt: '2026-06-01T00:00:00Z' }), credentialStatus: statusEntryForPosition(1, url),
        }),
        issuer: signer, now: NOW,
      });
      const impostor = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url });
      const foreign = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:evil.example' }), url });
      const same = [signer.didDocument];
      const tampered = structuredClone(signed);
      tampered.credentialSubject.name = 'Someone Else';
      const badSignature = structuredClone(signed);
      const value = signed.proof.proofValue;
      badSignature.proof.proofValue = `${value.slice(0, 20)}${value[20] === 'a' ? 'b' : 'a'}${value.slice(21)}`;
      const unsigned = (({ proof: _proof, ...rest }) => rest)(signed) as HealthCredential;
      return [
        ['a valid credential', signed, same, []],
        ['a changed field', tampered, same, ['invalid_signature']],
        ['a changed signature', badSignature, same, ['invalid_signature']],
        ['an expired credential', signed, same, ['expired']],
        ['an unknown key', await issueCredential({ credential: unsigned, issuer: impostor, now: NOW }), same,
          ['unknown_key']],
        ['a key not listed for assertionMethod', signed, [{ ...signer.didDocument, assertionMethod: [] }],
          ['key_not_authorized']],
        ['a key of another controller', await issueCredential({
          credential: unsigned, issuer: { ...foreign, did: ISSUER_DID }, now: NOW,
        }), [signer.didDocument, foreign.didDocument], ['issuer_mismatch']],
      ];
    }

    it('rejects a credential whose issuer and context the verifier both lack as untrusted, cached or not', async () => {
      for (const base of [FAST_URL, 'https://never-loaded-context.example']) {
        const stranger = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:stranger.example' }), url: base });
        const credential = await issueCredential({
          credential: buildVaccinationCredential(mockVaccinationRecord(), buildOptions(stranger)), issuer: stranger, now: NOW,
        });
        const result = await verifyCredential({ credential, documentLoader: createDocumentLoader(), trustedIssuers: [], now: NOW });
        expect(result.errors.map((error) => error.code), base).to.deep.equal(['untrusted_issuer']);
      }
    });

    it('rejects on the fast path exactly what vc rejects, with the same checks and codes', async () => {
      for (const [name, credential, documents, codes] of await scenarios()) {
        const now = name === 'an expired credential' ? new Date('2026-07-01T00:00:00Z') : NOW;
        const trustedIssuers = trusting(url, ...documents);
        const checkStatus = async () => 'valid' as const;
        const counted = counting(fast);
        const ours = await verifyCredential({ credential, documentLoader: counted, trustedIssuers, now, checkStatus });
        const theirs = await verifyCredential({ credential, documentLoader: general, trustedIssuers, now, checkStatus });
        expect(ours, name).to.deep.equal(theirs);
        expect(ours.errors.map((error) => error.code), name).to.deep.equal(codes);
      }
    });
  });
});
