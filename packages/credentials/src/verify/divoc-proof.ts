import * as ed25519 from '@noble/ed25519';
import jsonld from 'jsonld';
import { decodeBase58 } from '@healthcred/base58';
import { SECURITY_V2_CONTEXT, type DocumentLoader } from '@healthcred/document-loader/browser';
import type { DivocKey, VerificationError } from '@healthcred/types';
import { undefinedTerm, wrappedHealthcredError } from './jsonld-errors.js';
import type { Json } from './rules.js';

/** The proof suites of DIVOC certificates (jsonld-signatures 6), each with its JWS algorithm and key type. */
export const DIVOC_SUITES = {
  RsaSignature2018: { alg: 'PS256', keyType: 'RsaVerificationKey2018' },
  Ed25519Signature2018: { alg: 'EdDSA', keyType: 'Ed25519VerificationKey2018' },
} as const;

/** The name of a DIVOC proof suite. */
export type DivocSuite = keyof typeof DIVOC_SUITES;

/** Whether a `proof.type` is one of {@link DIVOC_SUITES}. */
export function isDivocSuite(type: unknown): type is DivocSuite {
  return typeof type === 'string' && Object.hasOwn(DIVOC_SUITES, type);
}

const INVALID: VerificationError = {
  check: 'proof', code: 'invalid_signature',
  message: 'The signature does not match the credential: it was changed after signing or signed by another key.',
};

const encoder = new TextEncoder();
type PublicKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const cryptoKeys = new WeakMap<DivocKey, Promise<PublicKey>>();

function importKey(key: DivocKey): Promise<PublicKey> {
  let imported = cryptoKeys.get(key);
  if (imported === undefined) {
    imported = key.type === 'RsaVerificationKey2018'
      ? crypto.subtle.importKey('spki', pemBody(key.publicKeyPem), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify'])
      : crypto.subtle.importKey('raw', new Uint8Array(decodeBase58(key.publicKeyBase58) ?? []), { name: 'Ed25519' }, false, ['verify']);
    cryptoKeys.set(key, imported);
  }
  return imported;
}

function pemBody(pem: string): Uint8Array {
  const base64 = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function base64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (char) => char.charCodeAt(0));
}

/** The header and signature of a detached, unencoded-payload JWS (`<header>..<signature>`, RFC 7797), if it is one. */
function readJws(jws: string, suite: DivocSuite): { header: string; signature: Uint8Array } | undefined {
  const match = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/.exec(jws);
  if (!match) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(base64url(match[1]!)));
  } catch {
    return undefined;
  }
  const { alg, b64, crit, ...rest } = (header ?? {}) as Json;
  const unencoded = b64 === false && Array.isArray(crit) && crit.length === 1 && crit[0] === 'b64';
  if (alg !== DIVOC_SUITES[suite].alg || !unencoded || Object.keys(rest).length > 0) return undefined;
  return { header: match[1]!, signature: base64url(match[2]!) };
}

/**
 * Whether `key` verifies `signature` over `data`. Ed25519 falls back to `@noble/ed25519` (as the Ed25519Signature2020
 * path does in browsers) where WebCrypto lacks Ed25519 (browsers before 2025); a key that cannot be used verifies nothing.
 */
async function verifiesWith(key: DivocKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const algorithm = key.type === 'RsaVerificationKey2018' ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'Ed25519' };
  try {
    return await crypto.subtle.verify(algorithm, await importKey(key), signature, data);
  } catch {
    if (key.type !== 'Ed25519VerificationKey2018') return false;
    const raw = decodeBase58(key.publicKeyBase58);
    return raw?.length === 32 && signature.length === 64 && ed25519.verify(signature, data, raw).catch(() => false);
  }
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * The canonical N-Quads of a DIVOC certificate without its proof and of its proof options (with the security v2
 * context), as jsonld's URDNA2015 writes them, by a faster route than jsonld; undefined where that route does not
 * apply, and jsonld decides. The Node build passes `@healthcred/canonize`'s (which needs node:crypto).
 */
export type DivocCanonizer = (document: Json, proofOptions: Json, documentLoader: DocumentLoader) =>
  Promise<{ document: string; proofOptions: string } | undefined>;

function canonize(document: Json, documentLoader: DocumentLoader): Promise<string> {
  return jsonld.canonize(document, { algorithm: 'URDNA2015', format: 'application/n-quads', safe: true, documentLoader });
}

async function canonicalForms(document: Json, proofOptions: Json, documentLoader: DocumentLoader, fast?: DivocCanonizer) {
  const canonical = await fast?.(document, proofOptions, documentLoader);
  if (canonical !== undefined) return canonical;
  const [canonicalProof, canonicalDocument] = await Promise.all([canonize(proofOptions, documentLoader), canonize(document, documentLoader)]);
  return { document: canonicalDocument, proofOptions: canonicalProof };
}

/** A canonicalization failure as a check: a context the loader does not hold, or a term no context defines. */
function canonizeError(error: unknown): VerificationError {
  const known = wrappedHealthcredError(error);
  if (known?.code === 'unknown_document') return { check: 'contexts', code: 'unknown_context', message: known.message };
  const property = undefinedTerm(error);
  if (property !== undefined) {
    return { check: 'contexts', code: 'unknown_term', message: `Field "${property}" is not defined by the credential's contexts.` };
  }
  return { check: 'contexts', code: 'unknown_context', message: 'The credential cannot be read as JSON-LD with its contexts.' };
}

/**
 * Checks the proof of a DIVOC certificate, as jsonld-signatures 6 (`compactProof: false`) signs it: the JWS
 * `<header>..<signature>` signs the ASCII header, a dot, SHA-256 of the canonical proof options (the proof without
 * `jws`, in the Security v2 context) and SHA-256 of the canonical certificate without its proof, canonicalized by
 * `jsonld` (URDNA2015, safe mode: a term no context defines fails), or by `fast` where it applies. RSA is PS256 (RSA-PSS, SHA-256, 32-byte salt),
 * Ed25519 is EdDSA. WebCrypto (with a pure-JS Ed25519 fallback), so the same code runs in Node and in browsers.
 *
 * @param keys - The issuer's keys for the proof's key id and suite; the proof holds when one of them verifies.
 * @param fast - Canonicalizes the shapes it knows without jsonld (same bytes). Default: jsonld for every certificate.
 * @returns The failure as a check and reason, or undefined when the proof holds.
 */
export async function checkDivocProof(
  credential: Json, keys: readonly DivocKey[], documentLoader: DocumentLoader, fast?: DivocCanonizer,
): Promise<VerificationError | undefined> {
  const { proof, ...document } = credential as Json & { proof: Json };
  const suite = proof.type as DivocSuite;
  const jws = readJws(String(proof.jws), suite);
  if (jws === undefined) {
    return { ...INVALID, message: `"proof.jws" must be a detached JWS of ${DIVOC_SUITES[suite].alg} with an unencoded payload (b64: false).` };
  }
  const { jws: _jws, ...options } = proof;
  let data: Uint8Array;
  try {
    const canonical = await canonicalForms(document, { '@context': SECURITY_V2_CONTEXT, ...options }, documentLoader, fast);
    const [proofHash, documentHash] = await Promise.all([sha256(canonical.proofOptions), sha256(canonical.document)]);
    data = new Uint8Array([...encoder.encode(`${jws.header}.`), ...proofHash, ...documentHash]);
  } catch (error) {
    return canonizeError(error);
  }
  for (const key of keys) {
    if (await verifiesWith(key, jws.signature, data)) return undefined;
  }
  return INVALID;
}
