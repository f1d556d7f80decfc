import { isDivocContextName, type DivocNamespaces, type DocumentLoader } from '@healthcred/document-loader/browser';
import type {
  CredentialStatusEntry, TrustedIssuer, VerificationCheckName, VerificationError, VerificationResult,
  VerificationWarning, VerifiedIssuer,
} from '@healthcred/types';
import type { UnsafeJsonError } from '@healthcred/validation';
import { checkDivocRevocation, divocKeysFor, type DivocRevocationChecker } from './divoc-issuer.js';
import { checkDivocProof, isDivocSuite, type DivocCanonizer } from './divoc-proof.js';
import type { ProofCheck } from './proof.js';
import {
  checkContexts, checkDates, checkHolder, checkMembers, checkStructure, fail,
  validFromOf, type Failure, type Json,
} from './rules.js';
import { checkDivocContexts, DIVOC_HOLDER } from './divoc-rules.js';
import { isAssertionMethod, isDivocIssuer, trustedLoader, trustIndexOf, type TrustIndex } from './trust-index.js';

/** The revocation state of a credential as its status list says. */
export type CredentialStatusState = 'valid' | 'revoked' | 'suspended';

/**
 * Looks up one `credentialStatus` entry of a credential of `issuer` (e.g. in a cached Bitstring Status List, which
 * must be that issuer's). May throw when unavailable.
 */
export type StatusChecker = (entry: CredentialStatusEntry, issuer: string) => Promise<CredentialStatusState>;

/** Options of `verifyCredential`. */
export interface VerifyCredentialOptions {
  /** The credential, as untrusted JSON (parse text with `parseStrictJson`, which refuses duplicate members). */
  credential: unknown;
  /** The health authorities whose credentials are accepted; a credential of any other issuer fails `issuer`. */
  trustedIssuers: readonly TrustedIssuer[];
  /**
   * Serves the JSON-LD contexts: the W3C and suite contexts, and the healthcred contexts under each trusted issuer's
   * base URLs (see `contextBaseUrlsOf`). Never asked for a DID: keys come from `trustedIssuers` only.
   */
  documentLoader: DocumentLoader;
  /** The time to check validity dates at. Default: the current time. */
  now?: Date;
  /**
   * Revocation lookup, called once per status entry. Default: none; a credential with a status entry then verifies
   * with the warning `status_not_checked`, which a caller must not present as a plain "valid".
   */
  checkStatus?: StatusChecker;
  /**
   * DIVOC's revocation route, asked for a DIVOC certificate whose issuer's trust entry names a `revocationUrl`.
   * Default: none; such a certificate then verifies with the warning `status_not_checked`, as does one whose issuer
   * has no revocation URL.
   */
  checkDivocRevocation?: DivocRevocationChecker;
}

/** Every base URL the trusted issuers' contexts are served under: what the context loader must serve them at. */
export function contextBaseUrlsOf(trustedIssuers: readonly TrustedIssuer[]): string[] {
  return [...new Set([...trustIndexOf(trustedIssuers).baseUrls.values()].flat())];
}

/**
 * Every DIVOC namespace URL the trusted DIVOC issuers name, with the DIVOC context it serves: what the context loader
 * must serve at those URLs (`createDocumentLoader({divocNamespaces})`). A URL two entries map differently keeps the
 * first entry's context.
 */
export function divocNamespacesOf(trustedIssuers: readonly TrustedIssuer[]): DivocNamespaces {
  const namespaces: Record<string, DivocNamespaces[string]> = {};
  for (const issuer of trustedIssuers) {
    for (const [url, name] of Object.entries(issuer.divoc?.contexts ?? {})) {
      if (!Object.hasOwn(namespaces, url) && isDivocContextName(name)) namespaces[url] = name;
    }
  }
  return namespaces;
}

function issuerOf(credential: Json, index: TrustIndex): VerifiedIssuer {
  const id = String(credential.issuer);
  const entry = index.issuers.get(id);
  return entry ? { id, trusted: true, name: entry.name, country: entry.country } : { id, trusted: false };
}

/** The key checks the verifier makes itself, before the signature: so a revoked or foreign key is named as such. */
function checkKey(credential: Json, index: TrustIndex): VerificationError | undefined {
  const methodId = String((credential.proof as Json).verificationMethod);
  const key = index.keys.get(methodId);
  const issuer = String(credential.issuer);
  if (key === undefined) {
    return { check: 'issuer_key', code: 'unknown_key', message: `The signing key ${methodId} is not a key of any trusted issuer.` };
  }
  if (key.issuer.did !== issuer) {
    return { check: 'issuer_key', code: 'issuer_mismatch', message: `The signing key ${methodId} is not controlled by the credential's issuer.` };
  }
  if (key.method.revoked !== undefined) {
    return {
      check: 'issuer_key', code: 'revoked_key',
      message: `The signing key ${methodId} was revoked by its issuer on ${key.method.revoked}: nothing it signed is valid.`,
    };
  }
  if (!isAssertionMethod(key.issuer.didDocument, methodId)) {
    return { check: 'issuer_key', code: 'key_not_authorized', message: `The signing key ${methodId} is not listed for assertionMethod by its issuer.` };
  }
  return undefined;
}

function statusEntries(credential: Json): CredentialStatusEntry[] {
  const status = credential.credentialStatus;
  if (status === undefined) return [];
  return (Array.isArray(status) ? status : [status]) as CredentialStatusEntry[];
}

async function checkStatus(
  entries: readonly CredentialStatusEntry[], issuer: string, checker: StatusChecker,
): Promise<Failure | undefined> {
  const states = await Promise.all(entries.map((entry) => checker(entry, issuer).catch(() => 'unavailable' as const)));
  if (states.includes('revoked')) return fail('revoked', 'The issuer has revoked this credential.');
  if (states.includes('suspended')) return fail('suspended', 'The issuer has suspended this credential.');
  if (states.includes('unavailable')) {
    return fail('status_unavailable', 'The revocation status could not be checked (status list unavailable).');
  }
  return undefined;
}

/**
 * The verification every channel runs (API, CLI, verifier page), with the proof check injected: JSON safety and
 * structure, the issuer on the trust list, the exact contexts, the holder fields, validity dates, the signing key
 * (a trusted issuer's, not revoked, listed for assertionMethod), the proof, and each status entry. A DIVOC issuer's
 * certificate has its DIVOC contexts, its key from the trust entry, its `RsaSignature2018`/`Ed25519Signature2018`
 * proof checked through jsonld or `canonizeDivoc` where it applies (`checkDivocProof`), and its revocation asked of
 * the entry's DIVOC route, if any.
 * Never throws for a bad credential: a failed verification is data. The result always names the issuer.
 */
export async function verifyWith(
  options: VerifyCredentialOptions, checkProof: ProofCheck, canonizeDivoc?: DivocCanonizer,
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const checks: VerificationCheckName[] = [];
  const errors: VerificationError[] = [];
  const warnings: VerificationWarning[] = [];
  const record = (check: VerificationCheckName, failure: Failure | undefined) => {
    if (failure) errors.push({ check, ...failure });
    else checks.push(check);
  };
  const done = (issuer?: VerifiedIssuer): VerificationResult =>
    ({ verified: errors.length === 0, checks, errors, warnings, ...(issuer ? { issuer } : {}) });

  record('structure', checkStructure(options.credential));
  if (errors.length > 0) return done();
  const credential = options.credential as Json;
  const members = checkMembers(credential);
  if (members) return errors.push({ check: members.code === 'forbidden_member' ? 'structure' : 'contexts', ...members }), done();

  const index = trustIndexOf(options.trustedIssuers);
  const issuer = issuerOf(credential, index);
  if (!issuer.trusted) {
    record('issuer', fail('untrusted_issuer', `The issuer ${issuer.id} is not on this verifier's trust list.`));
    return done(issuer);
  }
  checks.push('issuer');
  const entry = index.issuers.get(issuer.id)!;
  const divoc = isDivocIssuer(entry) ? entry : undefined;
  if ((divoc !== undefined) !== isDivocSuite((credential.proof as Json).type)) {
    record('issuer_key', fail('key_not_authorized', divoc
      ? `${issuer.id} is a DIVOC issuer: its certificates are signed RsaSignature2018 or Ed25519Signature2018.`
      : `${issuer.id} signs Ed25519Signature2020 or DataIntegrityProof; a DIVOC proof is not its.`));
    return done(issuer);
  }
  record('contexts', divoc ? checkDivocContexts(credential, divoc.divoc.contexts) : checkContexts(credential, index.baseUrls.get(issuer.id) ?? []));
  if (errors.length > 0) return done(issuer);
  record('holder', checkHolder(credential, divoc ? DIVOC_HOLDER : undefined));
  record('dates', checkDates(credential, now));

  const loader = trustedLoader(index, options.documentLoader);
  let proofError: VerificationError | undefined;
  if (divoc) {
    const keys = divocKeysFor(credential, divoc);
    proofError = Array.isArray(keys) ? await checkDivocProof(credential, keys, loader, canonizeDivoc) : keys;
  } else {
    proofError = checkKey(credential, index) ?? await checkProof(credential, loader, validFromOf(credential) ?? now);
  }
  if (proofError) errors.push(proofError);
  else checks.push('issuer_key', 'proof');

  if (divoc && errors.length === 0) {
    const { failure, warning } = await checkDivocRevocation(credential, divoc, options.checkDivocRevocation);
    if (warning) warnings.push(warning);
    else record('status', failure);
    return done(issuer);
  }
  // Only a credential that holds in every other respect has its status looked up: the list URLs it names are then
  // a trusted issuer's signed word, not an attacker's (a checker may fetch them).
  const entries = errors.length === 0 ? statusEntries(credential) : [];
  if (entries.length > 0 && options.checkStatus) {
    record('status', await checkStatus(entries, issuer.id, options.checkStatus));
  } else if (entries.length > 0) {
    warnings.push({ code: 'status_not_checked', message: 'Revocation was NOT checked: no status list was available to this verifier.' });
  }
  return done(issuer);
}

/**
 * The failed verification of a credential whose JSON text was refused by `parseStrictJson` (a duplicate or forbidden
 * member): every channel reports it as the `structure` check, with the reason as its code.
 */
export function unsafeJsonResult(error: UnsafeJsonError): VerificationResult {
  return { verified: false, checks: [], errors: [{ check: 'structure', code: error.reason, message: error.message }], warnings: [] };
}
