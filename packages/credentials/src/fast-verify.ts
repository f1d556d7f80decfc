import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { DID_V1_CONTEXT, methodContext, type DocumentLoader } from '@healthcred/document-loader';
import { decodeBase58 } from '@healthcred/base58';
import { decodeMultibaseKey, ED25519_PUBLIC_PREFIX } from '@healthcred/issuer-identity';
import { fastVerifyData, type ProofOptions } from './fast-proof.js';

/** What the fast proof check found: not covered (use the general path), or the error vc would report, if any. */
export type FastProofCheck = { covered: false } | { covered: true; error: unknown };

const UNCOVERED: FastProofCheck = { covered: false };
/** What the fast path knows of each proof type: the proof's members and the type of the method it names. */
const SUITES = {
  Ed25519Signature2020: {
    proofKeys: ['type', 'created', 'verificationMethod', 'proofPurpose', 'proofValue'], methodType: 'Ed25519VerificationKey2020',
  },
  DataIntegrityProof: {
    proofKeys: ['type', 'created', 'verificationMethod', 'cryptosuite', 'proofPurpose', 'proofValue'], methodType: 'Multikey',
  },
} as const;
const METHOD_KEYS = ['@context', 'id', 'type', 'controller', 'publicKeyMultibase'];
// data-integrity refuses a `created` that is not an XSD dateTimeStamp; the fast path leaves any but this form to it.
const PLAIN_CREATED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

// Public keys of the verification method documents a loader has returned (the same objects on every call).
const publicKeys = new WeakMap<object, KeyObject>();

/** The key of a verification method shaped exactly as the healthcred document loader serves one, else undefined. */
function methodKey(method: unknown, id: string, type: string): KeyObject | undefined {
  if (!hasExactly(method, METHOD_KEYS) || method['@context'] !== methodContext(type) || method.id !== id ||
    method.type !== type || typeof method.controller !== 'string' ||
    typeof method.publicKeyMultibase !== 'string') return undefined;
  let key = publicKeys.get(method);
  if (key === undefined) {
    const raw = decodeMultibaseKey(method.publicKeyMultibase, ED25519_PUBLIC_PREFIX, 32);
    if (raw === undefined) return undefined;
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
    publicKeys.set(method, key);
  }
  return key;
}

/** The `assertionMethod` entries of a DID document as jsonld.getValues reads them, or undefined if unusual. */
function assertionMethods(controller: Record<string, unknown>): unknown[] | undefined {
  const value = controller.assertionMethod;
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.every((entry) => typeof entry === 'string' || (typeof entry === 'object' && entry !== null))
    ? values : undefined;
}

/**
 * Checks an `Ed25519Signature2020` proof, or a VC 2.0 credential's `eddsa-rdfc-2022` `DataIntegrityProof` (its key a
 * `Multikey`), for `assertionMethod` as `vc.verifyCredential` does — vc's credential
 * checks, the signature over the canonical proof options and document, the verification method loaded through the
 * document loader, its controller listing it under `assertionMethod`, and the controller being the issuer — in the
 * same order and with the same error messages, so the caller classifies both paths alike. Not covered (no error
 * decided) when the credential, its proof, the verification method or the controller document has a form only the
 * general path handles.
 *
 * @param options.now - The time vc's credential checks use.
 * @param options.maxClockSkew - The clock skew vc's credential checks allow, in seconds.
 */
export async function checkProofFast(options: {
  credential: Record<string, unknown>; documentLoader: DocumentLoader; now: Date; maxClockSkew: number;
}): Promise<FastProofCheck> {
  const { credential, documentLoader } = options;
  const { proof, ...document } = credential;
  const type = (proof as { type?: unknown } | undefined)?.type;
  const suite = type === 'Ed25519Signature2020' || type === 'DataIntegrityProof' ? SUITES[type] : undefined;
  if (suite === undefined || !hasExactly(proof, suite.proofKeys) || !suite.proofKeys.every((key) => typeof proof[key] === 'string')) {
    return UNCOVERED;
  }
  if (type === 'DataIntegrityProof' && (proof.cryptosuite !== 'eddsa-rdfc-2022' || !PLAIN_CREATED.test(proof.created as string))) {
    return UNCOVERED;
  }
  const { proofValue, ...proofOptions } = proof as unknown as ProofOptions & { proofValue: string };
  const signature = proofValue.startsWith('z') ? decodeBase58(proofValue.slice(1)) : undefined;
  if (signature?.length !== 64) return UNCOVERED;
  const data = await fastVerifyData(document, proofOptions, documentLoader);
  if (data === undefined) return UNCOVERED;
  try {
    vc._checkCredential({ credential, now: options.now, maxClockSkew: options.maxClockSkew });
    const method = (await documentLoader(proofOptions.verificationMethod)).document;
    const key = methodKey(method, proofOptions.verificationMethod, suite.methodType);
    if (key === undefined) return UNCOVERED;
    if (!verify(null, data, key, signature)) return { covered: true, error: new Error('Invalid signature.') };
    const controller = (await documentLoader((method as { controller: string }).controller)).document;
    if (typeof controller !== 'object' || controller === null) return UNCOVERED;
    const { '@context': context, id } = controller as Record<string, unknown>;
    if (!(context === DID_V1_CONTEXT || (Array.isArray(context) && context[0] === DID_V1_CONTEXT))) return UNCOVERED;
    const listed = assertionMethods(controller as Record<string, unknown>);
    if (listed === undefined) return UNCOVERED;
    const methodId = proofOptions.verificationMethod;
    if (!listed.some((entry) => entry === methodId || (entry as { id?: unknown }).id === methodId)) {
      return { covered: true, error: new Error(
        `Verification method "${methodId}" not authorized by controller for proof purpose "assertionMethod".`) };
    }
    if (id !== credential.issuer) {
      return { covered: true, error: new Error('Credential issuer must match the verification method controller.') };
    }
    return { covered: true, error: undefined };
  } catch (error) {
    return { covered: true, error };
  }
}
