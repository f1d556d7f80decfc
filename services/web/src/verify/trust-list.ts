import { isDivocContextName } from '@healthcred/document-loader/browser';
import type { DidDocument, DivocKey, DivocTrust, Ed25519VerificationMethod, TrustedIssuer } from '@healthcred/types';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** An Ed25519 key of `did`: an Ed25519VerificationKey2020, or a Multikey (what VC 2.0 credentials' proofs name). */
function readMethod(value: unknown, did: string): Ed25519VerificationMethod | undefined {
  if (!isObject(value) || (value.type !== 'Ed25519VerificationKey2020' && value.type !== 'Multikey') || value.controller !== did) {
    return undefined;
  }
  if (typeof value.id !== 'string' || !value.id.startsWith(`${did}#`) || !/^z\w+$/.test(String(value.publicKeyMultibase))) {
    return undefined;
  }
  if (value.revoked !== undefined && Number.isNaN(Date.parse(String(value.revoked)))) return undefined;
  return {
    id: value.id, type: value.type, controller: did, publicKeyMultibase: String(value.publicKeyMultibase),
    ...(value.revoked === undefined ? {} : { revoked: String(value.revoked) }),
  };
}

/** Every key named for assertionMethod is one of the document's keys, and not a revoked one. */
function readDidDocument(value: unknown, did: string): DidDocument | undefined {
  if (!isObject(value) || value.id !== did || !isStringArray(value['@context'])) return undefined;
  if (!Array.isArray(value.verificationMethod) || !isStringArray(value.assertionMethod)) return undefined;
  const methods = value.verificationMethod.map((method) => readMethod(method, did));
  if (methods.some((method) => method === undefined)) return undefined;
  const usable = new Set(methods.filter((method) => method!.revoked === undefined).map((method) => method!.id));
  if (!value.assertionMethod.every((id) => usable.has(id))) return undefined;
  return {
    '@context': [...value['@context']], id: did,
    verificationMethod: methods as Ed25519VerificationMethod[], assertionMethod: [...value.assertionMethod],
  };
}

function readDivocKey(value: unknown): DivocKey | undefined {
  if (!isObject(value) || !isText(value.id)) return undefined;
  if (value.revoked !== undefined && Number.isNaN(Date.parse(String(value.revoked)))) return undefined;
  const revoked = value.revoked === undefined ? {} : { revoked: String(value.revoked) };
  if (value.type === 'RsaVerificationKey2018' && typeof value.publicKeyPem === 'string' && value.publicKeyPem.includes('-----BEGIN PUBLIC KEY-----')) {
    return { id: value.id, type: value.type, publicKeyPem: value.publicKeyPem, ...revoked };
  }
  if (value.type === 'Ed25519VerificationKey2018' && typeof value.publicKeyBase58 === 'string' && /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value.publicKeyBase58)) {
    return { id: value.id, type: value.type, publicKeyBase58: value.publicKeyBase58, ...revoked };
  }
  return undefined;
}

/** A DIVOC issuer's keys (at least one), namespaces (each to a DIVOC context) and optional http(s) revocation URL. */
function readDivocTrust(value: unknown): DivocTrust | undefined {
  if (!isObject(value) || !Array.isArray(value.keys) || value.keys.length === 0 || !isObject(value.contexts)) return undefined;
  const keys = value.keys.map(readDivocKey);
  const contexts = Object.entries(value.contexts);
  if (keys.some((key) => key === undefined) || contexts.length === 0) return undefined;
  if (!contexts.every(([url, name]) => isHttpUrl(url) && typeof name === 'string' && isDivocContextName(name))) return undefined;
  if (value.revocationUrl !== undefined && !isHttpUrl(value.revocationUrl)) return undefined;
  return {
    keys: keys as DivocKey[], contexts: Object.fromEntries(contexts) as Record<string, string>,
    ...(value.revocationUrl === undefined ? {} : { revocationUrl: value.revocationUrl as string }),
  };
}

function readEntry(value: unknown): TrustedIssuer | undefined {
  if (!isObject(value) || typeof value.did !== 'string') return undefined;
  if (!isText(value.name) || typeof value.country !== 'string' || !/^[A-Z]{2}$/.test(value.country)) return undefined;
  if (value.divoc !== undefined) {
    const divoc = value.didDocument === undefined ? readDivocTrust(value.divoc) : undefined;
    return divoc && { did: value.did, name: value.name, country: value.country, divoc };
  }
  if (!value.did.startsWith('did:')) return undefined;
  const didDocument = readDidDocument(value.didDocument, value.did);
  if (!didDocument) return undefined;
  const bases = value.contextBaseUrls;
  if (bases !== undefined && !(Array.isArray(bases) && bases.length > 0 && bases.every(isHttpUrl))) return undefined;
  return {
    did: value.did, name: value.name, country: value.country, didDocument,
    ...(bases === undefined ? {} : { contextBaseUrls: [...bases] as string[] }),
  };
}

/**
 * The issuers of a `GET /trust-list` answer (`{issuers: TrustedIssuer[]}`), copied with only the members the verifier
 * reads; undefined unless it is well-formed: at least one issuer, no DID twice, each with a name, an ISO country
 * code, its own DID document of Ed25519 keys (assertionMethod naming only its unrevoked keys) and http(s) context
 * base URLs, or a DIVOC issuer's `divoc` (RSA PEM or base58 Ed25519 keys, namespaces each to a DIVOC context). A kept snapshot is only ever replaced by such a list. Pure.
 */
export function readTrustList(value: unknown): TrustedIssuer[] | undefined {
  if (!isObject(value) || !Array.isArray(value.issuers) || value.issuers.length === 0) return undefined;
  const issuers = value.issuers.map(readEntry);
  if (issuers.some((issuer) => issuer === undefined)) return undefined;
  const dids = new Set(issuers.map((issuer) => issuer!.did));
  return dids.size === issuers.length ? issuers as TrustedIssuer[] : undefined;
}
