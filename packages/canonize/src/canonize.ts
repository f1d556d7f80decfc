import { knownContextOf, type CanonizeOptions } from './contexts.js';
import { emitQuads } from './emit-quads.js';
import { canonicalNQuads } from './label-blank-nodes.js';
import { DATA_INTEGRITY_PROOF_OPTIONS, PROOF_OPTIONS } from './proof-shapes.js';
import { CREDENTIAL_SHAPES, CREDENTIAL_SHAPES_STATUS_LIST_2021, type NodeShape } from './shapes.js';

const CONTEXT_KEY = ['@context'];

function canonize(document: unknown, shape: NodeShape): string | undefined {
  const emitted = emitQuads(document, shape, CONTEXT_KEY);
  return emitted && canonicalNQuads(emitted);
}

function contextOf(document: unknown): unknown {
  return typeof document === 'object' && document !== null ? (document as Record<string, unknown>)['@context'] : undefined;
}

/**
 * The canonical N-Quads (RDFC-1.0, the same text as `jsonld.canonize(document, {algorithm: 'URDNA2015', format:
 * 'application/n-quads', safe: true})`) of an unsigned healthcred credential, computed straight from its known shape
 * without JSON-LD expansion.
 *
 * Covers `ProofOfVaccinationCredential` and `ProofOfTestCertificateCredential` exactly as the credential builders
 * make them, under the v1 or v2 context (v2: with the holder's name parts), or of the VC 2.0 form under v3
 * (`validFrom`/`validUntil`), with or without each optional field, `expirationDate` and `credentialStatus` (one entry,
 * or an array of one or two entries of distinct ids: the revocation and suspension entries; in VC 1.1 credentials
 * `StatusList2021Entry`s under the Status List 2021 context, which new credentials name, else
 * `BitstringStatusListEntry`s). Returns
 * undefined for anything else — another context, type or key, a `proof`, a value of another JSON type, an IRI that
 * is not a plain absolute `http(s):`, `urn:uuid:` or `did:` IRI — so the caller falls back to the general algorithm.
 *
 * The result is right only if the document loader serves the known context documents at the `@context` URLs:
 * check them with `expectedContextDigest` and `contextDocumentDigest`.
 *
 * @param options.contextBaseUrls - Accepted base URLs of the healthcred context. Default: any.
 */
export function canonizeCredential(document: unknown, options: CanonizeOptions = {}): string | undefined {
  const known = knownContextOf(contextOf(document), options);
  if (known === undefined) return undefined;
  const shape = known.statusList2021 && known.version !== 3
    ? CREDENTIAL_SHAPES_STATUS_LIST_2021[known.kind][known.version]
    : CREDENTIAL_SHAPES[known.kind][known.version];
  return canonize(document, shape);
}

/**
 * The canonical N-Quads of an `Ed25519Signature2020` proof options document — `{'@context': <the credential's>,
 * type, created, verificationMethod, proofPurpose: 'assertionMethod'}`, the proof without `proofValue` as
 * jsonld-signatures canonicalizes it — or, under a VC 2.0 credential's context, of a `DataIntegrityProof` proof
 * configuration (`type`, `created`, `verificationMethod`, `cryptosuite`, `proofPurpose`), as the eddsa-rdfc-2022
 * cryptosuite canonicalizes it with the document's `@context`; undefined for any other document.
 *
 * @param options.contextBaseUrls - Accepted base URLs of the healthcred context. Default: any.
 */
export function canonizeProofOptions(document: unknown, options: CanonizeOptions = {}): string | undefined {
  const known = knownContextOf(contextOf(document), options);
  if (known === undefined) return undefined;
  return canonize(document, known.version === 3 ? DATA_INTEGRITY_PROOF_OPTIONS : PROOF_OPTIONS);
}
