import { expect } from 'chai';
import { createDocumentLoader } from '@healthcred/document-loader';
import { createIssuer, holdIssuer, trustEntryOf, verifyCredential, type Issuer, type IssuerHolder } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { issueCertificates, reissueKeyCertificates, type KeyReissueProgress } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet, revokeIssuerKey, rotateIssuerKey, type IssuerKeySet } from '@healthcred/issuer-identity';
import { openSqliteStore, type CredentialStore, type StoredCertificate } from '@healthcred/store';
import type { SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';

const URL = 'https://certify.health.example';
const DID = 'did:web:certify.health.example';

function vaccination(n: number): CertificationRequest {
  const record = mockVaccinationRecord();
  return { sourceKey: `dhis2:TE${n}:EV${n}:1`, kind: 'vaccination', record: { ...record, vaccination: { ...record.vaccination, batch: `LOT-${n}` } } };
}

async function everyCertificate(store: CredentialStore): Promise<StoredCertificate[]> {
  const all: StoredCertificate[] = [];
  for (let page = await store.list({ limit: 1000 }); page.length > 0; page = await store.list({ limit: 1000, after: page.at(-1)!.certificateId })) {
    all.push(...page);
  }
  return all;
}

const signerOf = (certificate: StoredCertificate) => (certificate.credential as SignedHealthCredential).proof.verificationMethod;

describe('reissueKeyCertificates()', () => {
  let store: CredentialStore;
  let keys: IssuerKeySet;
  let compromised: string;
  let originals: StoredCertificate[];
  /** The issuer after the revocation: a fresh active key, the old one revoked. */
  let issuer: Issuer;
  /** The issuer before the revocation, as a process that has not reloaded its keys yet. */
  let before: Issuer;
  /** `issuer`, as the process running the job holds it. */
  let held: IssuerHolder;

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' });
    keys = generateIssuerKeySet({ did: DID });
    compromised = keys.keys[0]!.id;
    before = createIssuer({ keys, url: URL });
    originals = (await issueCertificates(Array.from({ length: 7 }, (_, n) => vaccination(n)), { store, issuer: before }))
      .map((outcome) => outcome.certificate);
    keys = revokeIssuerKey(keys, { keyId: compromised, reason: 'key leaked' });
    issuer = createIssuer({ keys, url: URL });
    held = holdIssuer(issuer);
  });
  afterEach(() => store.close());

  /** Every original was replaced exactly once, by a current certificate of the same record under the new key. */
  async function expectEachReissuedOnce(): Promise<StoredCertificate[]> {
    const all = await everyCertificate(store);
    expect(all).to.have.length(originals.length * 2);
    const replacements = [];
    for (const original of originals) {
      const old = all.find((c) => c.certificateId === original.certificateId)!;
      expect(old).to.include({ status: 'revoked' });
      expect(old.statusReason).to.contain('key leaked');
      const next = all.find((c) => c.certificateId === old.supersededBy)!;
      expect(next).to.include({ status: 'issued', supersedes: old.certificateId, sourceKey: old.sourceKey });
      expect(next.supersededBy).to.equal(undefined);
      expect(signerOf(next)).to.equal(issuer.signer.id);
      replacements.push(next);
    }
    expect(await store.countCurrentBySigningKey({ verificationMethod: compromised })).to.equal(0);
    return replacements;
  }

  it('should re-issue every certificate the revoked key signed under the current key, audited at start and end', async () => {
    const seen: KeyReissueProgress[] = [];
    const result = await reissueKeyCertificates({
      keyId: compromised, reason: 'key leaked', actor: 'amara', batchSize: 3, settleMs: 0, progressEveryMs: 0,
      onProgress: (progress) => seen.push(progress),
    }, { store, issuer: held });
    expect(result).to.include({ total: 7, reissued: 7, skipped: 0, failed: 0, suspended: 0, done: true });
    expect(seen.map((p) => [p.reissued, p.done])).to.deep.equal([[0, false], [3, false], [6, false], [7, false], [7, true]]);
    const replacements = await expectEachReissuedOnce();
    const documentLoader = createDocumentLoader({ contextBaseUrls: [URL], didDocuments: [issuer.didDocument] });
    const verified = await verifyCredential({
      credential: replacements[0]!.credential, documentLoader, trustedIssuers: [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })],
    });
    expect(verified, JSON.stringify(verified.errors)).to.include({ verified: true });
    // The same holder (the store's key for the person), under the new certificate's own pseudonym.
    const { id: newId, ...subject } = (replacements[0]!.credential as SignedHealthCredential).credentialSubject;
    const { id: oldId, ...original } = (originals[0]!.credential as SignedHealthCredential).credentialSubject;
    expect(subject).to.deep.equal(original);
    expect(newId).to.not.equal(oldId);
    expect(replacements[0]!.subjectId).to.equal(originals[0]!.subjectId);
    const audit = await store.listAudit({ target: compromised });
    expect(audit.map((e) => [e.actor, e.action, e.reason])).to.deep.equal([
      ['amara', 'keys.reissue.end', 'key leaked'], ['amara', 'keys.reissue.start', 'key leaked'],
    ]);
    expect(audit[0]!.details).to.include({ outcome: 'done', reissued: '7', total: '7' });
  });

  it('should finish after a crash part-way when run again, re-issuing each certificate once', async () => {
    let batches = 0;
    const crash = await reissueKeyCertificates({
      keyId: compromised, reason: 'key leaked', actor: 'amara', batchSize: 3, settleMs: 0, progressEveryMs: 0,
      onProgress: () => {
        if (++batches === 3) throw new Error('power cut');
      },
    }, { store, issuer: held }).catch((error: Error) => error);
    expect(crash).to.have.property('message', 'power cut');
    expect(await store.countCurrentBySigningKey({ verificationMethod: compromised })).to.equal(1);
    const resumed = await reissueKeyCertificates({ keyId: compromised, reason: 'key leaked', actor: 'amara', settleMs: 0 }, { store, issuer: held });
    expect(resumed).to.include({ total: 1, reissued: 1 });
    await expectEachReissuedOnce();
    const [end] = await store.listAudit({ target: compromised, limit: 3 });
    expect(end!.details).to.include({ outcome: 'done' });
    expect((await store.listAudit({ target: compromised })).filter((e) => e.details?.['outcome'] === 'stopped')).to.have.length(1);
  });

  it('should re-issue each certificate once when two jobs run at the same time', async () => {
    const job = () => reissueKeyCertificates({ keyId: compromised, reason: 'key leaked', actor: 'amara', batchSize: 2, settleMs: 0 }, { store, issuer: held });
    const [a, b] = await Promise.all([job(), job()]);
    expect(a!.reissued + b!.reissued).to.equal(7);
    await expectEachReissuedOnce();
  });

  it('should leave suspended and operator-revoked certificates as they are, and count the suspended', async () => {
    await store.setStatus(originals[0]!.certificateId, 'suspended', 'under review');
    await store.setStatus(originals[1]!.certificateId, 'revoked', 'issued in error');
    const result = await reissueKeyCertificates({ keyId: compromised, reason: 'key leaked', actor: 'amara', settleMs: 0 }, { store, issuer: held });
    expect(result).to.include({ total: 5, reissued: 5, suspended: 1 });
    expect(await store.findByCertificateId(originals[0]!.certificateId)).to.include({ status: 'suspended' });
    expect(await store.findByCertificateId(originals[1]!.certificateId)).to.include({ status: 'revoked', statusReason: 'issued in error' });
  });

  it('should pass again after a wait, for certificates another process signed with the key before it reloaded', async () => {
    let late: string | undefined;
    const result = await reissueKeyCertificates({
      keyId: compromised, reason: 'key leaked', actor: 'amara', settleMs: 20, progressEveryMs: 0,
      onProgress: (progress) => {
        if (progress.reissued === 0) return;
        late ??= 'pending';
        if (late === 'pending') {
          void issueCertificates([vaccination(100)], { store, issuer: before }).then(([outcome]) => { late = outcome!.certificate.certificateId; });
        }
      },
    }, { store, issuer: held });
    expect(late).to.match(/^[0-9A-Z]{4}-/);
    expect(result).to.include({ total: 8, reissued: 8, done: true });
    expect(await store.countCurrentBySigningKey({ verificationMethod: compromised })).to.equal(0);
  });

  it('should count a certificate it cannot read back as failed, leave it, and still end', async () => {
    const junk = { ...originals[0]!, certificateId: 'JUNK-JUNK-JUNK', credentialId: 'urn:uuid:junk', sourceKey: 'junk:1', statusListIndex: 9_999 };
    await store.saveIssued({ ...junk, credential: { proof: { verificationMethod: compromised } } });
    const result = await reissueKeyCertificates({ keyId: compromised, reason: 'key leaked', actor: 'amara', settleMs: 20 }, { store, issuer: held });
    expect(result).to.include({ total: 8, reissued: 7, failed: 1, done: true });
    expect(await store.findByCertificateId('JUNK-JUNK-JUNK')).to.include({ status: 'issued' });
  });

  describe('negative', () => {
    it('signs no page with a key revoked while the job runs: the next page is signed by the key in force', async () => {
      const seen = new Set<string>();
      let second: string | undefined;
      const result = await reissueKeyCertificates({
        keyId: compromised, reason: 'key leaked', actor: 'amara', batchSize: 3, settleMs: 0, progressEveryMs: 0,
        onProgress: (progress) => {
          if (progress.reissued !== 3 || second !== undefined) return;
          // The key the job signs with leaks too: an operator revokes it while the job is at its second page.
          second = held.current().signer.id;
          held.replace(revokeIssuerKey(keys, { keyId: second, reason: 'leaked as well' }));
        },
      }, { store, issuer: held });
      expect(result).to.include({ reissued: 7, done: true });
      for (const certificate of await store.list({ status: 'issued', limit: 100 })) seen.add(signerOf(certificate));
      expect(second).to.equal(issuer.signer.id);
      expect(await store.countCurrentBySigningKey({ verificationMethod: second!, status: 'issued' })).to.equal(3);
      expect([...seen].sort()).to.deep.equal([second, held.current().signer.id].sort());
    });

    const refusal = (keyId: string, on: Issuer) =>
      reissueKeyCertificates({ keyId, reason: 'r', actor: 'amara', settleMs: 0 }, { store, issuer: holdIssuer(on) }).catch((e: unknown) => e as HealthcredError);

    it('refuses a key that is not revoked, a key the issuer does not publish, and an issuer still signing with the key', async () => {
      const retired = rotateIssuerKey(keys);
      expect(await refusal(retired.keys[1]!.id, createIssuer({ keys: retired, url: URL }))).to.include({ code: 'conflict' });
      expect(await refusal(`${DID}#z6MkUnknown`, issuer)).to.include({ code: 'not_found', field: 'keyId' });
      const stale = { ...issuer, signer: { ...issuer.signer, id: compromised } };
      expect(await refusal(compromised, stale)).to.include({ code: 'conflict' });
      expect(await store.countCurrentBySigningKey({ verificationMethod: compromised })).to.equal(7);
      expect(await store.listAudit()).to.deep.equal([]);
    });
  });

  it('should re-issue the VC 2.0 credentials of the key too, which name it by its Multikey id', async () => {
    let vc2Keys = generateIssuerKeySet({ did: DID });
    const vc2Store = openSqliteStore({ path: ':memory:' });
    try {
      const key = vc2Keys.keys[0]!.id;
      const signedBefore = createIssuer({ keys: vc2Keys, url: URL, dataModel: 'vc2' });
      const issued = await issueCertificates([vaccination(1), vaccination(2)], { store: vc2Store, issuer: signedBefore });
      const multikey = signedBefore.multikeySigner.id;
      expect(issued.map((outcome) => signerOf(outcome.certificate))).to.deep.equal([multikey, multikey]);
      vc2Keys = revokeIssuerKey(vc2Keys, { keyId: key, reason: 'key leaked' });
      const after = holdIssuer(createIssuer({ keys: vc2Keys, url: URL, dataModel: 'vc2' }));
      const progress = await reissueKeyCertificates({ keyId: key, actor: 'test', reason: 'key leaked', settleMs: 0 }, { store: vc2Store, issuer: after });
      expect(progress).to.include({ total: 2, reissued: 2, failed: 0, done: true });
      expect(await vc2Store.countCurrentBySigningKey({ verificationMethod: multikey })).to.equal(0);
      const current = await Promise.all(['1', '2'].map((n) => vc2Store.findCurrentBySourceKey(`dhis2:TE${n}:EV${n}:1`)));
      expect(current.map((c) => signerOf(c!))).to.deep.equal([after.current().multikeySigner.id, after.current().multikeySigner.id]);
    } finally {
      await vc2Store.close();
    }
  });
});
