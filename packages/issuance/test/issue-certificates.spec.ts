import { expect } from 'chai';
import { createDocumentLoader } from '@healthcred/document-loader';
import { buildVaccinationCredential, createIssuer, toVc2Credential, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { issueCertificate, issueCertificates } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import {
  decodeStatusList, encodeStatusList, isStatusSet, parseStatusEntry, statusEntryForPosition, vc2StatusEntryForPosition,
  type ParsedStatusEntry,
} from '@healthcred/status-list';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import type { SignedHealthCredential } from '@healthcred/types';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

const URL = 'https://certify.health.example';
const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:certify.health.example' }), url: URL });
const documentLoader = createDocumentLoader({ contextBaseUrls: [URL], didDocuments: [issuer.didDocument] });

function vaccination(n: number, dose = 1): CertificationRequest {
  const record = mockVaccinationRecord();
  return {
    sourceKey: `dhis2:TE${n}:EV${n}:${dose}`, kind: 'vaccination',
    record: { ...record, vaccination: { ...record.vaccination, dose, batch: `LOT-${n}` } },
  };
}

/** The parsed status entries of a credential. */
function statusEntries(credential: SignedHealthCredential): ParsedStatusEntry[] {
  return [credential.credentialStatus].flat().map((entry) => parseStatusEntry(entry, URL)!);
}

describe('issueCertificates()', () => {
  let store: CredentialStore;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('should issue a batch of mixed kinds, each verifying and carrying its own revocation and suspension entries', async () => {
    const requests = [vaccination(1), vaccination(2), { sourceKey: 'lab:T1', kind: 'test-result' as const, record: mockTestResultRecord() }];
    const outcomes = await issueCertificates(requests, { store, issuer });
    expect(outcomes.map((o) => o.outcome)).to.deep.equal(['inserted', 'inserted', 'inserted']);
    const entries = outcomes.map((o) => statusEntries(o.certificate.credential as SignedHealthCredential));
    expect(entries.map((pair) => pair.map((e) => e.kind))).to.deep.equal(Array(3).fill(['revocation-2021', 'suspension-2021']));
    expect(new Set(entries.map(([e]) => `${e.list}/${e.index}`)).size).to.equal(3);
    for (const [revocation, suspension] of entries) expect(suspension).to.deep.include({ list: revocation.list, index: revocation.index });
    expect(outcomes.map((o) => o.certificate.statusListIndex)).to.deep.equal(entries.map(([e]) => e.index));
    for (const { certificate } of outcomes) {
      const result = await verifyCredential({ credential: certificate.credential, documentLoader, trustedIssuers: [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })] });
      expect(result, JSON.stringify(result.errors)).to.include({ verified: true });
    }
  });

  it('should give the same outcomes as one-by-one issuance: replays are duplicates, a later correction supersedes', async () => {
    const corrected = { ...vaccination(1), record: { ...vaccination(1).record, vaccination: { ...vaccination(1).record.vaccination, batch: 'LOT-FIXED' } } };
    const outcomes = await issueCertificates([vaccination(1), vaccination(2), vaccination(1), corrected, vaccination(2)], { store, issuer });
    expect(outcomes.map((o) => o.outcome)).to.deep.equal(['inserted', 'inserted', 'duplicate', 'superseded', 'duplicate']);
    expect(await store.count()).to.equal(3);
    expect(await store.count({ status: 'revoked' })).to.equal(1);
    const replay = await issueCertificate(vaccination(2), { store, issuer });
    expect(replay).to.deep.include({ outcome: 'duplicate' });
    expect(replay.certificate.certificateId).to.equal(outcomes[1]!.certificate.certificateId);
  });

  it('should have the store audit each supersede of a batch with the cause of its own request', async () => {
    const fixed = (n: number) => ({ ...vaccination(n), record: { ...vaccination(n).record, vaccination: { ...vaccination(n).record.vaccination, batch: 'LOT-FIXED' } } });
    const [first] = await issueCertificates([vaccination(1), vaccination(2)], { store, issuer });
    const causes = [1, 2, 3].map((offset) => ({ actor: 'issuer', details: { message: `certify/0@${offset}` } }));
    const outcomes = await issueCertificates([fixed(1), vaccination(2), fixed(1)], { store, issuer }, causes);
    expect(outcomes.map((o) => o.outcome)).to.deep.equal(['superseded', 'duplicate', 'duplicate']);
    const audit = await store.listAudit();
    expect(audit.map((e) => [e.action, e.target, e.actor, e.details?.['message'], e.details?.['replacement']])).to.deep.equal([
      ['certificate.supersede', first!.certificate.certificateId, 'issuer', 'certify/0@1', outcomes[0]!.certificate.certificateId],
    ]);
  });

  it('refuses causes that are not one per request, issuing nothing', async () => {
    const error = await issueCertificates([vaccination(1), vaccination(2)], { store, issuer }, [{ actor: 'issuer' }]).catch((e: Error) => e);
    expect(error).to.be.instanceOf(TypeError).with.property('message').that.includes('"causes"');
    expect(await store.count()).to.equal(0);
  });

  it('should let a revocation show in the published list at the credential\'s own index', async () => {
    const [first, second] = await issueCertificates([vaccination(1), vaccination(2)], { store, issuer });
    await store.setStatus(first!.certificate.certificateId, 'revoked', 'issued in error');
    const entry = (c: typeof first) => statusEntries(c!.certificate.credential as SignedHealthCredential)[0]!;
    const bits = decodeStatusList(encodeStatusList(await store.listStatusPositions({ from: 0, to: 131_072, statuses: ['revoked'] })));
    expect(isStatusSet(bits, entry(first).index)).to.equal(true);
    expect(isStatusSet(bits, entry(second).index)).to.equal(false);
  });

  it('should retry with fresh certificate ids when an id is already taken', async () => {
    const ids = ['AAAA-BBBB-CCCC', 'AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'];
    const newCertificateId = () => ids.shift()!;
    await issueCertificate(vaccination(1), { store, issuer, newCertificateId });
    const second = await issueCertificate(vaccination(2), { store, issuer, newCertificateId });
    expect(second.certificate.certificateId).to.equal('DDDD-EEEE-FFFF');
  });

  it('should save none of a batch the store refuses, and say why', async () => {
    const takenId = () => 'AAAA-BBBB-CCCC';
    await issueCertificate(vaccination(1), { store, issuer, newCertificateId: takenId });
    const error = await issueCertificates([vaccination(2), vaccination(3)], { store, issuer, newCertificateId: takenId })
      .catch((e: Error) => e);
    expect(error).to.have.property('code', 'conflict');
    expect(await store.count()).to.equal(1);
  });

  it('should sign the credential built at its reserved position, member for member, in either data model', async () => {
    const vc2 = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:certify.health.example' }), url: URL, dataModel: 'vc2' });
    for (const [n, signer, entries] of [[1, issuer, statusEntryForPosition], [2, vc2, vc2StatusEntryForPosition]] as const) {
      await store.reserveStatusPositions(7);
      const [{ certificate }] = await issueCertificates([vaccination(n)], { store, issuer: signer });
      const { proof, ...signed } = certificate.credential as SignedHealthCredential;
      const built = buildVaccinationCredential(vaccination(n).record, {
        issuer: signer, certificateId: certificate.certificateId, issuedAt: certificate.issuedAt,
        credentialStatus: entries(certificate.statusListIndex!, URL),
      });
      expect(proof).to.have.property('proofValue');
      expect(JSON.stringify(signed)).to.equal(JSON.stringify(n === 1 ? built : toVc2Credential(built, URL)));
    }
  });
});
