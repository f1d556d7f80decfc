import { expect } from 'chai';
import { buildVaccinationCredential, createIssuer, issueCredential, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { createSigningPool, issueCertificates, type SigningPool } from '@healthcred/issuance';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { openSqliteStore } from '@healthcred/store';
import { maximalVaccinationRecord, mockVaccinationRecord } from '@healthcred/testing';

const URL = 'https://certify.health.example';
const keys = generateIssuerKeySet({ did: 'did:web:certify.health.example' });
const issuer = createIssuer({ keys, url: URL });

describe('createSigningPool()', () => {
  let pool: SigningPool;
  before(() => {
    pool = createSigningPool({ keys, url: URL, threads: 2 });
  });
  after(() => pool.close());

  it('should sign on its threads exactly as issueCredential does on the main thread, in order', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const credentials = ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF', 'GGGG-HHHH-JJJJ'].map((certificateId) =>
      buildVaccinationCredential(mockVaccinationRecord(), { issuer, certificateId, issuedAt: now.toISOString() }));
    const onThreads = await pool.sign(credentials, now);
    const onMain = await Promise.all(credentials.map((credential) => issueCredential({ credential, issuer, now })));
    expect(onThreads).to.deep.equal(onMain);
  });

  it('should give back what the general signing path adds to a credential it does not cover (the suite context)', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const credential = buildVaccinationCredential(mockVaccinationRecord(), { issuer, certificateId: 'KKKK-MMMM-NNNN', issuedAt: now.toISOString() });
    const withoutSuiteContext = { ...credential, '@context': credential['@context'].filter((url) => !url.includes('ed25519-2020')) };
    const [onThreads] = await pool.sign([withoutSuiteContext as typeof credential], now);
    const onMain = await issueCredential({ credential: withoutSuiteContext as typeof credential, issuer, now });
    expect(onMain['@context']).to.have.length(credential['@context'].length);
    expect(onThreads).to.deep.equal(onMain);
    expect((await verifyCredential({ credential: onThreads!, documentLoader: issuer.documentLoader, trustedIssuers: [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })] })).verified).to.equal(true);
  });

  it('should be used by issueCertificates, with the same outcomes', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const requests = [1, 2, 3, 4, 5].map((n) => ({ sourceKey: `pool:${n}`, kind: 'vaccination' as const, record: mockVaccinationRecord() }));
    const outcomes = await issueCertificates(requests, { store, issuer, signingPool: pool });
    expect(outcomes.map((o) => o.outcome)).to.deep.equal(['inserted', 'inserted', 'inserted', 'inserted', 'inserted']);
    expect(await store.count()).to.equal(5);
    await store.close();
  });

  it('should pass a signing error back with its code', async () => {
    const credential = buildVaccinationCredential(mockVaccinationRecord(), { issuer, certificateId: 'AAAA-BBBB-CCCC', issuedAt: new Date().toISOString() });
    const foreign = { ...credential, issuer: 'did:web:someone-else.example' };
    const error = await pool.sign([foreign], new Date()).catch((e: Error) => e);
    expect(error).to.have.property('code', 'invalid_input');
  });

  it('should draft on its threads the credentials issueCertificates drafts without them, under the given ids', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const ids = ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF', 'GGGG-HHHH-JJJJ'];
    const requests = ids.map((id, n) => ({ request: { sourceKey: `pool:${n}`, kind: 'vaccination' as const, record: mockVaccinationRecord() }, certificateId: id }));
    const drafted = await pool.draft(requests, now);
    const outcomes = await issueCertificates(requests.map((r) => r.request), { store: openSqliteStore({ path: ':memory:' }), issuer, now: () => now, newCertificateId: () => ids.shift()! });
    drafted.forEach((draft, i) => {
      const { proof: _, ...signed } = outcomes[i]!.certificate.credential as Record<string, unknown>;
      expect(JSON.stringify({ ...draft, credentialStatus: signed['credentialStatus'] })).to.equal(JSON.stringify(signed));
    });
  });

  it('should pass a QR capacity refusal back with its code and field', async () => {
    const error = await pool.draft([{ request: { sourceKey: 'pool:big', kind: 'vaccination', record: maximalVaccinationRecord() }, certificateId: 'AAAA-BBBB-CCCC' }], new Date())
      .catch((e: Error) => e);
    expect(error).to.include({ code: 'invalid_input', field: 'record' });
    expect((error as Error).message).to.match(/^record: the certificate would not fit in a QR code/);
  });

  it('refuses a pool without threads', () => {
    expect(() => createSigningPool({ keys, url: URL, threads: 0 })).to.throw(RangeError);
  });
});
