import { createHash } from 'node:crypto';
import jsonld from 'jsonld';
import { canonizeDivocCredential, canonizeDivocProofOptions, SECURITY_V2_CONTEXT_URL } from '@healthcred/canonize';
import {
  createDocumentLoader, type DivocContextName, type DivocNamespaces, type DocumentLoader,
} from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import type { DivocKey as DivocTrustKey } from '@healthcred/types';
import { createDivocSigner, type DivocKey, type DivocSigner } from '@healthcred/issuer-identity';
import type { DivocProfile } from '@healthcred/types';
import type { DivocCredential } from './divoc-credential.js';
import { undefinedTerm, wrappedHealthcredError } from './verify/jsonld-errors.js';

/** A DIVOC proof: jsonld-signatures 6's detached JWS, as DIVOC's signer writes it. */
export interface DivocProof {
  type: 'RsaSignature2018' | 'Ed25519Signature2018';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  jws: string;
}

/** What signs DIVOC credentials: the profile, the country's key, and a loader for credentials the fast path skips. */
export interface DivocIssuer {
  profile: DivocProfile;
  signer: DivocSigner;
  /** The key's public part, as a DIVOC trust entry (and the country's verifier apps) hold it. */
  publicKey: DivocTrustKey;
  /** Serves VC v1 and the profile's namespace (a `createDocumentLoader` with `divocNamespaces`). */
  documentLoader: DocumentLoader;
}

/**
 * Prepares DIVOC signing: imports nothing new (the key is imported), makes its signer and an offline loader serving
 * the profile's namespace (and `divocNamespaces`, the other DIVOC namespaces the deployment reads).
 *
 * @throws HealthcredError `invalid_input` when `divocNamespaces` maps one of the profile's namespaces to another context.
 */
export function createDivocIssuer(options: { profile: DivocProfile; key: DivocKey; divocNamespaces?: DivocNamespaces }): DivocIssuer {
  const { profile, key } = options;
  const own: Record<string, DivocContextName> = { [profile.namespaceUrl]: profile.context };
  if (profile.testNamespaceUrl !== undefined) own[profile.testNamespaceUrl] = 'test-certificate/v1';
  for (const [url, context] of Object.entries(own)) {
    const listed = options.divocNamespaces?.[url];
    if (listed !== undefined && listed !== context) {
      throw new HealthcredError('invalid_input', `The DIVOC namespace ${url} is mapped to ${listed}, not ${context}.`);
    }
  }
  const publicKey: DivocTrustKey = key.type === 'RsaVerificationKey2018'
    ? { id: key.keyId, type: key.type, publicKeyPem: key.publicKeyPem }
    : { id: key.keyId, type: key.type, publicKeyBase58: key.publicKeyBase58 };
  return {
    profile, signer: createDivocSigner(key), publicKey,
    documentLoader: createDocumentLoader({ divocNamespaces: { ...options.divocNamespaces, ...own } }),
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

async function canonicalDocument(credential: DivocCredential, issuer: DivocIssuer): Promise<string> {
  const { profile } = issuer;
  const fast = credential.type[1] === 'ProofOfTestCertificateCredential'
    ? profile.testNamespaceUrl && canonizeDivocCredential(credential, { context: 'test-certificate/v1', namespaceUrl: profile.testNamespaceUrl })
    : canonizeDivocCredential(credential, { context: profile.context, namespaceUrl: profile.namespaceUrl });
  if (fast) return fast;
  try {
    return await jsonld.canonize(structuredClone(credential), {
      algorithm: 'URDNA2015', format: 'application/n-quads', safe: true, documentLoader: issuer.documentLoader,
    });
  } catch (error) {
    const known = wrappedHealthcredError(error);
    if (known) throw known;
    const term = undefinedTerm(error);
    if (term !== undefined) {
      throw new HealthcredError('unknown_term', `Field "${term}" is not defined by the DIVOC context; remove it.`, { field: term, cause: error });
    }
    throw new HealthcredError('signing_failed', `Signing failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Signs a DIVOC credential as DIVOC's signer (`certificate-signer-library`, jsonld-signatures 6) does: an
 * `RsaSignature2018` (PS256) or `Ed25519Signature2018` (EdDSA) proof for `assertionMethod`, its `jws` a detached JWS
 * (`{"alg", "b64": false, "crit": ["b64"]}`) over SHA-256 of the canonical proof options (under security v2) and
 * SHA-256 of the canonical credential. The credential is canonicalized by `@healthcred/canonize` (its fixed shape,
 * no JSON-LD expansion) or, for content the fast path does not cover, by `jsonld` in safe mode; both give the same
 * bytes. DIVOC's verifier apps verify the result with the key they have baked in.
 *
 * @param options.now - The proof's `created` (to the second). Default: the current time.
 * @throws HealthcredError `invalid_input` when the signer's key id is not a plain IRI; `unknown_term`,
 *   `unknown_document` or `signing_failed` from the general path.
 */
export async function issueDivocCredential<C extends DivocCredential>(
  options: { credential: C; issuer: DivocIssuer; now?: Date },
): Promise<C & { proof: DivocProof }> {
  const { credential, issuer } = options;
  const { signer } = issuer;
  const created = `${(options.now ?? new Date()).toISOString().slice(0, 19)}Z`;
  const proof = { type: signer.proofType, created, verificationMethod: signer.keyId, proofPurpose: 'assertionMethod' as const };
  const canonicalProof = canonizeDivocProofOptions({ '@context': SECURITY_V2_CONTEXT_URL, ...proof });
  if (canonicalProof === undefined) {
    throw new HealthcredError('invalid_input', `The DIVOC key id "${signer.keyId}" is not a plain DID or URL.`, { field: 'keyId' });
  }
  const verifyData = Buffer.concat([sha256(canonicalProof), sha256(await canonicalDocument(credential, issuer))]);
  const header = Buffer.from(JSON.stringify({ alg: signer.alg, b64: false, crit: ['b64'] })).toString('base64url');
  const signature = await signer.sign(Buffer.concat([Buffer.from(`${header}.`), verifyData]));
  return { ...structuredClone(credential), proof: { ...proof, jws: `${header}..${signature.toString('base64url')}` } };
}
