import { expect } from 'chai';
import {
  buildTestResultCredential, buildVaccinationCredential, createIssuer, issueCredential, verifyCredential,
  type Issuer,
} from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { trustEntryOf } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { buildDidDocument, generateIssuerKeySet, rotateIssuerKey } from '@healthcred/issuer-identity';
import { statusEntry, statusEntryForPosition } from '@healthcred/status-list';
import type { BitstringStatusListEntry, DidDocument, SignedHealthCredential } from '@healthcred/types';
import { buildOptions, ISSUER_DID, ISSUER_URL, legacyVaccinationCredential, mockIssuer, mockTestResultRecord, mockVaccinationRecord, UNICODE_NAMES } from '@healthcred/testing';
import { altered, leaves, setPath } from './fixtures/tamper.js';

const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL] });

/** A trust list holding these DID documents, as one authority each. */
function trusting(...didDocuments: DidDocument[]) {
  return didDocuments.map((didDocument) => trustEntryOf({ did: didDocument.id, url: ISSUER_URL, didDocument }, {
    name: 'Ministry of Health', country: 'LK',
  }));
}

/** A signed vaccination credential with the two status entries issuance gives new credentials, or `credentialStatus`. */
async function issueVaccination(
  issuer: Issuer, name?: string, credentialStatus: BitstringStatusListEntry | BitstringStatusListEntry[] = statusEntryForPosition(42, ISSUER_URL),
): Promise<SignedHealthCredential> {
  const record = mockVaccinationRecord();
  if (name !== undefined) record.recipient.name = name;
  return issueCredential({ credential: buildVaccinationCredential(record, { ...buildOptions(issuer), credentialStatus }), issuer });
}

describe('issueCredential() and verifyCredential()', () => {
  let issuer: Issuer;
  let trustedIssuers: ReturnType<typeof trusting>;
  let signed: SignedHealthCredential;

  before(async () => {
    issuer = mockIssuer();
    trustedIssuers = trusting(issuer.didDocument);
    signed = await issueVaccination(issuer);
  });

  it('should sign with an Ed25519Signature2020 proof by the active key', () => {
    expect(signed.proof).to.include({
      type: 'Ed25519Signature2020', proofPurpose: 'assertionMethod', verificationMethod: issuer.signer.id,
    });
    expect(signed.proof.proofValue).to.match(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
  });

  it('should verify a credential it issued, passing every check', async () => {
    const result = await verifyCredential({ credential: signed, documentLoader, trustedIssuers, checkStatus: async () => 'valid' });
    expect(result).to.deep.equal({
      verified: true, checks: ['structure', 'issuer', 'contexts', 'holder', 'dates', 'issuer_key', 'proof', 'status'], errors: [],
      warnings: [], issuer: { id: ISSUER_DID, trusted: true, name: 'Ministry of Health', country: 'LK' },
    });
  });

  it('should keep verifying a credential issued before the minimal form (refId, address, age, the refId-derived subject id)', async () => {
    const old = await issueCredential({
      credential: legacyVaccinationCredential(mockVaccinationRecord(), { ...buildOptions(issuer), credentialStatus: statusEntryForPosition(9, ISSUER_URL) }),
      issuer,
    });
    expect(old.credentialSubject).to.include({ refId: 'PQfMcpmXeFE', age: 36 });
    const result = await verifyCredential({ credential: old, documentLoader, trustedIssuers, checkStatus: async () => 'valid' });
    expect(result).to.include({ verified: true });
    const tampered = structuredClone(old);
    tampered.credentialSubject.refId = 'PQfMcpmXeFF';
    expect(await verifyCredential({ credential: tampered, documentLoader, trustedIssuers, checkStatus: async () => 'valid' }))
      .to.include({ verified: false });
  });

  it('should keep verifying a credential issued before the suspension lists, with its one legacy status entry', async () => {
    const legacy = statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 1, index: 7 });
    const old = await issueVaccination(issuer, undefined, legacy);
    expect(old.credentialStatus).to.deep.equal(legacy);
    const seen: unknown[] = [];
    const checkStatus = async (entry: BitstringStatusListEntry) => {
      seen.push(entry);
      return 'suspended' as const;
    };
    const result = await verifyCredential({ credential: old, documentLoader, trustedIssuers, checkStatus });
    expect(result.checks).to.include('proof');
    expect(result.errors).to.deep.equal([{ check: 'status', code: 'suspended', message: result.errors[0]!.message }]);
    expect(seen).to.deep.equal([legacy]);
  });

  it('should verify a test-result credential', async () => {
    const credential = buildTestResultCredential(mockTestResultRecord(), buildOptions(issuer));
    const result = await verifyCredential({ credential: await issueCredential({ credential, issuer }), documentLoader, trustedIssuers });
    expect(result.verified).to.equal(true);
  });

  for (const [script, name] of Object.entries(UNICODE_NAMES)) {
    it(`should round-trip a ${script} name through signing, JSON and verification`, async () => {
      const credential = await issueVaccination(issuer, name);
      const reparsed = JSON.parse(JSON.stringify(credential));
      expect(reparsed.credentialSubject.name).to.equal(name);
      expect((await verifyCredential({ credential: reparsed, documentLoader, trustedIssuers })).verified).to.equal(true);
    });
  }

  it('should keep verifying credentials signed by a key that has since been retired', async () => {
    const keys = generateIssuerKeySet({ did: ISSUER_DID });
    const before = createIssuer({ keys, url: ISSUER_URL });
    const old = await issueVaccination(before);
    const after = createIssuer({ keys: rotateIssuerKey(keys), url: ISSUER_URL });
    const fresh = await issueVaccination(after);
    expect(fresh.proof.verificationMethod).to.not.equal(old.proof.verificationMethod);
    const trusted = trusting(after.didDocument);
    expect((await verifyCredential({ credential: old, documentLoader, trustedIssuers: trusted })).verified).to.equal(true);
    expect((await verifyCredential({ credential: fresh, documentLoader, trustedIssuers: trusted })).verified).to.equal(true);
  });

  describe('negative', () => {
    it('rejects a change to any single field of the signed credential', async () => {
      const paths = leaves(signed).map(([path]) => path)
        .filter((path) => !['@context', 'type', 'issuer', 'proof'].includes(String(path[0])) && !path.includes('type'));
      expect(paths.length).to.be.greaterThan(25);
      for (const path of paths) {
        const tampered = structuredClone(signed) as any;
        const original = path.reduce((node: any, key) => node[key], tampered);
        setPath(tampered, path, altered(original));
        const result = await verifyCredential({ credential: tampered, documentLoader, trustedIssuers });
        expect(result.verified, `changing ${path.join('.')}`).to.equal(false);
        expect(result.errors.map((e) => e.code), `changing ${path.join('.')}`).to.include('invalid_signature');
      }
    });

    it('rejects a changed signature value', async () => {
      const tampered = structuredClone(signed);
      const value = tampered.proof.proofValue;
      tampered.proof.proofValue = `${value.slice(0, 20)}${value[20] === 'a' ? 'b' : 'a'}${value.slice(21)}`;
      const result = await verifyCredential({ credential: tampered, documentLoader, trustedIssuers });
      expect(result.errors).to.deep.include({
        check: 'proof', code: 'invalid_signature',
        message: 'The signature does not match the credential: it was changed after signing or signed by another key.',
      });
    });

    it('rejects a credential signed by another key of the same DID that the DID document does not list', async () => {
      const impostor = mockIssuer();
      const forged = await issueVaccination(impostor);
      const result = await verifyCredential({ credential: forged, documentLoader, trustedIssuers });
      expect(result.verified).to.equal(false);
      expect(result.errors[0]).to.include({ check: 'issuer_key', code: 'unknown_key' });
    });

    it('rejects a proof re-pointed at a key the issuer does not control', async () => {
      const foreign = mockIssuer('did:web:evil.example', ISSUER_URL);
      const forged = await issueVaccination({ ...foreign, did: ISSUER_DID });
      expect(forged.issuer).to.equal(ISSUER_DID);
      expect(forged.proof.verificationMethod).to.match(/^did:web:evil\.example#/);
      const result = await verifyCredential({
        credential: forged, documentLoader, trustedIssuers: trusting(issuer.didDocument, foreign.didDocument),
      });
      expect(result.errors[0]).to.include({ check: 'issuer_key', code: 'issuer_mismatch' });
    });

    it('rejects a key its controller lists but not for assertionMethod', async () => {
      const document = { ...issuer.didDocument, assertionMethod: [] };
      const result = await verifyCredential({ credential: signed, documentLoader, trustedIssuers: trusting(document) });
      expect(result.errors[0]).to.include({ check: 'issuer_key', code: 'key_not_authorized' });
    });

    it('rejects a credential from an issuer the verifier does not trust, naming the issuer', async () => {
      const result = await verifyCredential({ credential: signed, documentLoader, trustedIssuers: [] });
      expect(result.errors).to.deep.equal([{
        check: 'issuer', code: 'untrusted_issuer', message: `The issuer ${ISSUER_DID} is not on this verifier's trust list.`,
      }]);
      expect(result.issuer).to.deep.equal({ id: ISSUER_DID, trusted: false });
    });

    it('rejects an expired credential and one not yet valid, naming the date', async () => {
      const credential = buildVaccinationCredential(mockVaccinationRecord(),
        buildOptions(issuer, { expiresAt: '2026-06-01T00:00:00Z' }));
      const expiring = await issueCredential({ credential, issuer, now: new Date('2026-01-15T10:00:00Z') });
      const valid = await verifyCredential({ credential: expiring, documentLoader, trustedIssuers, now: new Date('2026-03-01T00:00:00Z') });
      expect(valid.verified).to.equal(true);
      const late = await verifyCredential({ credential: expiring, documentLoader, trustedIssuers, now: new Date('2026-07-01T00:00:00Z') });
      expect(late.errors[0]).to.deep.equal({
        check: 'dates', code: 'expired', message: 'The credential expired on 2026-06-01T00:00:00Z.',
      });
      const early = await verifyCredential({ credential: expiring, documentLoader, trustedIssuers, now: new Date('2025-01-01T00:00:00Z') });
      expect(early.errors[0]).to.include({ check: 'dates', code: 'not_yet_valid' });
    });

    it('rejects an unsigned credential and things that are not credentials, without throwing', async () => {
      const { proof: _proof, ...unsigned } = signed;
      for (const [credential, reason] of [
        [unsigned, /not signed/], ['a string', /not a JSON object/], [null, /not a JSON object/],
        [{ ...signed, type: ['ProofOfVaccinationCredential'] }, /VerifiableCredential/],
        [{ ...signed, proof: { ...signed.proof, type: 'JsonWebSignature2020' } }, /Ed25519Signature2020/],
        [{ ...signed, proof: { ...signed.proof, type: 'RsaSignature2018' } }, /"proof.jws" must be strings/],
      ] as const) {
        const result = await verifyCredential({ credential, documentLoader, trustedIssuers });
        expect(result.verified).to.equal(false);
        expect(result.errors[0]!.check).to.equal('structure');
        expect(result.errors[0]!.message).to.match(reason);
      }
    });

    it('rejects a field added after signing that the contexts do not define, naming it', async () => {
      const result = await verifyCredential({ credential: { ...signed, smuggled: 'x' }, documentLoader, trustedIssuers });
      expect(result.errors[0]).to.include({ check: 'contexts', code: 'unknown_term' });
      expect(result.errors[0]!.message).to.contain('"smuggled"');
    });

    it('refuses to issue a field that is not in the context, naming the field', async () => {
      const credential: any = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer));
      credential.evidence[0].sideEffects = 'none';
      try {
        await issueCredential({ credential, issuer });
        expect.fail('issued a credential with an undefined term');
      } catch (error) {
        expect(error).to.be.instanceOf(HealthcredError);
        expect(error).to.include({ code: 'unknown_term', field: 'sideEffects' });
        expect((error as Error).message).to.contain('"sideEffects"');
      }
    });

    it('refuses to issue with an unknown context URL, naming the URL', async () => {
      const credential: any = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer));
      credential['@context'][1] = 'https://unknown.example/credentials/vaccination/v1';
      try {
        await issueCredential({ credential, issuer });
        expect.fail('issued with an unknown context');
      } catch (error) {
        expect(error).to.include({ code: 'unknown_document' });
        expect((error as Error).message).to.contain('"https://unknown.example/credentials/vaccination/v1"');
      }
    });

    it('refuses to sign a credential that names another issuer', async () => {
      const credential = buildVaccinationCredential(mockVaccinationRecord(),
        buildOptions({ ...issuer, did: 'did:web:someone.else' }));
      try {
        await issueCredential({ credential, issuer });
        expect.fail('signed for another issuer');
      } catch (error) {
        expect(error).to.include({ code: 'invalid_input', field: 'issuer' });
      }
    });
  });
});
