import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as vc from '@digitalbazaar/vc';
import type {
  BitstringStatusListEntry, VerificationCheckName, VerificationError, VerificationErrorCode, VerificationResult,
} from '@healthcred/types';
import { createDocumentLoader } from './document-loader.js';
import type { StatusState } from './status-list.js';

/** What the in-browser verifier needs; the same checks and codes as the API's `verifyCredential`. */
export interface OfflineVerifyOptions {
  credential: unknown;
  /** Bundled contexts and the trusted DID documents and keys (see `trustedDocuments`). */
  documents: ReadonlyMap<string, unknown>;
  /** Looks the entry up in a cached status list; throws when no list is available. Without it: unavailable. */
  checkStatus?: (entry: BitstringStatusListEntry, issuer: string) => Promise<StatusState>;
  now?: Date;
}

const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
const MAX_CLOCK_SKEW_MS = 300_000;

type Failure = { code: VerificationErrorCode; message: string };
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (code: VerificationErrorCode, message: string): Failure => ({ code, message });

function checkStructure(credential: unknown): Failure | undefined {
  if (!isObject(credential)) return fail('malformed_credential', 'The credential is not a JSON object.');
  const context = credential['@context'];
  if (!Array.isArray(context) || context[0] !== VC_V1_CONTEXT) return fail('malformed_credential', 'Wrong "@context".');
  if (!Array.isArray(credential.type) || !credential.type.includes('VerifiableCredential')) {
    return fail('malformed_credential', '"type" must include "VerifiableCredential".');
  }
  if (typeof credential.issuer !== 'string') return fail('malformed_credential', '"issuer" must be a DID string.');
  if (!isObject(credential.credentialSubject)) return fail('malformed_credential', 'No "credentialSubject".');
  const proof = credential.proof;
  if (!isObject(proof) || proof.type !== 'Ed25519Signature2020' || proof.proofPurpose !== 'assertionMethod'
    || typeof proof.verificationMethod !== 'string' || typeof proof.proofValue !== 'string') {
    return fail('malformed_credential', 'The credential has no Ed25519Signature2020 assertion proof.');
  }
  return undefined;
}

function checkDates(credential: Json, now: Date): Failure | undefined {
  const issued = Date.parse(String(credential.issuanceDate));
  if (Number.isNaN(issued)) return fail('malformed_credential', '"issuanceDate" must be an ISO 8601 date-time.');
  if (issued - MAX_CLOCK_SKEW_MS > now.getTime()) return fail('not_yet_valid', 'The credential is not valid yet.');
  if (credential.expirationDate === undefined) return undefined;
  const expires = Date.parse(String(credential.expirationDate));
  if (Number.isNaN(expires)) return fail('malformed_credential', '"expirationDate" must be an ISO 8601 date-time.');
  return expires + MAX_CLOCK_SKEW_MS < now.getTime() ? fail('expired', 'The credential has expired.') : undefined;
}

interface Detailed { details?: { event?: { details?: { property?: unknown } } } }

/** Runs vc's proof check (at the issuance date: `checkDates` reports the validity period) and names the failure. */
async function checkProof(credential: Json, documents: ReadonlyMap<string, unknown>): Promise<VerificationError | undefined> {
  const verificationMethod = String((credential.proof as Json).verificationMethod);
  if (!documents.has(verificationMethod)) {
    return { check: 'issuer_key', code: 'unknown_key', message: 'The signing key is not a key of a trusted issuer.' };
  }
  const misses: string[] = [];
  let error: unknown;
  try {
    const result = await vc.verifyCredential({
      credential, suite: new Ed25519Signature2020(), documentLoader: createDocumentLoader(documents, (url) => misses.push(url)),
      now: new Date(Date.parse(String(credential.issuanceDate))), maxClockSkew: MAX_CLOCK_SKEW_MS / 1000,
      checkStatus: async () => ({ verified: true }),
    });
    if (result.verified) return undefined;
    const proof = result.results?.[0];
    error = proof?.error ?? proof?.purposeResult?.error ?? result.error?.errors?.[0] ?? result.error;
  } catch (thrown) {
    error = thrown;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (misses.length > 0 || (error as Detailed)?.details?.event?.details?.property !== undefined) {
    return { check: 'structure', code: 'malformed_credential', message: 'The credential uses terms or contexts that are not known.' };
  }
  if (/issuer must match/i.test(message)) {
    return { check: 'issuer_key', code: 'issuer_mismatch', message: 'The signing key is not controlled by the issuer.' };
  }
  if (/not authorized|assertionMethod/i.test(message)) {
    return { check: 'issuer_key', code: 'key_not_authorized', message: 'The signing key is not listed for assertionMethod.' };
  }
  return { check: 'proof', code: 'invalid_signature', message: 'The signature does not match the credential.' };
}

async function checkStatus(credential: Json, options: OfflineVerifyOptions): Promise<Failure | undefined> {
  if (!options.checkStatus) return fail('status_unavailable', 'No status list is available.');
  try {
    const state = await options.checkStatus(credential.credentialStatus as BitstringStatusListEntry, String(credential.issuer));
    if (state === 'revoked') return fail('revoked', 'The issuer has revoked this credential.');
    return state === 'suspended' ? fail('suspended', 'The issuer has suspended this credential.') : undefined;
  } catch {
    return fail('status_unavailable', 'The revocation status could not be checked (status list unavailable).');
  }
}

/**
 * Verifies a credential in the browser, offline: structure, validity dates, the Ed25519Signature2020 proof, the
 * issuer's key (from the cached DID document) and, when it has a `credentialStatus`, the cached status list.
 * Never throws: a failed verification is data, with the API's check names and codes.
 */
export async function verifyOffline(options: OfflineVerifyOptions): Promise<VerificationResult> {
  const checks: VerificationCheckName[] = [];
  const errors: VerificationError[] = [];
  const record = (check: VerificationCheckName, failure: Failure | undefined) => {
    if (failure) errors.push({ check, ...failure });
    else checks.push(check);
  };
  record('structure', checkStructure(options.credential));
  if (errors.length > 0) return { verified: false, checks, errors, warnings: [] };
  const credential = options.credential as Json;
  record('dates', checkDates(credential, options.now ?? new Date()));
  const proofError = await checkProof(credential, options.documents);
  if (proofError) errors.push(proofError);
  else checks.push('proof', 'issuer_key');
  if (credential.credentialStatus !== undefined) record('status', await checkStatus(credential, options));
  return { verified: errors.length === 0, checks, errors, warnings: [] };
}
