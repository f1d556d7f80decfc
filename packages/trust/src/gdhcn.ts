import { X509Certificate } from 'node:crypto';
import { dscKid, type TrustList, type TrustListEntry } from '@healthcred/dcc';
import { DID_V1_CONTEXT, ED25519_2020_CONTEXT } from '@healthcred/document-loader/browser';
import { HealthcredError } from '@healthcred/errors';
import type { DidDocument, Ed25519VerificationMethod, DidTrustedIssuer, TrustedIssuer } from '@healthcred/types';
import { InputReader, isCountryCode } from '@healthcred/validation';
import { checkedDsc } from './dsc-entry.js';
import { assertTrustableDid } from './issuer-did.js';
import { certificateJwk, ed25519Jwk, ed25519KeyOf, ed25519Method, jwkMatchesCertificate, type PublicJwk } from './jwk.js';

/** The contexts of a GDHCN trust list DID document (DID core and the JWS 2020 suite of JsonWebKey2020). */
export const GDHCN_CONTEXTS = [DID_V1_CONTEXT, 'https://w3id.org/security/suites/jws-2020/v1'];

/** A JsonWebKey2020 verification method of a GDHCN trust list. */
export interface GdhcnVerificationMethod {
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: PublicJwk;
}

/**
 * A WHO Global Digital Health Certification Network trust list entry: a did:web DID document whose
 * `verificationMethod` lists a participant's keys as JsonWebKey2020 (DSCs as EC/RSA keys with their `x5c`).
 * The GDHCN's own documents also carry WHO's `proof` (JsonWebSignature2020); a participant's own entry has none.
 */
export interface GdhcnDidDocument {
  '@context': string[];
  id: string;
  controller: string;
  verificationMethod: GdhcnVerificationMethod[];
}

/**
 * The GDHCN form of a trusted issuer: its Ed25519 keys that may sign (listed for assertionMethod, not revoked) as OKP
 * JWKs, then its DSCs as EC/RSA JWKs with `x5c` (id `<did>#<kid>`, the EU DCC key id as `kid`). A revoked key is
 * left out, as GDHCN lists only keys to trust.
 */
export function toGdhcnDocument(options: { issuer: DidTrustedIssuer; dscs?: readonly TrustListEntry[] }): GdhcnDidDocument {
  const { did, didDocument } = options.issuer;
  const signing = didDocument.verificationMethod
    .filter((method) => method.revoked === undefined && didDocument.assertionMethod.includes(method.id));
  const method = (id: string, publicKeyJwk: PublicJwk): GdhcnVerificationMethod =>
    ({ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk });
  return {
    '@context': [...GDHCN_CONTEXTS], id: did, controller: did,
    verificationMethod: [
      ...signing.map((key) => method(key.id, ed25519Jwk(key))),
      ...(options.dscs ?? []).map((dsc) =>
        method(`${did}#${dsc.kid}`, certificateJwk(new X509Certificate(Buffer.from(dsc.rawData, 'base64')), dsc.kid))),
    ],
  };
}

/** What a GDHCN document yields: the issuers of its Ed25519 keys, its DSCs, and what was left out and why. */
export interface GdhcnImport {
  issuers: TrustedIssuer[];
  dscs: TrustList;
  skipped: { id: string; reason: string }[];
}

function readDsc(jwk: InputReader, publicKeyJwk: PublicJwk): TrustListEntry | 'ca' {
  const first = jwk.field('x5c').array({ minItems: 1, maxItems: 10 })[0]!;
  const rawData = first.string({ maxLength: 20_000 });
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(rawData, 'base64'));
  } catch {
    return first.fail('is not a base64 DER X.509 certificate');
  }
  if (certificate.ca) return 'ca';
  if (!jwkMatchesCertificate(publicKeyJwk, certificate)) jwk.fail('is not the public key of its certificate x5c[0]');
  return checkedDsc({ kid: Buffer.from(dscKid(certificate.raw)).toString('base64'), rawData }, (_member, problem) => first.fail(problem));
}

function issuerDocument(did: string, keys: Ed25519VerificationMethod[], assertion: string[] | undefined): DidDocument {
  return {
    '@context': [DID_V1_CONTEXT, ED25519_2020_CONTEXT],
    id: did, verificationMethod: keys,
    assertionMethod: keys.map((key) => key.id).filter((id) => assertion === undefined || assertion.includes(id)),
  };
}

/**
 * Reads a GDHCN trust list DID document (a participant's, or a participant's own entry as {@link toGdhcnDocument}
 * writes it). Ed25519 OKP keys become one trusted issuer, named `name` of `country` (GDHCN documents carry neither),
 * whose DID is the keys' controller: a did:web DID, each key id `<controller>#...`. Every key is listed for
 * assertionMethod unless the document has an `assertionMethod` of its own. EC/RSA keys with `x5c` become DSCs, each
 * checked: the JWK must be its certificate's key, and the certificate must parse with a country (`parseTrustList`).
 * CA certificates (SCA/CSCA), DID references (reference-type trust lists) and other key types are skipped, with the
 * reason. WHO's `proof` on the document is not checked: import only a document fetched from a source you trust.
 *
 * @throws HealthcredError `invalid_input` naming the field (`<source>.verificationMethod[2].publicKeyJwk`), also when
 *   Ed25519 keys of two controllers are in one document.
 */
export function fromGdhcnDocument(json: unknown, options: { name: string; country: string; source?: string }): GdhcnImport {
  const root = InputReader.of(json, options.source ?? 'document');
  const country = options.country;
  if (!isCountryCode(country)) throw new HealthcredError('invalid_input', 'country: must be an ISO 3166-1 alpha-2 code in capitals, e.g. LK.', { field: 'country' });
  root.field('id').string({ maxLength: 500 });
  const assertion = root.field('assertionMethod').optional((list) => list.array().map((item) => item.string({ maxLength: 600 })));
  const keys: Ed25519VerificationMethod[] = [];
  const dscs: TrustListEntry[] = [];
  const skipped: GdhcnImport['skipped'] = [];
  let issuerDid: string | undefined;
  for (const method of root.field('verificationMethod').array({ maxItems: 5000 })) {
    if (typeof method.value === 'string') {
      skipped.push({ id: method.value, reason: 'a reference to another DID document: resolve it and import that document' });
      continue;
    }
    const id = method.field('id').string({ maxLength: 600 });
    if (method.field('type').string({ maxLength: 100 }) !== 'JsonWebKey2020') {
      skipped.push({ id, reason: 'not a JsonWebKey2020 key' });
      continue;
    }
    const controller = method.field('controller').string({ maxLength: 500 });
    const jwk = method.field('publicKeyJwk');
    const publicKeyJwk = jwk.value as PublicJwk;
    jwk.field('kty').oneOf(['OKP', 'EC', 'RSA'] as const);
    if (publicKeyJwk.kty === 'OKP') {
      const key = ed25519KeyOf(publicKeyJwk);
      if (key === undefined) {
        skipped.push({ id, reason: 'an OKP key that is not Ed25519' });
        continue;
      }
      assertTrustableDid(controller, method.field('controller').path);
      if (issuerDid !== undefined && controller !== issuerDid) {
        method.field('controller').fail(`is ${controller}, but earlier Ed25519 keys are ${issuerDid}'s: import one authority's document at a time`);
      }
      if (!id.startsWith(`${controller}#`)) method.field('id').fail(`must start with "${controller}#"`);
      issuerDid = controller;
      keys.push(ed25519Method(key, { id, controller }));
      continue;
    }
    const dsc = readDsc(jwk, publicKeyJwk);
    if (dsc === 'ca') skipped.push({ id, reason: 'a CA certificate (SCA/CSCA), not a document signer' });
    else if (dscs.some((known) => known.kid === dsc.kid)) skipped.push({ id, reason: `the DSC ${dsc.kid} again` });
    else dscs.push(dsc);
  }
  const issuers = issuerDid === undefined ? [] : [{
    did: issuerDid, name: options.name, country, didDocument: issuerDocument(issuerDid, keys, assertion),
  }];
  return { issuers, dscs, skipped };
}
