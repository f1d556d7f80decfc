import { expect } from 'chai';
import { canonizeCredential, canonizeProofOptions } from '@healthcred/canonize';
import { randomCredential, randomProofOptions } from './fixtures/random-credentials.js';

const ISSUER_URL = 'http://localhost:8080';
const SL2021 = 'https://w3id.org/vc/status-list/2021/v1';

/** A covered vaccination credential with every optional field; fresh on each call. */
function fullVaccination(): any {
  for (let seed = 1; ; seed++) {
    const credential: any = randomCredential(seed, ISSUER_URL);
    const { evidence: [evidence], credentialSubject: subject } = credential;
    if (evidence.type[0] === 'Vaccination' && credential.credentialStatus && credential.expirationDate &&
      evidence.verifier && evidence.infoUrl && subject.address && subject.age !== undefined) return credential;
  }
}

function fullTestResult(): any {
  for (let seed = 1; ; seed++) {
    const credential: any = randomCredential(seed, ISSUER_URL);
    if (credential.evidence[0].type[0] === 'TestResult' && credential.credentialStatus && credential.credentialSubject.address) {
      return credential;
    }
  }
}

/** A credential of `kind` whose subject has every name part and Latin form (so context v2). */
function withAllNameParts(kind: 'Vaccination' | 'TestResult'): any {
  for (let seed = 1; ; seed++) {
    const credential: any = randomCredential(seed, ISSUER_URL);
    const subject = credential.credentialSubject;
    if (credential.evidence[0].type[0] === kind && subject.givenName !== undefined && subject.latinGivenName !== undefined &&
      subject.latinFamilyName !== undefined) return credential;
  }
}

function proofOptions(): any {
  return randomProofOptions(1, fullVaccination());
}

/** The (first) status entry of a credential, whichever form its `credentialStatus` has. */
function statusOf(credential: any): any {
  return Array.isArray(credential.credentialStatus) ? credential.credentialStatus[0] : credential.credentialStatus;
}

/** A change to a covered document, named for the failure message. */
type Change = [string, (document: any) => void];

const CREDENTIAL_CHANGES: Change[] = [
  ['an unknown top-level key', (c) => { c.smuggled = 'x'; }],
  ['an unknown key in the subject', (c) => { c.credentialSubject.email = 'a@b.c'; }],
  ['an unknown key in an address', (c) => { c.evidence[0].facility.address.country = 'LK'; }],
  ['an unknown key in the evidence', (c) => { c.evidence[0].sideEffects = 'none'; }],
  ['a "proof"', (c) => { c.proof = { type: 'Ed25519Signature2020' }; }],
  ['a missing required key', (c) => { delete c.credentialSubject.dob; }],
  ['a missing address country', (c) => { delete c.credentialSubject.address.addressCountry; }],
  ['a missing credential id', (c) => { delete c.id; }],
  ['a null value', (c) => { c.credentialSubject.gender = null; }],
  ['an undefined value', (c) => { c.credentialSubject.gender = undefined; }],
  ['a number where a string is expected', (c) => { c.credentialSubject.name = 42; }],
  ['an array where a string is expected', (c) => { c.credentialSubject.name = ['a', 'b']; }],
  ['an object where a string is expected', (c) => { c.credentialSubject.name = { '@value': 'a' }; }],
  ['a string age', (c) => { c.credentialSubject.age = '36'; }],
  ['a fractional age', (c) => { c.credentialSubject.age = 36.5; }],
  ['an age beyond the safe integers', (c) => { c.credentialSubject.age = 2 ** 53; }],
  ['a string nonTransferable', (c) => { c.nonTransferable = 'true'; }],
  ['types in another order', (c) => { c.type.reverse(); }],
  ['an extra type', (c) => { c.type.push('Extra'); }],
  ['a subject type array', (c) => { c.credentialSubject.type = ['Person']; }],
  ['an evidence type string', (c) => { c.evidence[0].type = 'Vaccination'; }],
  ['a type on a blank node', (c) => { c.evidence[0].facility.type = 'Place'; }],
  ['an id on a blank node', (c) => { c.evidence[0].facility.id = 'https://x.example/f'; }],
  ['two evidence entries', (c) => { c.evidence.push(structuredClone(c.evidence[0])); }],
  ['three status entries', (c) => { c.credentialStatus = [0, 1, 2].map((i) => ({ ...statusOf(c), id: `${statusOf(c).id}${i}` })); }],
  ['two status entries of one id', (c) => { c.credentialStatus = [statusOf(c), structuredClone(statusOf(c))]; }],
  ['an empty status array', (c) => { c.credentialStatus = []; }],
  ['a status array holding a string', (c) => { c.credentialStatus = [statusOf(c), statusOf(c).id]; }],
  ['an evidence object instead of an array', (c) => { c.evidence = c.evidence[0]; }],
  ['a relative IRI', (c) => { c.id = 'credentials/1'; }],
  ['a blank node id', (c) => { c.credentialSubject.id = '_:b0'; }],
  ['a compact IRI the context could expand', (c) => { c.evidence[0].infoUrl = 'hc:info'; }],
  ['an IRI with a space', (c) => { c.issuer = 'did:web:x.example#a b'; }],
  ['an IRI with a non-ASCII character', (c) => { c.issuer = 'https://bücher.example'; }],
  ['an IRI of another scheme', (c) => { c.issuer = 'mailto:a@b.c'; }],
  ['a lone surrogate', (c) => { c.credentialSubject.name = 'a\uD800b'; }],
  ['a "__proto__" key', (c) => { Object.defineProperty(c, '__proto__', { value: 'x', enumerable: true }); }],
  ['a "constructor" key', (c) => { c.constructor = 'x'; }],
  ['the context of the other kind', (c) => {
    const swapped = { vaccination: 'test-result', 'test-result': 'vaccination' } as Record<string, string>;
    c['@context'][1] = c['@context'][1].replace(/(vaccination|test-result)/, (kind: string) => swapped[kind]);
  }],
  ['another context', (c) => { c['@context'][1] = `${ISSUER_URL}/credentials/vaccination/v3`; }],
  ['the VC v2 context', (c) => { c['@context'][0] = 'https://www.w3.org/ns/credentials/v2'; }],
  ['a fourth context', (c) => { c['@context'].push('https://w3id.org/security/v2'); }],
  ['a Bitstring entry under the Status List 2021 context', (c) => {
    c['@context'] = [c['@context'][0], c['@context'][1], SL2021, c['@context'].at(-1)];
    for (const entry of [c.credentialStatus].flat()) entry.type = 'BitstringStatusListEntry';
  }],
  ['a Status List 2021 entry without its context', (c) => {
    c['@context'] = [c['@context'][0], c['@context'][1], c['@context'].at(-1)];
    for (const entry of [c.credentialStatus].flat()) entry.type = 'StatusList2021Entry';
  }],
  ['the Status List 2021 context before the healthcred one', (c) => {
    c['@context'] = [c['@context'][0], SL2021, c['@context'][1], c['@context'].at(-1)];
    for (const entry of [c.credentialStatus].flat()) entry.type = 'StatusList2021Entry';
  }],
  ['an inline context', (c) => { c['@context'].push({ extra: 'https://x.example/extra' }); }],
  ['a context string', (c) => { c['@context'] = c['@context'][0]; }],
  ['a nested context', (c) => { c.credentialSubject['@context'] = c['@context']; }],
  ['a keyword key', (c) => { c.credentialSubject['@type'] = 'Person'; }],
];

describe('canonizeCredential()', () => {
  it('should cover a vaccination credential with every optional field and a test-result credential', () => {
    expect(canonizeCredential(fullVaccination())).to.contain('<https://w3id.org/healthcred#ProofOfVaccinationCredential>');
    expect(canonizeCredential(fullTestResult())).to.contain('<https://w3id.org/healthcred#TestResult>');
  });

  it('should cover the minimal credential: a subject of name and birth date only, no verifier', () => {
    const credential = fullVaccination();
    const { id, type, name, dob } = credential.credentialSubject;
    credential.credentialSubject = { id, type, name, dob };
    delete credential.evidence[0].verifier;
    const quads = canonizeCredential(credential);
    expect(quads).to.be.a('string');
    expect(quads).to.not.match(/healthcred#refId|healthcred#age|schema.org\/gender|schema.org\/nationality|healthcred#verifier/);
  });

  it('should cover the name parts and their Latin forms under the v2 contexts, and only there', () => {
    for (const kind of ['Vaccination', 'TestResult'] as const) {
      const credential = withAllNameParts(kind);
      expect(credential['@context'][1]).to.match(/\/v2$/);
      const quads = canonizeCredential(credential);
      for (const iri of ['https://schema.org/givenName', 'https://schema.org/familyName',
        'https://w3id.org/healthcred#latinGivenName', 'https://w3id.org/healthcred#latinFamilyName']) {
        expect(quads).to.contain(`<${iri}>`);
      }
      credential['@context'][1] = credential['@context'][1].replace(/\/v2$/, '/v1');
      expect(canonizeCredential(credential), 'name parts under v1, which does not define them').to.equal(undefined);
    }
  });

  it('should accept the healthcred context under the configured base URLs only, when given', () => {
    const credential = fullVaccination();
    expect(canonizeCredential(credential, { contextBaseUrls: ['https://a.example', `${ISSUER_URL}/`] })).to.be.a('string');
    expect(canonizeCredential(credential, { contextBaseUrls: ['https://a.example'] })).to.equal(undefined);
  });

  it('should not change its input', () => {
    const credential = fullVaccination();
    const copy = structuredClone(credential);
    canonizeCredential(credential);
    expect(credential).to.deep.equal(copy);
  });

  describe('negative', () => {
    for (const [name, change] of CREDENTIAL_CHANGES) {
      it(`rejects (returns undefined) when a credential has ${name}`, () => {
        for (const build of [fullVaccination, fullTestResult]) {
          const credential = build();
          expect(canonizeCredential(credential), 'before the change').to.be.a('string');
          change(credential);
          expect(canonizeCredential(credential)).to.equal(undefined);
        }
      });
    }

    it('rejects things that are not credential objects', () => {
      for (const value of [null, undefined, 'x', 42, [], [fullVaccination()], new Map()]) {
        expect(canonizeCredential(value)).to.equal(undefined);
      }
    });
  });
});

describe('canonizeProofOptions()', () => {
  it('should cover the Ed25519Signature2020 proof options as a single blank node', () => {
    expect(canonizeProofOptions(proofOptions())).to.match(/^(_:c14n0 <[^>]+> [^\n]+ \.\n){4}$/);
  });

  describe('negative', () => {
    const changes: Change[] = [
      ['another proof purpose', (p) => { p.proofPurpose = 'authentication'; }],
      ['another proof type', (p) => { p.type = 'Ed25519Signature2018'; }],
      ['a proofValue', (p) => { p.proofValue = 'z3'; }],
      ['a challenge', (p) => { p.challenge = 'abc'; }],
      ['a missing created', (p) => { delete p.created; }],
      ['a verificationMethod object', (p) => { p.verificationMethod = { id: p.verificationMethod }; }],
      ['an id', (p) => { p.id = 'urn:uuid:00000000-0000-8000-8000-000000000000'; }],
      ['an unknown context', (p) => { p['@context'] = ['https://w3id.org/security/v2']; }],
    ];
    for (const [name, change] of changes) {
      it(`rejects (returns undefined) proof options with ${name}`, () => {
        const options = proofOptions();
        change(options);
        expect(canonizeProofOptions(options)).to.equal(undefined);
      });
    }
  });
});
