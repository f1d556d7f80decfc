import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { DocumentLoader } from '@healthcred/document-loader';
import type {
  BitstringStatusListEntry, VerificationCheckName, VerificationError, VerificationErrorCode, VerificationResult,
} from '@healthcred/types';
import { VC_V1_CONTEXT } from './build-credential.js';
import { checkProofFast } from './fast-verify.js';
import { undefinedTerm, wrappedHealthcredError } from './jsonld-errors.js';

/** The revocation state of a credential as its status list says. */
export type CredentialStatusState = 'valid' | 'revoked' | 'suspended';

/** Looks up a `credentialStatus` entry (e.g. in a cached Bitstring Status List). May throw when unavailable. */
export type StatusChecker = (entry: BitstringStatusListEntry) => Promise<CredentialStatusState>;

/** Options of {@link verifyCredential}. */
export interface VerifyCredentialOptions {
  /** The credential, as untrusted JSON. */
  credential: unknown;
  /** An offline loader holding the contexts and the DID documents of the trusted issuers. */
  documentLoader: DocumentLoader;
  /** The time to check validity dates at. Default: the current time. */
  now?: Date;
  /** Revocation lookup. Default: none, and then `status` is not among the checks. */
  checkStatus?: StatusChecker;
}

/** Clock skew tolerated between issuer and verifier, in milliseconds. */
const MAX_CLOCK_SKEW_MS = 300_000;

type Failure = Omit<VerificationError, 'check'>;

function fail(code: VerificationErrorCode, message: string): Failure {
  return { code, message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStructure(credential: unknown): Failure | undefined {
  if (!isObject(credential)) return fail('malformed_credential', 'The credential is not a JSON object.');
  const context = credential['@context'];
  if (!Array.isArray(context) || context[0] !== VC_V1_CONTEXT) {
    return fail('malformed_credential', `"@context" must be an array starting with "${VC_V1_CONTEXT}".`);
  }
  const type = credential.type;
  if (!Array.isArray(type) || !type.includes('VerifiableCredential')) {
    return fail('malformed_credential', '"type" must be an array that includes "VerifiableCredential".');
  }
  if (typeof credential.issuer !== 'string') return fail('malformed_credential', '"issuer" must be a DID string.');
  if (!isObject(credential.credentialSubject)) {
    return fail('malformed_credential', '"credentialSubject" must be an object.');
  }
  const proof = credential.proof;
  if (!isObject(proof)) return fail('malformed_credential', 'The credential has no "proof": it is not signed.');
  if (proof.type !== 'Ed25519Signature2020') {
    return fail('malformed_credential', `"proof.type" must be "Ed25519Signature2020".`);
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    return fail('malformed_credential', '"proof.proofPurpose" must be "assertionMethod".');
  }
  if (typeof proof.verificationMethod !== 'string' || typeof proof.proofValue !== 'string') {
    return fail('malformed_credential', '"proof.verificationMethod" and "proof.proofValue" must be strings.');
  }
  return undefined;
}

function checkDates(credential: Record<string, unknown>, now: Date): Failure | undefined {
  const issued = Date.parse(String(credential.issuanceDate));
  if (Number.isNaN(issued)) return fail('malformed_credential', '"issuanceDate" must be an ISO 8601 date-time.');
  if (issued - MAX_CLOCK_SKEW_MS > now.getTime()) {
    return fail('not_yet_valid', `The credential is not valid before ${String(credential.issuanceDate)}.`);
  }
  if (credential.expirationDate !== undefined) {
    const expires = Date.parse(String(credential.expirationDate));
    if (Number.isNaN(expires)) return fail('malformed_credential', '"expirationDate" must be an ISO 8601 date-time.');
    if (expires + MAX_CLOCK_SKEW_MS < now.getTime()) {
      return fail('expired', `The credential expired on ${String(credential.expirationDate)}.`);
    }
  }
  return undefined;
}

function unknownKey(verificationMethod: string): VerificationError {
  return {
    check: 'issuer_key', code: 'unknown_key',
    message: `The signing key ${verificationMethod} is not a key of any trusted issuer.`,
  };
}

/** Turns a proof failure reported by the vc library into a check name and a reason. */
function classifyProofError(error: unknown, verificationMethod: string): VerificationError {
  const message = error instanceof Error ? error.message : String(error);
  const known = wrappedHealthcredError(error);
  if (known?.code === 'unknown_document') {
    if (known.message.includes('"did:')) return unknownKey(verificationMethod);
    return { check: 'structure', code: 'malformed_credential', message: known.message };
  }
  const property = undefinedTerm(error);
  if (property !== undefined) {
    return {
      check: 'structure', code: 'malformed_credential',
      message: `Field "${property}" is not defined by the credential's contexts.`,
    };
  }
  if (/issuer must match/i.test(message)) {
    return {
      check: 'issuer_key', code: 'issuer_mismatch',
      message: `The signing key ${verificationMethod} is not controlled by the credential's issuer.`,
    };
  }
  if (/not authorized|assertionMethod/i.test(message)) {
    return {
      check: 'issuer_key', code: 'key_not_authorized',
      message: `The signing key ${verificationMethod} is not listed for assertionMethod by its controller.`,
    };
  }
  return {
    check: 'proof', code: 'invalid_signature',
    message: 'The signature does not match the credential: it was changed after signing or signed by another key.',
  };
}

/**
 * The time the proof check runs vc's credential checks at: the issuance date when it parses. vc also rejects a
 * credential outside its validity period, which would hide whether the signature holds; `checkDates` reports that.
 */
function proofCheckTime(credential: Record<string, unknown>, now: Date): Date {
  const issued = Date.parse(String(credential.issuanceDate));
  return Number.isNaN(issued) ? now : new Date(issued);
}

/** The status is checked by `checkStatus` below; vc refuses a `credentialStatus` unless given a checker. */
async function statusCheckedElsewhere() {
  return { verified: true };
}

/** The proof check through `@digitalbazaar/vc`: the error it reports, or undefined when the proof holds. */
async function generalProofError(
  credential: Record<string, unknown>, documentLoader: DocumentLoader, at: Date,
): Promise<{ error: unknown } | undefined> {
  try {
    const result = await vc.verifyCredential({
      credential, suite: new Ed25519Signature2020(), documentLoader, now: at, maxClockSkew: MAX_CLOCK_SKEW_MS / 1000,
      checkStatus: statusCheckedElsewhere,
    });
    if (result.verified) return undefined;
    const proofResult = result.results?.[0];
    return { error: proofResult?.error ?? proofResult?.purposeResult?.error ?? result.error?.errors?.[0] ?? result.error };
  } catch (error) {
    return { error };
  }
}

/**
 * Whether the error is a context the loader lacks while the signing key is unknown too. The unknown key is then the
 * finding, whether or not jsonld still caches the context from an earlier call (which would skip the loader).
 */
async function isUnknownContextAndKey(error: unknown, documentLoader: DocumentLoader, verificationMethod: string) {
  const known = wrappedHealthcredError(error);
  if (known?.code !== 'unknown_document' || known.message.includes('"did:')) return false;
  try {
    await documentLoader(verificationMethod);
    return false;
  } catch {
    return true;
  }
}

async function checkProof(
  credential: Record<string, unknown>, options: VerifyCredentialOptions, now: Date,
): Promise<VerificationError | undefined> {
  const { documentLoader } = options;
  const verificationMethod = String((credential.proof as Record<string, unknown>).verificationMethod);
  const at = proofCheckTime(credential, now);
  const fast = await checkProofFast({ credential, documentLoader, now: at, maxClockSkew: MAX_CLOCK_SKEW_MS / 1000 });
  if (fast.covered) return fast.error === undefined ? undefined : classifyProofError(fast.error, verificationMethod);
  const failure = await generalProofError(credential, documentLoader, at);
  if (failure === undefined) return undefined;
  if (await isUnknownContextAndKey(failure.error, documentLoader, verificationMethod)) return unknownKey(verificationMethod);
  return classifyProofError(failure.error, verificationMethod);
}

async function checkStatus(
  credential: Record<string, unknown>, checker: StatusChecker,
): Promise<Failure | undefined> {
  const entry = credential.credentialStatus as BitstringStatusListEntry;
  try {
    const state = await checker(entry);
    if (state === 'revoked') return fail('revoked', 'The issuer has revoked this credential.');
    if (state === 'suspended') return fail('suspended', 'The issuer has suspended this credential.');
    return undefined;
  } catch {
    return fail('status_unavailable', 'The revocation status could not be checked (status list unavailable).');
  }
}

/**
 * Verifies a credential: its structure, its validity dates, its `Ed25519Signature2020` proof, that the signing key
 * is controlled by the issuer and listed for `assertionMethod`, and (when `checkStatus` is given and the credential
 * has a `credentialStatus`) that it is not revoked or suspended.
 *
 * Never throws for a bad credential: a failed verification is data. Each failed check has a code and a reason.
 * The proof of a credential shaped as the credential builders make it is checked without JSON-LD expansion (see
 * `@healthcred/canonize`), with the same checks and results as through `@digitalbazaar/vc`, which checks the rest.
 */
export async function verifyCredential(options: VerifyCredentialOptions): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const checks: VerificationCheckName[] = [];
  const errors: VerificationError[] = [];
  const record = (check: VerificationCheckName, failure: Failure | undefined) => {
    if (failure) errors.push({ check, ...failure });
    else checks.push(check);
  };

  record('structure', checkStructure(options.credential));
  if (errors.length > 0) return { verified: false, checks, errors };
  const credential = options.credential as Record<string, unknown>;

  record('dates', checkDates(credential, now));
  const proofError = await checkProof(credential, options, now);
  if (proofError) {
    errors.push(proofError);
  } else {
    checks.push('proof', 'issuer_key');
  }
  if (options.checkStatus && credential.credentialStatus !== undefined) {
    record('status', await checkStatus(credential, options.checkStatus));
  }
  return { verified: errors.length === 0, checks, errors };
}
