import { VC_V1_CONTEXT } from '@healthcred/document-loader';
import { DIVOC_TEST_CREDENTIAL, DIVOC_V1_CREDENTIAL, DIVOC_V2_CREDENTIAL, divocProofOptionsShape } from './divoc-shapes.js';
import { emitQuads } from './emit-quads.js';
import { canonicalNQuads } from './label-blank-nodes.js';
import type { NodeShape } from './shapes.js';

/**
 * The DIVOC contexts the fast path knows: the npm `vaccination-context` 1.1.0 documents and DIVOC's test-certificate
 * context v1.
 */
export type DivocVaccinationContext = 'vaccination/v1' | 'vaccination/v2' | 'test-certificate/v1';

/** The proof suites of DIVOC's signer (jsonld-signatures 6). */
export type DivocProofType = 'RsaSignature2018' | 'Ed25519Signature2018';

/** jsonld-signatures 6 canonicalizes proof options under this context. */
export const SECURITY_V2_CONTEXT_URL = 'https://w3id.org/security/v2';

/**
 * SHA-256 of `JSON.stringify` of the DIVOC context documents the shapes were written from; a loader serving anything
 * else at the namespace URL makes the caller take the general path.
 */
export const DIVOC_CONTEXT_DIGESTS: Readonly<Record<DivocVaccinationContext, string>> = {
  'vaccination/v1': 'c074c23ed35e6d5468eea5939d9082d4c032a29daf184825ac0103c376c9fa75',
  'vaccination/v2': '765dc7dee660fca8210293a850d36ca3ecfca4a7f0b24fb6ca4afec34fc011b9',
  'test-certificate/v1': '97603c688402c6846be122361800a6cb47518cb94ccd08376ad697c32893b280',
};

/**
 * SHA-256 of `JSON.stringify` of the security contexts (npm `security-context`) proof options are read under: v2,
 * and v1, which v2 imports. A loader serving anything else there makes the caller take the general path.
 */
export const SECURITY_CONTEXT_DIGESTS: Readonly<Record<string, string>> = {
  [SECURITY_V2_CONTEXT_URL]: '272c56f1a8ed52b63a4f76ffbeaa105b23e3862703df36dfb33292ad6cdb81a8',
  'https://w3id.org/security/v1': '911ee5b98b166cc7acd5910a934885a1e466e81a167fc66941722ee3a69703e3',
};

const SHAPES: Readonly<Record<DivocVaccinationContext, NodeShape>> = {
  'vaccination/v1': DIVOC_V1_CREDENTIAL,
  'vaccination/v2': DIVOC_V2_CREDENTIAL,
  'test-certificate/v1': DIVOC_TEST_CREDENTIAL,
};

const NAMESPACE_URL = /^https?:\/\/[^/?#\s]+[^\s]*$/;

/** Options of {@link canonizeDivocCredential}. */
export interface CanonizeDivocOptions {
  /** The DIVOC context document the namespace URL serves. */
  context: DivocVaccinationContext;
  /** The country's namespace URL (`@context[1]`), e.g. `https://cowin.gov.in/credentials/vaccination/v1`. Default: any http(s) URL. */
  namespaceUrl?: string;
}

function canonize(document: unknown, shape: NodeShape): string | undefined {
  const emitted = emitQuads(document, shape, ['@context']);
  return emitted && canonicalNQuads(emitted);
}

function idOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>).id : undefined;
}

/**
 * The canonical N-Quads (as `jsonld.canonize(document, {algorithm: 'URDNA2015', format: 'application/n-quads'})`
 * writes them) of an unsigned DIVOC credential as DIVOC's templates write it: `@context` exactly
 * `[VC v1, <namespace URL>]`, each template field a string (`""` for an empty one) or a safe integer, or left out as
 * DIVOC's templates leave out what a record lacks; under `vaccination/v2` also `dob`, `icd11Code` and
 * `prophylaxis`; under `test-certificate/v1` a `ProofOfTestCertificateCredential` with its `TestDetails` as DIVOC's
 * test_certificate_signer writes them. Undefined for anything else (another context or key, another JSON type, a subject and evidence of
 * one id), so the caller takes the general path.
 *
 * Right only when the loader serves the document of `options.context` at the namespace URL: compare its
 * `contextDocumentDigest` with {@link DIVOC_CONTEXT_DIGESTS}.
 */
export function canonizeDivocCredential(document: unknown, options: CanonizeDivocOptions): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const record = document as Record<string, unknown>;
  const context = record['@context'];
  if (!Array.isArray(context) || context.length !== 2 || context[0] !== VC_V1_CONTEXT) return undefined;
  const namespace = context[1];
  if (typeof namespace !== 'string' || !(options.namespaceUrl === undefined ? NAMESPACE_URL.test(namespace) : namespace === options.namespaceUrl)) {
    return undefined;
  }
  const evidence = Array.isArray(record.evidence) ? record.evidence[0] : undefined;
  if (idOf(record.credentialSubject) === idOf(evidence)) return undefined;
  return canonize(document, SHAPES[options.context]);
}

/**
 * The canonical N-Quads of the proof options jsonld-signatures 6 signs for an `RsaSignature2018` or
 * `Ed25519Signature2018` proof: `{'@context': 'https://w3id.org/security/v2', type, created, verificationMethod,
 * proofPurpose: 'assertionMethod'}`. Undefined for any other document (e.g. a verification method that is not a
 * plain absolute IRI).
 */
export function canonizeDivocProofOptions(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const { '@context': context, type } = document as Record<string, unknown>;
  if (context !== SECURITY_V2_CONTEXT_URL || (type !== 'RsaSignature2018' && type !== 'Ed25519Signature2018')) return undefined;
  return canonize(document, divocProofOptionsShape(type));
}

