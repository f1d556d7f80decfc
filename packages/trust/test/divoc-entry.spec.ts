import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { encodeBase58 } from '@healthcred/base58';
import { HealthcredError } from '@healthcred/errors';
import { isDivocEntry, isPinned, isResolved, parseNewTrustEntry, parseTrustListFile, trustedIssuerOf } from '@healthcred/trust';

const NAMESPACE = 'https://cowin.gov.in/credentials/vaccination/v1';
const rsaPem = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
const ed25519Base58 = () => encodeBase58(Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url'));

/** An entry of a DIVOC issuer as an operator gives it. */
function divocEntry(): Record<string, any> {
  return {
    did: 'https://cowin.gov.in/', name: 'CoWIN', country: 'IN',
    divoc: {
      keys: [{ id: 'did:india', publicKeyPem: PEM }, { id: 'did:india', publicKeyBase58: BASE58 }],
      contexts: { [NAMESPACE]: 'vaccination/v1' },
      revocationUrl: 'https://cowin.gov.in/divoc/api/v1/certificate/revoked',
    },
  };
}
const PEM = rsaPem(2048);
const BASE58 = ed25519Base58();

function problem(change: (entry: Record<string, any>) => void): string {
  const entry = divocEntry();
  change(entry);
  try {
    parseNewTrustEntry(entry);
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError).and.include({ code: 'invalid_input' });
    return (error as Error).message;
  }
  throw new Error('accepted a bad DIVOC entry');
}

describe('parseNewTrustEntry() of a DIVOC issuer', () => {
  describe('negative', () => {
    it('refuses RSA keys under 2048 bits, a PEM that is no key, an EC key, and a base58 key that is not 32 bytes', () => {
      expect(problem((entry) => { entry.divoc.keys[0].publicKeyPem = rsaPem(1024); })).to.contain('divoc.keys[0].publicKeyPem: must be an RSA public key of at least 2048 bits');
      expect(problem((entry) => { entry.divoc.keys[0].publicKeyPem = 'hello'; })).to.contain('divoc.keys[0].publicKeyPem: is not a PEM public key');
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
      expect(problem((entry) => { entry.divoc.keys[0].publicKeyPem = ec; })).to.contain('must be an RSA public key');
      expect(problem((entry) => { entry.divoc.keys[1].publicKeyBase58 = BASE58.slice(0, 20); })).to.contain('divoc.keys[1].publicKeyBase58: must be a 32-byte Ed25519 public key');
    });

    it('refuses a key with both or neither key forms, a type that contradicts it, and a key id that is no URI', () => {
      expect(problem((entry) => { entry.divoc.keys[0].publicKeyBase58 = BASE58; })).to.contain('divoc.keys[0]: needs publicKeyPem');
      expect(problem((entry) => { delete entry.divoc.keys[0].publicKeyPem; })).to.contain('divoc.keys[0]: needs publicKeyPem');
      expect(problem((entry) => { entry.divoc.keys[0].type = 'Ed25519VerificationKey2018'; })).to.contain('divoc.keys[0].type');
      expect(problem((entry) => { entry.divoc.keys[0].id = 'india'; })).to.contain('divoc.keys[0].id: must be the key id');
      expect(problem((entry) => { entry.divoc.keys = []; })).to.contain('divoc.keys: must have at least 1');
    });

    it('refuses unknown context names, non-http namespaces, no namespace, and a revocation URL that is not http(s)', () => {
      expect(problem((entry) => { entry.divoc.contexts[NAMESPACE] = 'vaccination/v3'; })).to.contain(`divoc.contexts.${NAMESPACE}: must be one of: vaccination/v1, vaccination/v2, test-certificate/v1`);
      expect(problem((entry) => { entry.divoc.contexts = { 'ftp://x.example/v1': 'vaccination/v1' }; })).to.contain('(the namespace URL): must be an http(s) URL');
      expect(problem((entry) => { entry.divoc.contexts = {}; })).to.contain('divoc.contexts: must name 1 to 10 namespace URLs');
      expect(problem((entry) => { entry.divoc.revocationUrl = 'file:///etc/passwd'; })).to.contain('divoc.revocationUrl: must be an http(s) URL');
    });

    it('refuses a DIVOC entry that also pins a DID document, resolves, or names context base URLs, and an issuer that is no URI', () => {
      for (const other of ['didDocument', 'resolve', 'contextBaseUrls']) {
        expect(problem((entry) => { entry[other] = 'x'; })).to.contain(`${other}: is not given for a DIVOC issuer`);
      }
      expect(problem((entry) => { entry.did = 'cowin'; })).to.contain("did: must be the certificates' issuer");
      expect(problem((entry) => { entry.divoc.extra = 1; })).to.contain('divoc.extra: is not a known field');
    });
  });

  it('should read it, infer each key\'s type, and give the verifier its view; in a file too', () => {
    const entry = parseNewTrustEntry(divocEntry());
    expect([isDivocEntry(entry), isPinned(entry), isResolved(entry)]).to.deep.equal([true, false, false]);
    const expected = {
      did: 'https://cowin.gov.in/', name: 'CoWIN', country: 'IN',
      divoc: {
        keys: [{ id: 'did:india', type: 'RsaVerificationKey2018', publicKeyPem: PEM }, { id: 'did:india', type: 'Ed25519VerificationKey2018', publicKeyBase58: BASE58 }],
        contexts: { [NAMESPACE]: 'vaccination/v1' }, revocationUrl: 'https://cowin.gov.in/divoc/api/v1/certificate/revoked',
      },
    };
    expect(entry).to.deep.equal(expected);
    expect(trustedIssuerOf(entry)).to.deep.equal(expected);
    const [fromFile] = parseTrustListFile([{ ...divocEntry(), added: '2026-01-01T00:00:00Z', addedBy: 'amara' }], 'trust-list.json');
    expect(fromFile).to.deep.equal({ ...expected, added: '2026-01-01T00:00:00Z', addedBy: 'amara' });
  });
});
