// The proofs' shapes, as jsonld-signatures (Ed25519Signature2020) and the eddsa-rdfc-2022 cryptosuite canonicalize
// the proof without its value under the credential's `@context`.
import { SEC, XSD_DATE_TIME, type NodeShape } from './shapes.js';

/** The Ed25519Signature2020 proof options document (the proof without `proofValue`), without `@context`. */
export const PROOF_OPTIONS: NodeShape = {
  identity: 'blank',
  type: { json: 'Ed25519Signature2020', iris: [`${SEC}Ed25519Signature2020`] },
  required: ['created', 'verificationMethod', 'proofPurpose'],
  properties: {
    created: { kind: 'string', iri: 'http://purl.org/dc/terms/created', datatype: XSD_DATE_TIME },
    verificationMethod: { kind: 'id', iri: `${SEC}verificationMethod` },
    proofPurpose: { kind: 'vocab', iri: `${SEC}proofPurpose`, terms: { assertionMethod: `${SEC}assertionMethod` } },
  },
};

/**
 * The `DataIntegrityProof` proof configuration of the `eddsa-rdfc-2022` cryptosuite under the VC 2.0 context (the
 * proof without `proofValue`), without `@context`: `cryptosuite` is a `sec:cryptosuiteString` literal.
 * @see https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-rdfc-2022
 */
export const DATA_INTEGRITY_PROOF_OPTIONS: NodeShape = {
  identity: 'blank',
  type: { json: 'DataIntegrityProof', iris: [`${SEC}DataIntegrityProof`] },
  required: ['created', 'verificationMethod', 'cryptosuite', 'proofPurpose'],
  properties: {
    ...PROOF_OPTIONS.properties,
    cryptosuite: { kind: 'string', iri: `${SEC}cryptosuite`, datatype: `${SEC}cryptosuiteString` },
  },
};
