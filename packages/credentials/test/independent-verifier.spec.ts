// Checks healthcred's proofs the way a third-party verifier would: straight from the Ed25519Signature2020 spec,
// with jsonld's URDNA2015 canonicalization and Node's Ed25519, and no healthcred or @digitalbazaar/vc code.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { buildVaccinationCredential, issueCredential, type Issuer } from '@healthcred/credentials';
import { statusEntry, statusEntryForPosition } from '@healthcred/status-list';
import type { BitstringStatusListEntry, SignedHealthCredential } from '@healthcred/types';
import { buildOptions, ISSUER_URL, legacyVaccinationCredential, mockIssuer, mockVaccinationRecord } from '@healthcred/testing';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const repo = new URL('../../../', import.meta.url);

/** The documents an independent verifier would have fetched: published contexts and the DID document. */
function staticLoader(issuer: Issuer) {
  const documents = new Map<string, unknown>([
    ['https://www.w3.org/2018/credentials/v1', require('@digitalbazaar/credentials-context').contexts
      .get('https://www.w3.org/2018/credentials/v1')],
    ['https://w3id.org/security/suites/ed25519-2020/v1', require('ed25519-signature-2020-context').contexts
      .get('https://w3id.org/security/suites/ed25519-2020/v1')],
    [`${ISSUER_URL}/credentials/vaccination/v1`,
      JSON.parse(readFileSync(new URL('contexts/credentials/vaccination/v1.json', repo), 'utf8'))],
  ]);
  return async (url: string) => {
    if (!documents.has(url)) throw new Error(`not published: ${url}`);
    return { contextUrl: null, documentUrl: url, document: documents.get(url) };
  };
}

function base58btcDecode(text: string): Buffer {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = 0n;
  for (const char of text) {
    const digit = alphabet.indexOf(char);
    if (digit < 0) throw new Error(`not base58: ${char}`);
    n = n * 58n + BigInt(digit);
  }
  const hex = n.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

async function canonicalHash(document: object, documentLoader: ReturnType<typeof staticLoader>): Promise<Buffer> {
  const nquads = await jsonld.canonize(document, {
    algorithm: 'URDNA2015', format: 'application/n-quads', documentLoader, safe: true,
  } as any);
  return createHash('sha256').update(nquads).digest();
}

/** Verifies per https://w3c.github.io/vc-di-eddsa/#ed25519signature2020 (legacy suite), returning the failure. */
async function independentVerify(credential: SignedHealthCredential, issuer: Issuer): Promise<string | undefined> {
  const documentLoader = staticLoader(issuer);
  const { proof, ...document } = credential;
  const { proofValue, ...proofOptions } = proof;
  const method = issuer.didDocument.verificationMethod.find((m) => m.id === proof.verificationMethod);
  if (!method) return 'verification method not in the DID document';
  if (method.controller !== credential.issuer) return 'issuer is not the key controller';
  if (!issuer.didDocument.assertionMethod.includes(method.id)) return 'key not listed for assertionMethod';
  const multikey = base58btcDecode(method.publicKeyMultibase.slice(1));
  if (!method.publicKeyMultibase.startsWith('z') || multikey[0] !== 0xed || multikey[1] !== 0x01 || multikey.length !== 34) {
    return 'publicKeyMultibase is not z + base58btc(0xed01 + 32-byte key)';
  }
  const publicKey = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), multikey.subarray(2)]), format: 'der', type: 'spki',
  });
  if (!proofValue.startsWith('z')) return 'proofValue is not multibase base58btc';
  const signature = base58btcDecode(proofValue.slice(1));
  if (signature.length !== 64) return 'signature is not 64 bytes';
  const data = Buffer.concat([
    await canonicalHash({ '@context': credential['@context'], ...proofOptions }, documentLoader),
    await canonicalHash(document, documentLoader),
  ]);
  return verify(null, data, publicKey, signature) ? undefined : 'signature does not verify';
}

describe('Ed25519Signature2020 proofs, checked by an independent verifier', () => {
  let issuer: Issuer;
  let signed: SignedHealthCredential;

  const issueWith = (credentialStatus?: BitstringStatusListEntry | BitstringStatusListEntry[]) => issueCredential({
    credential: buildVaccinationCredential(mockVaccinationRecord(), { ...buildOptions(issuer), credentialStatus }), issuer,
  });

  before(async () => {
    issuer = mockIssuer();
    signed = await issueWith(statusEntryForPosition(42, ISSUER_URL));
  });

  it('should verify per the spec: proof options hash ‖ document hash, multibase proofValue, 0xed01 key', async () => {
    expect(await independentVerify(signed, issuer)).to.equal(undefined);
  });

  it('should verify credentials without status and with the one legacy entry credentials were first issued with', async () => {
    expect(await independentVerify(await issueWith(undefined), issuer)).to.equal(undefined);
    const legacy = await issueWith(statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 1, index: 42 }));
    expect(await independentVerify(legacy, issuer)).to.equal(undefined);
  });

  it('should verify the minimal credential (the default) and one issued before it, in the full form', async () => {
    expect(signed.credentialSubject).to.not.have.any.keys('refId', 'address', 'age', 'gender', 'nationality');
    const legacy = await issueCredential({ credential: legacyVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer)), issuer });
    expect(legacy.credentialSubject).to.include({ refId: 'PQfMcpmXeFE' });
    expect(await independentVerify(legacy, issuer)).to.equal(undefined);
  });

  it('rejects a status entry changed to another purpose', async () => {
    const tampered = structuredClone(signed);
    (tampered.credentialStatus as BitstringStatusListEntry[])[1]!.statusPurpose = 'revocation';
    expect(await independentVerify(tampered, issuer)).to.equal('signature does not verify');
  });

  it('rejects a changed field', async () => {
    const tampered = structuredClone(signed);
    tampered.evidence[0].batch = 'OTHER';
    expect(await independentVerify(tampered, issuer)).to.equal('signature does not verify');
  });

  it('rejects a changed proof option (the proof options are signed too)', async () => {
    const tampered = structuredClone(signed);
    tampered.proof.created = '2020-01-01T00:00:00Z';
    expect(await independentVerify(tampered, issuer)).to.equal('signature does not verify');
  });

  it('rejects a swapped key', async () => {
    expect(await independentVerify(signed, mockIssuer())).to.equal('verification method not in the DID document');
  });
});
