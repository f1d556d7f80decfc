import { expect } from 'chai';
import { divocNamespacesOf, issueCredential, buildVaccinationCredential, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { verifyCredential as verifyInBrowserBuild } from '@healthcred/credentials/verify';
import { createDocumentLoader, readDivocContexts } from '@healthcred/document-loader';
import type { TrustedIssuer } from '@healthcred/types';
import { parseStrictJson } from '@healthcred/validation';
import {
  DIVOC_ISSUER, DIVOC_NAMESPACE, DIVOC_TEST_NAMESPACE, divocCertificate, divocIssuer, divocTestCertificate, divocTestKey,
  signWithDivoc, type DivocTestKey,
} from '@healthcred/testing';
import { buildOptions, mockIssuer } from '@healthcred/testing';
import { mockVaccinationRecord } from '@healthcred/testing';
import { altered, leaves, setPath } from './fixtures/tamper.js';

const VC = 'https://www.w3.org/2018/credentials/v1';
const documentLoader = createDocumentLoader({
  divocNamespaces: { [DIVOC_NAMESPACE]: 'vaccination/v1', [DIVOC_TEST_NAMESPACE]: 'test-certificate/v1' },
});

for (const type of ['RSA', 'ED25519'] as const) {
  const suite = type === 'RSA' ? 'RsaSignature2018' : 'Ed25519Signature2018';

  describe(`verifyCredential() of a DIVOC certificate signed ${suite} by DIVOC's certificate-signer-library`, () => {
    let key: DivocTestKey;
    let signed: Record<string, unknown>;
    let trustedIssuers: TrustedIssuer[];
    const verify = (credential: unknown, trust: readonly TrustedIssuer[] = trustedIssuers) =>
      verifyCredential({ credential, trustedIssuers: trust, documentLoader, now: new Date('2022-01-01T00:00:00Z') });

    before(async () => {
      key = divocTestKey(type);
      signed = await signWithDivoc(divocCertificate(), key);
      trustedIssuers = [divocIssuer([key.trusted])];
    });

    describe('negative', () => {
      it('rejects a change to any single field, DIVOC\'s string and empty forms included', async () => {
        const paths = leaves(signed).map(([path]) => path)
          .filter((path) => !['@context', 'type', 'issuer', 'proof'].includes(String(path[0])) && !path.includes('type'));
        expect(paths.length).to.be.greaterThan(35);
        for (const path of paths) {
          const tampered = structuredClone(signed) as any;
          setPath(tampered, path, altered(path.reduce((node: any, step) => node[step], tampered)));
          const result = await verify(tampered);
          expect(result.errors.map((e) => e.code), `changing ${path.join('.')}`).to.deep.equal(['invalid_signature']);
        }
      });

      it('rejects a certificate signed by a key the trust entry does not hold, under the same key id', async () => {
        const result = await verify(signed, [divocIssuer([divocTestKey(type).trusted])]);
        expect(result.verified).to.equal(false);
        expect(result.errors).to.deep.equal([{
          check: 'proof', code: 'invalid_signature',
          message: 'The signature does not match the credential: it was changed after signing or signed by another key.',
        }]);
      });

      it('rejects a key id the entry does not hold, and a key of the other suite under the proof\'s key id', async () => {
        const other = divocTestKey(type === 'RSA' ? 'ED25519' : 'RSA');
        for (const trust of [[divocIssuer([{ ...key.trusted, id: 'did:india' }])], [divocIssuer([other.trusted])]]) {
          const result = await verify(signed, trust);
          expect(result.errors[0]).to.include({ check: 'issuer_key', code: 'unknown_key' });
        }
      });

      it('rejects a certificate of a key the entry marks revoked', async () => {
        const result = await verify(signed, [divocIssuer([{ ...key.trusted, revoked: '2021-09-01T00:00:00Z' }])]);
        expect(result.errors[0]).to.include({ check: 'issuer_key', code: 'revoked_key' });
      });

      it('rejects an untrusted issuer even with a trusted key: the key is bound to its issuer', async () => {
        const result = await verify(signed, [divocIssuer([key.trusted], { did: 'https://other.example/' })]);
        expect(result.errors).to.deep.equal([{
          check: 'issuer', code: 'untrusted_issuer', message: `The issuer ${DIVOC_ISSUER} is not on this verifier's trust list.`,
        }]);
      });

      it('rejects a field no context defines (it would not be signed), and a context the entry does not name', async () => {
        const extra = structuredClone(signed) as any;
        extra.credentialSubject.vaccinationStatus = 'complete';
        expect((await verify(extra)).errors[0]).to.include({ check: 'contexts', code: 'unknown_term' });
        const elsewhere = structuredClone(signed) as any;
        elsewhere['@context'][1] = 'https://cowin.gov.in/credentials/vaccination/v1';
        expect((await verify(elsewhere)).errors[0]).to.include({ check: 'contexts', code: 'unknown_context' });
        const inline = structuredClone(signed) as any;
        inline['@context'] = [inline['@context'][0], { name: 'https://evil.example/name' }];
        expect((await verify(inline)).errors[0]).to.include({ check: 'contexts', code: 'unknown_context' });
      });

      it('rejects a namespace the trust entry names but the loader does not serve', async () => {
        // A URL no loader of this process ever served: jsonld keeps contexts a loader marked static by URL.
        const unserved = 'https://unserved.example/credentials/vaccination/v1';
        const credential = { ...structuredClone(signed), '@context': [(signed['@context'] as string[])[0], unserved] };
        const trust = [{ ...divocIssuer([key.trusted]), divoc: { keys: [key.trusted], contexts: { [unserved]: 'vaccination/v1' } } }];
        const result = await verify(credential, trust);
        expect(result.errors[0]).to.include({ check: 'contexts', code: 'unknown_context' });
        expect(result.errors[0]!.message).to.contain(unserved);
      });

      it('rejects __proto__ and JSON-LD keywords inside the certificate, and duplicate members in its text', async () => {
        const text = JSON.stringify(signed);
        const proto = JSON.parse(text.replace('"refId"', '"__proto__":{"admin":true},"refId"'));
        expect((await verify(proto)).errors[0]).to.include({ check: 'structure', code: 'forbidden_member' });
        const keyword = JSON.parse(text.replace('"refId"', '"@id":"urn:x","refId"'));
        expect((await verify(keyword)).errors[0]).to.include({ code: 'unknown_context' });
        expect(() => parseStrictJson(text.replace('"name":', '"name":"Someone Else","name":'), 'certificate'))
          .to.throw(/name/);
      });

      it('rejects a certificate with a credentialStatus, which DIVOC\'s verifiers refuse and would leave unchecked', async () => {
        const withStatus = { ...structuredClone(signed), credentialStatus: { id: 'https://divoc.example.lk/status/1#5', type: 'BitstringStatusListEntry' } };
        const result = await verify(withStatus);
        expect(result.errors).to.have.length(1);
        expect(result.errors[0]).to.include({ check: 'structure', code: 'malformed_credential' });
      });

      it('rejects a JWS whose header names another algorithm than the suite\'s', async () => {
        const wrong = structuredClone(signed) as any;
        const header = Buffer.from(JSON.stringify({ alg: type === 'RSA' ? 'RS256' : 'ES256', b64: false, crit: ['b64'] })).toString('base64url');
        wrong.proof.jws = wrong.proof.jws.replace(/^[^.]+/, header);
        const result = await verify(wrong);
        expect(result.errors[0]).to.include({ check: 'proof', code: 'invalid_signature' });
      });

      it('rejects a DIVOC proof for a healthcred issuer, and a healthcred proof for a DIVOC issuer', async () => {
        const issuer = mockIssuer();
        const ours = await issueCredential({ credential: buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer)), issuer });
        const mixed = [trustEntryOf(issuer, { name: 'MoH', country: 'LK' }), divocIssuer([key.trusted], { did: issuer.did })];
        const divocUnderDid = { ...structuredClone(signed), issuer: issuer.did };
        expect((await verify(divocUnderDid, mixed.slice(0, 1))).errors[0]).to.include({ check: 'issuer_key', code: 'key_not_authorized' });
        expect((await verify(ours, mixed.slice(1))).errors[0]).to.include({ check: 'issuer_key', code: 'key_not_authorized' });
      });
    });

    it('should verify it, with DIVOC\'s field forms, naming the issuer, and say revocation cannot be checked', async () => {
      const result = await verify(signed);
      expect(result.errors).to.deep.equal([]);
      expect(result).to.deep.include({
        verified: true, checks: ['structure', 'issuer', 'contexts', 'holder', 'dates', 'issuer_key', 'proof'],
        issuer: { id: DIVOC_ISSUER, trusted: true, name: 'Ministry of Health (DIVOC)', country: 'LK' },
      });
      expect(result.warnings).to.have.length(1);
      expect(result.warnings[0]).to.include({ code: 'status_not_checked' });
      expect(result.warnings[0]!.message).to.contain('no DIVOC revocation service is configured for Ministry of Health (DIVOC)');
    });

    it('should verify it in the browser build alike, and with several keys under one key id (a rotation)', async () => {
      const rotated = [divocIssuer([divocTestKey(type).trusted, key.trusted])];
      for (const result of [
        await verifyInBrowserBuild({ credential: signed, trustedIssuers, documentLoader, now: new Date('2022-01-01T00:00:00Z') }),
        await verify(signed, rotated),
      ]) {
        expect(result.errors).to.deep.equal([]);
        expect(result.verified).to.equal(true);
      }
    });
  });
}

describe('verifyCredential() of an Ed25519Signature2018 certificate where WebCrypto has no Ed25519 (browsers before 2025)', () => {
  const subtle = globalThis.crypto.subtle;
  const importKey = subtle.importKey;
  let key: DivocTestKey;
  let signed: Record<string, unknown>;
  let refused = 0;

  before(async () => {
    key = divocTestKey('ED25519');
    signed = await signWithDivoc(divocCertificate(), key);
    subtle.importKey = (async (...args: Parameters<typeof importKey>) => {
      if ((args[2] as { name?: string }).name === 'Ed25519') {
        refused += 1;
        throw new DOMException('Unrecognized name.', 'NotSupportedError');
      }
      return importKey.apply(subtle, args);
    }) as typeof importKey;
  });
  after(() => {
    subtle.importKey = importKey;
  });

  it('should verify it with the pure-JS Ed25519 verifier, and still refuse a changed one or another key', async () => {
    const now = new Date('2022-01-01T00:00:00Z');
    const trusted = () => [divocIssuer([{ ...key.trusted }])];
    expect(await verifyCredential({ credential: signed, trustedIssuers: trusted(), documentLoader, now })).to.include({ verified: true });
    const tampered = { ...structuredClone(signed), nonTransferable: 'false' };
    expect((await verifyCredential({ credential: tampered, trustedIssuers: trusted(), documentLoader, now })).errors[0]).to.include({ code: 'invalid_signature' });
    const other = [divocIssuer([divocTestKey('ED25519').trusted])];
    expect((await verifyCredential({ credential: signed, trustedIssuers: other, documentLoader, now })).errors[0]).to.include({ code: 'invalid_signature' });
    expect(refused, 'WebCrypto was asked for Ed25519 and refused').to.equal(3);
  });
});

describe('verifyCredential() of a DIVOC test certificate (test-certificate context v1)', () => {
  const now = new Date('2022-01-01T00:00:00Z');
  let key: DivocTestKey;
  let signed: Record<string, unknown>;
  let trustedIssuers: TrustedIssuer[];

  before(async () => {
    key = divocTestKey('ED25519');
    signed = await signWithDivoc(divocTestCertificate(), key, { url: DIVOC_TEST_NAMESPACE, context: readDivocContexts().get('test-certificate/v1')! });
    const entry = divocIssuer([key.trusted]);
    trustedIssuers = [{ ...entry, divoc: { ...entry.divoc, contexts: { ...entry.divoc.contexts, [DIVOC_TEST_NAMESPACE]: 'test-certificate/v1' } } }];
  });

  it('rejects a vaccination certificate naming the test-certificate namespace, and a test certificate the vaccination one', async () => {
    const vaccination = await signWithDivoc({ ...divocCertificate(), '@context': [VC, DIVOC_TEST_NAMESPACE] }, key,
      { url: DIVOC_TEST_NAMESPACE, context: readDivocContexts().get('vaccination/v1')! });
    const test = { ...structuredClone(signed), '@context': [VC, DIVOC_NAMESPACE] };
    for (const credential of [vaccination, test]) {
      const result = await verifyCredential({ credential, trustedIssuers, documentLoader, now });
      expect(result.errors[0]).to.include({ check: 'contexts', code: 'unknown_context' });
    }
  });

  it('should verify it', async () => {
    const result = await verifyCredential({ credential: signed, trustedIssuers, documentLoader, now });
    expect(result.errors).to.deep.equal([]);
    expect(result.verified).to.equal(true);
  });

  it('should verify a vaccination certificate of DIVOC\'s context v2 (dob, icd11Code, prophylaxis), refusing v2 terms under v1', async () => {
    const v2 = 'https://divoc.example.lk/credentials/vaccination/v2';
    const certificate = divocCertificate() as Record<string, any>;
    certificate['@context'] = [VC, v2];
    certificate.credentialSubject.dob = '1985-02-11';
    Object.assign(certificate.evidence[0], { icd11Code: 'XM9QW8', prophylaxis: 'COVID-19 vaccine, non-replicating viral vector' });
    const signedV2 = await signWithDivoc(certificate, key, { url: v2, context: readDivocContexts().get('vaccination/v2')! });
    const entry = divocIssuer([key.trusted]);
    const trust = [{ ...entry, divoc: { ...entry.divoc, contexts: { [v2]: 'vaccination/v2' } } }];
    const loader = createDocumentLoader({ divocNamespaces: { [v2]: 'vaccination/v2' } });
    expect(await verifyCredential({ credential: signedV2, trustedIssuers: trust, documentLoader: loader, now })).to.deep.include({ verified: true, errors: [] });
    const underV1 = { ...signedV2, '@context': [VC, DIVOC_NAMESPACE] };
    const refused = await verifyCredential({ credential: underV1, trustedIssuers: [entry], documentLoader, now });
    expect(refused.errors[0]).to.include({ check: 'contexts', code: 'unknown_term' });
  });
});

describe('divocNamespacesOf()', () => {
  it('should list the namespace URLs of the trusted DIVOC issuers with their contexts, first entry first', () => {
    const key = { id: 'did:india', type: 'Ed25519VerificationKey2018' as const, publicKeyBase58: '1' };
    const first = divocIssuer([key]);
    const second = { ...divocIssuer([key], { did: 'https://b.example/' }), divoc: { keys: [key], contexts: { [DIVOC_NAMESPACE]: 'vaccination/v2', 'https://b.example/t': 'test-certificate/v1', 'https://b.example/x': 'nonsense' } } };
    expect(divocNamespacesOf([trustEntryOf(mockIssuer(), { name: 'x', country: 'LK' }), first, second])).to.deep.equal({
      [DIVOC_NAMESPACE]: 'vaccination/v1', 'https://b.example/t': 'test-certificate/v1',
    });
  });
});
