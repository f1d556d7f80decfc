// The VC Data Model 2.0 profile: DataIntegrityProof / eddsa-rdfc-2022, checked against the stock digitalbazaar
// libraries (unmodified) and against this verifier, fast path and browser build alike.
import { expect } from 'chai';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import {
  buildTestResultCredential, buildVaccinationCredential, createIssuer, issueCredential, recordFromCredential,
  toVc2Credential, trustEntryOf, verifyCredential, type Issuer, type Vc2HealthCredential,
} from '@healthcred/credentials';
import { verifyCredential as verifyInBrowser } from '@healthcred/credentials/verify';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import {
  buildVc2StatusListCredential, encodeStatusList, vc2StatusEntryForPosition,
} from '@healthcred/status-list';
import { buildOptions, FULL_FIELDS, mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';
import { issueVc2Fast } from '../src/vc2-fast.js';
import { altered, leaves, setPath } from './fixtures/tamper.js';

// jsonld caches contexts by URL for the whole process, so this base URL is used by this file only.
const URL_ = 'https://vc2-profile.example';
const DID = 'did:web:vc2-profile.example';
const NOW = new Date('2026-01-20T10:00:00Z');
const POSITION = 131_072 + 77;

function vc2Issuer(): Issuer {
  return createIssuer({ keys: generateIssuerKeySet({ did: DID }), url: URL_, credentialFields: FULL_FIELDS, dataModel: 'vc2' });
}

function vc2Vaccination(issuer: Issuer, extra: { expiresAt?: string } = {}): Vc2HealthCredential {
  return toVc2Credential(buildVaccinationCredential(mockVaccinationRecord(), {
    ...buildOptions(issuer, extra), credentialStatus: vc2StatusEntryForPosition(POSITION, URL_),
  }), URL_);
}

/** The stock verifier: @digitalbazaar/vc with the DataIntegrityProof suite and the eddsa-rdfc-2022 cryptosuite. */
async function stockVerify(credential: object, documentLoader: DocumentLoader, now = NOW) {
  return vc.verifyCredential({
    credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, now,
    checkStatus: async () => ({ verified: true }),
  });
}

const VERIFIERS = { node: verifyCredential, browser: verifyInBrowser } as const;

describe('the vc2 credential profile (VC 2.0, DataIntegrityProof, eddsa-rdfc-2022)', () => {
  let issuer: Issuer;
  let loader: DocumentLoader;
  before(() => {
    issuer = vc2Issuer();
    loader = createDocumentLoader({ contextBaseUrls: [URL_] });
  });
  const trusted = () => [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })];

  describe('negative', () => {
    for (const [name, verify] of Object.entries(VERIFIERS)) {
      it(`${name}: rejects every tampered leaf of a signed VC 2.0 credential`, async function () {
        this.timeout(120_000);
        const signed = await issueCredential({ credential: vc2Vaccination(issuer), issuer, now: NOW });
        const paths = leaves(signed).filter(([path]) => path[0] !== 'proof' || path[1] === 'created');
        expect(paths.length).to.be.greaterThan(30);
        for (const [path, value] of paths) {
          const tampered = structuredClone(signed);
          setPath(tampered, path, altered(value));
          const result = await verify({ credential: tampered, trustedIssuers: trusted(), documentLoader: loader, now: NOW });
          expect(result.verified, `changed ${path.join('.')}`).to.equal(false);
        }
      });
    }

    it('rejects a DataIntegrityProof on a VC 1.1 credential and a VC 2.0 credential with issuanceDate', async () => {
      const signed: any = await issueCredential({ credential: vc2Vaccination(issuer), issuer, now: NOW });
      const onVc1 = { ...signed, '@context': ['https://www.w3.org/2018/credentials/v1', `${URL_}/credentials/vaccination/v3`] };
      const withIssuanceDate = { ...signed, issuanceDate: signed.validFrom };
      for (const credential of [onVc1, withIssuanceDate]) {
        const result = await verifyCredential({ credential, trustedIssuers: trusted(), documentLoader: loader, now: NOW });
        expect(result.errors[0]?.code).to.equal('malformed_credential');
      }
    });

    it('rejects another cryptosuite, a v2 context beside VC 2.0 and an extra context', async () => {
      const signed: any = await issueCredential({ credential: vc2Vaccination(issuer), issuer, now: NOW });
      const cases: [any, string][] = [
        [{ ...signed, proof: { ...signed.proof, cryptosuite: 'ecdsa-rdfc-2019' } }, 'malformed_credential'],
        [{ ...signed, '@context': ['https://www.w3.org/ns/credentials/v2', `${URL_}/credentials/vaccination/v2`] }, 'unknown_context'],
        [{ ...signed, '@context': [...signed['@context'], 'https://w3id.org/security/data-integrity/v2'] }, 'unknown_context'],
      ];
      for (const [credential, code] of cases) {
        const result = await verifyCredential({ credential, trustedIssuers: trusted(), documentLoader: loader, now: NOW });
        expect(result.errors.map((error) => error.code), JSON.stringify(credential['@context'])).to.include(code);
      }
    });

    it('says expired after validUntil and not yet valid before validFrom', async () => {
      const signed = await issueCredential({ credential: vc2Vaccination(issuer, { expiresAt: '2026-06-01T00:00:00Z' }), issuer, now: NOW });
      const later = await verifyCredential({ credential: signed, trustedIssuers: trusted(), documentLoader: loader, now: new Date('2026-07-01T00:00:00Z') });
      expect(later.errors.map((error) => error.code)).to.deep.equal(['expired']);
      const before_ = await verifyCredential({ credential: signed, trustedIssuers: trusted(), documentLoader: loader, now: new Date('2025-01-01T00:00:00Z') });
      expect(before_.errors.map((error) => error.code)).to.deep.equal(['not_yet_valid']);
    });

    it('rejects a VC 2.0 credential whose Multikey is revoked', async () => {
      const signed = await issueCredential({ credential: vc2Vaccination(issuer), issuer, now: NOW });
      const didDocument = structuredClone(issuer.didDocument);
      const method = didDocument.verificationMethod.find((m) => m.id === signed.proof.verificationMethod)!;
      method.revoked = '2026-01-19T00:00:00Z';
      didDocument.assertionMethod = didDocument.assertionMethod.filter((id) => id !== method.id);
      const result = await verifyCredential({
        credential: signed, trustedIssuers: [{ ...trusted()[0]!, didDocument }], documentLoader: loader, now: NOW,
      });
      expect(result.errors.map((error) => error.code)).to.deep.equal(['revoked_key']);
    });
  });

  it('should publish each key as Ed25519VerificationKey2020 and as Multikey, both for assertionMethod', () => {
    const types = issuer.didDocument.verificationMethod.map((method) => method.type);
    expect(types).to.deep.equal(['Ed25519VerificationKey2020', 'Multikey']);
    expect(issuer.didDocument.assertionMethod).to.have.length(2);
    expect(issuer.didDocument.verificationMethod[1]!.publicKeyMultibase).to.equal(issuer.didDocument.verificationMethod[0]!.publicKeyMultibase);
  });

  it('should issue VC 2.0 credentials that the stock libraries and every channel of this verifier accept', async () => {
    const test = toVc2Credential(buildTestResultCredential(mockTestResultRecord(), {
      ...buildOptions(issuer, { expiresAt: '2027-01-01T00:00:00Z' }), credentialStatus: vc2StatusEntryForPosition(3, URL_),
    }), URL_);
    for (const credential of [vc2Vaccination(issuer), test]) {
      const signed = await issueCredential({ credential, issuer, now: NOW });
      expect(signed).to.include({ validFrom: credential.validFrom }).and.not.have.property('issuanceDate');
      expect(signed.proof).to.include({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
      const stock = await stockVerify(signed, issuer.documentLoader);
      expect(stock.verified, JSON.stringify(stock.error ?? stock.results)).to.equal(true);
      for (const verify of Object.values(VERIFIERS)) {
        const result = await verify({ credential: signed, trustedIssuers: trusted(), documentLoader: loader, now: NOW });
        expect(result.errors).to.deep.equal([]);
        expect(result.checks).to.include.members(['contexts', 'dates', 'issuer_key', 'proof']);
      }
    }
  });

  it('should sign on the fast path byte for byte as the stock DataIntegrityProof path does', async () => {
    const cases = [
      vc2Vaccination(issuer),
      vc2Vaccination(issuer, { expiresAt: '2027-01-01T00:00:00Z' }),
      toVc2Credential(buildTestResultCredential(mockTestResultRecord(), buildOptions(issuer)), URL_),
    ];
    for (const credential of cases) {
      expect(await issueVc2Fast({ credential, issuer, date: NOW, now: NOW }), 'fast path covers it').to.not.equal(undefined);
      const fast = await issueCredential({ credential, issuer, now: NOW });
      const stock = await vc.issue({
        credential: structuredClone(credential), documentLoader: issuer.documentLoader, now: NOW,
        suite: new DataIntegrityProof({ signer: issuer.multikeySigner, date: NOW, cryptosuite }),
      });
      expect(JSON.stringify(fast)).to.equal(JSON.stringify(stock));
    }
  });

  it('should read the record back from a VC 2.0 credential (for re-issues): building it again gives the same credential', async () => {
    const credential = vc2Vaccination(issuer);
    const signed = await issueCredential({ credential, issuer, now: NOW });
    const { record } = recordFromCredential(signed);
    const { evidence: [evidence] } = credential;
    const again = toVc2Credential(buildVaccinationCredential(record as never, {
      issuer, certificateId: evidence.certificateId, issuedAt: credential.validFrom, credentialStatus: credential.credentialStatus,
    }), URL_);
    expect(again).to.deep.equal(credential);
  });

  it('should keep verifying VC 1.1 credentials of the same issuer (Ed25519Signature2020)', async () => {
    const signed = await issueCredential({ credential: buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer)), issuer, now: NOW });
    expect(signed.proof.type).to.equal('Ed25519Signature2020');
    for (const verify of Object.values(VERIFIERS)) {
      const result = await verify({ credential: signed, trustedIssuers: trusted(), documentLoader: loader, now: NOW });
      expect(result.errors).to.deep.equal([]);
    }
  });

  it('should have its status entries read by the stock Bitstring Status List checker: valid, then revoked', async () => {
    const signed = await issueCredential({ credential: vc2Vaccination(issuer), issuer, now: NOW });
    const lists = new Map<string, unknown>();
    const publish = async (revoked: number[]) => {
      for (const kind of ['revocation', 'suspension'] as const) {
        const list = buildVc2StatusListCredential({
          issuer, kind, list: 2, encodedList: encodeStatusList(kind === 'revocation' ? revoked : []), issuedAt: '2026-01-20T09:00:00Z', ttlMs: 300_000,
        });
        lists.set(list.id, await issueCredential({ credential: list, issuer, now: NOW }));
      }
    };
    const documentLoader: DocumentLoader = async (url) => (lists.has(url)
      ? { contextUrl: null, documentUrl: url, document: lists.get(url) } : issuer.documentLoader(url));
    const suite = new DataIntegrityProof({ cryptosuite });
    await publish([]);
    const valid = await checkStatus({ credential: signed, documentLoader, suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
    expect(valid.verified, String(valid.error)).to.equal(true);
    expect(valid.results.map((result: { status: boolean }) => result.status)).to.deep.equal([false, false]);
    await publish([77]);
    const revoked = await checkStatus({ credential: signed, documentLoader, suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
    expect(revoked.verified).to.equal(true);
    expect(revoked.results.map((result: { status: boolean }) => result.status)).to.deep.equal([true, false]);
  });
});
