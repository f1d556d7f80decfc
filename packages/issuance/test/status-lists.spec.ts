import { expect } from 'chai';
import { createIssuer, holdIssuer, trustEntryOf, verifyCredential, type Issuer } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { createStatusLists, issueCertificates, type StatusLists } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { decodeStatusList, isStatusSet } from '@healthcred/status-list';
import { openSqliteStore, type CredentialStore, type StoredCertificate } from '@healthcred/store';
import type { BitstringStatusListEntry, SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';

const URL = 'https://certify.health.example';
const DID = 'did:web:certify.health.example';

function vaccination(n: number): CertificationRequest {
  const record = mockVaccinationRecord();
  return { sourceKey: `dhis2:TE${n}:EV${n}:1`, kind: 'vaccination', record: { ...record, vaccination: { ...record.vaccination, batch: `LOT-${n}` } } };
}

/** The [revocation, suspension] entries of a stored certificate. */
function entriesOf(certificate: StoredCertificate): BitstringStatusListEntry[] {
  return (certificate.credential as SignedHealthCredential).credentialStatus as unknown as BitstringStatusListEntry[];
}

describe('createStatusLists()', () => {
  let store: CredentialStore;
  let issuer: Issuer;
  let clock: Date;
  let lists: StatusLists;
  let certificates: StoredCertificate[];

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' });
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: DID }), url: URL });
    clock = new Date('2026-06-01T10:00:00Z');
    lists = createStatusLists({ store, issuer: holdIssuer(issuer), ttlSeconds: 300, now: () => clock });
    certificates = (await issueCertificates([0, 1, 2].map(vaccination), { store, issuer })).map((outcome) => outcome.certificate);
  });
  afterEach(() => store.close());

  /** The set bits of the list at the given local indexes, read back from the signed list credential. */
  async function bits(kind: 'revocation' | 'suspension', indexes: number[]): Promise<boolean[]> {
    const { body } = await lists.credential(kind, 1);
    const list = JSON.parse(body) as { credentialSubject: { encodedList: string } };
    const decoded = decodeStatusList(list.credentialSubject.encodedList);
    return indexes.map((index) => isStatusSet(decoded, index));
  }

  const indexOf = (certificate: StoredCertificate) => Number(entriesOf(certificate)[0]!.statusListIndex);

  it('refuses a list that is not in use, as not_found', async () => {
    for (const list of [0, 2, -1, 1.5]) {
      const error = await lists.credential('revocation', list).then(() => undefined, (e: unknown) => e);
      expect(error, `list ${list}`).to.be.instanceOf(HealthcredError).with.property('code', 'not_found');
    }
  });

  it('refuses to check an entry of another issuer', async () => {
    const entry = { ...entriesOf(certificates[0]!)[0]!, statusListCredential: 'https://other.example/status/revocation/1' };
    const error = await lists.check(entry).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
  });

  it('publishes a list this issuer signed, which verifies, with the bit of a revoked certificate set and only that', async () => {
    await store.setStatus(certificates[1]!.certificateId, 'revoked', 'entered in error');
    const { body } = await lists.credential('revocation', 1);
    const result = await verifyCredential({
      credential: JSON.parse(body), documentLoader: createDocumentLoader({ contextBaseUrls: [URL], didDocuments: [issuer.didDocument] }),
      trustedIssuers: [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })],
    });
    expect(result.verified, JSON.stringify(result.errors)).to.equal(true);
    expect(await bits('revocation', certificates.map(indexOf))).to.deep.equal([false, true, false]);
    expect(await bits('suspension', certificates.map(indexOf))).to.deep.equal([false, false, false]);
  });

  it('checks each entry from the store now: revoked, suspended and reinstated', async () => {
    const [revocation, suspension] = entriesOf(certificates[2]!);
    expect(await lists.check(revocation!)).to.equal('valid');
    await store.setStatus(certificates[2]!.certificateId, 'suspended', 'under review');
    expect(await lists.check(revocation!)).to.equal('valid');
    expect(await lists.check(suspension!)).to.equal('suspended');
    await store.setStatus(certificates[2]!.certificateId, 'issued', 'review done');
    expect(await lists.check(suspension!)).to.equal('valid');
    await store.setStatus(certificates[2]!.certificateId, 'revoked', 'fraud');
    expect(await lists.check(revocation!)).to.equal('revoked');
  });

  it('signs a list again only when its content changed or its signature is older than the cache time', async () => {
    const first = await lists.credential('revocation', 1);
    clock = new Date(clock.getTime() + 60_000);
    expect(await lists.credential('revocation', 1)).to.deep.equal(first);

    await store.setStatus(certificates[0]!.certificateId, 'revoked', 'entered in error');
    const changed = await lists.credential('revocation', 1);
    expect(changed.etag).to.not.equal(first.etag);
    expect(changed.body).to.not.equal(first.body);

    clock = new Date(clock.getTime() + 301_000);
    const resigned = await lists.credential('revocation', 1);
    expect(resigned.etag).to.equal(changed.etag);
    expect(resigned.body).to.not.equal(changed.body);
  });
});
