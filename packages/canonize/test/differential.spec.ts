// The fast path against the reference: jsonld's expansion + toRDF + RDFC-1.0 over thousands of generated credentials.
// A failing case prints its seed; re-run it with randomCredential(seed, ...).
import { expect } from 'chai';
import jsonld from 'jsonld';
import { canonizeCredential, canonizeProofOptions } from '@healthcred/canonize';
import { createDocumentLoader } from '@healthcred/document-loader';
import { randomCredential, randomProofOptions } from './fixtures/random-credentials.js';

const ISSUER_URLS = ['http://localhost:8080', 'https://certificates.health.example.gov.lk/', 'https://x.example/a/b'];
const CASES = Number(process.env.CANONIZE_CASES ?? 2000);

const documentLoader = createDocumentLoader({ contextBaseUrls: ISSUER_URLS });

function reference(document: object): Promise<string> {
  return jsonld.canonize(document, {
    algorithm: 'URDNA2015', format: 'application/n-quads', safe: true, documentLoader,
  } as any);
}

describe('canonizeCredential() and canonizeProofOptions() against jsonld.canonize()', () => {
  it(`should give jsonld's exact output for ${CASES} generated credentials and their proof options`, async function () {
    this.timeout(120_000);
    const kinds = new Set<string>();
    const statusForms = { lone: 0, one: 0, two: 0 };
    let statusList2021 = 0;
    let withExpiry = 0;
    let minimal = 0;
    let withNameParts = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const credential = randomCredential(seed, ISSUER_URLS[seed % ISSUER_URLS.length]!);
      kinds.add(credential.type[1]);
      const status = credential.credentialStatus;
      if (status) statusForms[!Array.isArray(status) ? 'lone' : status.length === 1 ? 'one' : 'two']++;
      if (credential['@context'].includes('https://w3id.org/vc/status-list/2021/v1')) statusList2021++;
      if (credential.expirationDate) withExpiry++;
      if (!['refId', 'gender', 'age', 'nationality', 'address'].some((key) => key in credential.credentialSubject)) minimal++;
      if (credential['@context'][1].endsWith('/v2')) {
        withNameParts++;
        expect(credential.credentialSubject, `seed ${seed}`).to.have.property('familyName');
      }
      const fast = canonizeCredential(credential);
      expect(fast, `seed ${seed}: not covered`).to.be.a('string');
      expect(fast, `seed ${seed}`).to.equal(await reference(credential));
      const proofOptions = randomProofOptions(seed, credential);
      expect(canonizeProofOptions(proofOptions), `seed ${seed}: proof options`).to.equal(await reference(proofOptions));
    }
    expect([...kinds].sort()).to.deep.equal(['ProofOfTestCertificateCredential', 'ProofOfVaccinationCredential']);
    // Status: none, one entry (as first issued), an array of one, the two entries of new credentials.
    for (const count of Object.values(statusForms)) expect(count).to.be.within(CASES * 0.1, CASES * 0.25);
    // Half of the credentials with a status: Status List 2021 entries under its context, as new credentials are.
    expect(statusList2021).to.be.within(CASES * 0.2, CASES * 0.3);
    expect(withExpiry).to.be.within(CASES * 0.3, CASES * 0.7);
    // The minimal credential (the default: no refId, sex, age, nationality or address) is a third of the cases or more.
    expect(minimal).to.be.within(CASES * 0.3, CASES * 0.5);
    // The v2 contexts (the holder's name parts and Latin forms) as often as v1.
    expect(withNameParts).to.be.within(CASES * 0.3, CASES * 0.7);
  });

  it('should label blank nodes as jsonld does when both addresses and the verifier are present and alike', async () => {
    const credential: any = randomCredential(7, ISSUER_URLS[0]!);
    const address = { addressCountry: 'LK', city: 'Colombo' };
    credential.credentialSubject.address = { ...address };
    credential.evidence[0].facility = { name: 'Same', address: { ...address } };
    credential.evidence[0].verifier = { name: 'Same' };
    const fast = canonizeCredential(credential);
    expect(fast).to.match(/_:c14n3 /);
    expect(fast).to.equal(await reference(credential));
  });

  it('should give the output of jsonld when one IRI names two nodes, whose quads it merges', async () => {
    const statusOf = (c: any) => [c.credentialStatus].flat()[0];
    const changes: [string, (c: any) => void][] = [
      ['the subject and the evidence', (c) => { c.evidence[0].id = c.credentialSubject.id; }],
      ['the credential and its subject', (c) => { c.credentialSubject.id = c.id; }],
      ['the credential and a status entry', (c) => { statusOf(c).id = c.id; }],
      ['a status entry and the evidence', (c) => { c.evidence[0].id = statusOf(c).id; }],
    ];
    for (const [name, change] of changes) {
      for (let seed = 1; seed <= 12; seed++) {
        const credential: any = randomCredential(seed, ISSUER_URLS[seed % ISSUER_URLS.length]!);
        if (credential.credentialStatus === undefined) continue;
        change(credential);
        expect(canonizeCredential(credential), `${name}, seed ${seed}`).to.equal(await reference(credential));
      }
    }
  });
});
