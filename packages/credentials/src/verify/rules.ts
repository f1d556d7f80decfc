import {
  contextUrl, ED25519_2020_CONTEXT, STATUS_LIST_2021_CONTEXT, STATUS_LIST_CONTEXT_PATH, TEST_RESULT_CONTEXT_PATH,
  TEST_RESULT_CONTEXT_V2_PATH, TEST_RESULT_CONTEXT_V3_PATH, VACCINATION_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH,
  VACCINATION_CONTEXT_V3_PATH, VC_V1_CONTEXT, VC_V2_CONTEXT,
} from '@healthcred/document-loader/browser';
import type { VerificationErrorCode } from '@healthcred/types';
import { FORBIDDEN_MEMBER_NAMES } from '@healthcred/validation';
import { isDivocSuite } from './divoc-proof.js';

/** A failed check's code and reason. */
export interface Failure {
  code: VerificationErrorCode;
  message: string;
}

export type Json = Record<string, unknown>;


/** Clock skew tolerated between issuer and verifier, in milliseconds. */
export const MAX_CLOCK_SKEW_MS = 300_000;

const MAX_DEPTH = 16;

export function fail(code: VerificationErrorCode, message: string): Failure {
  return { code, message };
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What each kind of credential this verifier accepts must carry. */
interface CredentialKind {
  /** Paths of its own context's versions under the issuer's base URL, the first the one named in errors; none for a
   * kind whose context is a W3C one (`context`). */
  contextPaths: readonly string[];
  /** The published context between VC v1 and Ed25519-2020 that the kind names instead of an issuer's own. */
  context?: string;
  /** Whether the Status List 2021 context may follow its own (the credentials that carry Status List 2021 entries). */
  statusList2021?: boolean;
  /** The same as `contextPaths` for its VC 2.0 form (`[VC v2, <path>]`); empty when the VC 2.0 context alone defines
   * the kind; absent for a kind with no VC 2.0 form. */
  vc2ContextPaths?: readonly string[];
  /** `credentialSubject` members that say whose it is; a credential without them is transferable to anyone. */
  holder: readonly string[];
}

const KINDS: Readonly<Record<string, CredentialKind>> = {
  ProofOfVaccinationCredential: {
    contextPaths: [VACCINATION_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH], vc2ContextPaths: [VACCINATION_CONTEXT_V3_PATH],
    holder: ['name', 'dob'], statusList2021: true,
  },
  ProofOfTestCertificateCredential: {
    contextPaths: [TEST_RESULT_CONTEXT_PATH, TEST_RESULT_CONTEXT_V2_PATH], vc2ContextPaths: [TEST_RESULT_CONTEXT_V3_PATH],
    holder: ['name', 'dob'], statusList2021: true,
  },
  BitstringStatusListCredential: { contextPaths: [STATUS_LIST_CONTEXT_PATH], vc2ContextPaths: [], holder: [] },
  StatusList2021Credential: { contextPaths: [], context: STATUS_LIST_2021_CONTEXT, holder: [] },
};

/** The kind named by `type` (`["VerifiableCredential", <kind>]`), if this verifier knows it. */
function kindOf(credential: Json): CredentialKind | undefined {
  const type = credential.type;
  if (!Array.isArray(type) || type.length !== 2 || type[0] !== 'VerifiableCredential') return undefined;
  return typeof type[1] === 'string' && Object.hasOwn(KINDS, type[1]) ? KINDS[type[1]] : undefined;
}

/**
 * The outline every credential must have before anything in it is read: an object with a known `type`, a string
 * `issuer`, an object `credentialSubject`, and one assertion proof: `Ed25519Signature2020` with a `proofValue`, or
 * DIVOC's `RsaSignature2018`/`Ed25519Signature2018` with a `jws` (and no `credentialStatus`, which DIVOC's own
 * verifiers refuse and this one would otherwise leave unchecked). Field values are not typed here: DIVOC writes
 * `"age": "36"`, `"nonTransferable": "true"` and `"dose": ""`, which the signature covers as they are.
 */
export function checkStructure(credential: unknown): Failure | undefined {
  if (!isObject(credential)) return fail('malformed_credential', 'The credential is not a JSON object.');
  if (!Array.isArray(credential.type) || !credential.type.includes('VerifiableCredential')) {
    return fail('malformed_credential', '"type" must be an array that includes "VerifiableCredential".');
  }
  if (kindOf(credential) === undefined) {
    return fail('malformed_credential', `"type" must be ["VerifiableCredential", X] with X one of ${Object.keys(KINDS).join(', ')}.`);
  }
  if (typeof credential.issuer !== 'string') return fail('malformed_credential', '"issuer" must be a string: a DID, or the URL a DIVOC certificate names.');
  if (!isObject(credential.credentialSubject)) {
    return fail('malformed_credential', '"credentialSubject" must be an object.');
  }
  const proof = credential.proof;
  if (!isObject(proof)) return fail('malformed_credential', 'The credential has no "proof": it is not signed.');
  const divoc = isDivocSuite(proof.type);
  const dataIntegrity = proof.type === 'DataIntegrityProof';
  if (proof.type !== 'Ed25519Signature2020' && !dataIntegrity && !divoc) {
    return fail('malformed_credential',
      '"proof.type" must be "Ed25519Signature2020", "DataIntegrityProof" (VC 2.0) or, for a DIVOC certificate, "RsaSignature2018" or "Ed25519Signature2018".');
  }
  if (dataIntegrity !== isVc2Credential(credential)) {
    return fail('malformed_credential', dataIntegrity
      ? 'A "DataIntegrityProof" signs a VC 2.0 credential: its first "@context" must be https://www.w3.org/ns/credentials/v2.'
      : `A VC 2.0 credential is signed with a "DataIntegrityProof", not "${String(proof.type)}".`);
  }
  if (dataIntegrity && proof.cryptosuite !== 'eddsa-rdfc-2022') {
    return fail('malformed_credential', '"proof.cryptosuite" must be "eddsa-rdfc-2022".');
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    return fail('malformed_credential', '"proof.proofPurpose" must be "assertionMethod".');
  }
  const signature = divoc ? 'jws' : 'proofValue';
  if (typeof proof.verificationMethod !== 'string' || typeof proof[signature] !== 'string') {
    return fail('malformed_credential', `"proof.verificationMethod" and "proof.${signature}" must be strings.`);
  }
  if (divoc && credential.credentialStatus !== undefined) {
    return fail('malformed_credential', 'A DIVOC certificate carries no "credentialStatus" (DIVOC\'s verifiers refuse one).');
  }
  return undefined;
}

/** Whether the credential is of the VC 2.0 form: its first context is the VC 2.0 context. */
export function isVc2Credential(credential: Json): boolean {
  return Array.isArray(credential['@context']) && credential['@context'][0] === VC_V2_CONTEXT;
}

/**
 * Member names that would let a credential say something other than what a reader of its JSON sees: JSON-LD
 * keywords (`@context`, `@vocab`, `@id`, ...) anywhere but the top-level `@context`, and the prototype-related names.
 */
export function checkMembers(credential: Json): Failure | undefined {
  const walk = (node: unknown, path: string, depth: number): Failure | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    if (depth > MAX_DEPTH) return fail('malformed_credential', `${path} is nested too deeply.`);
    const entries = Array.isArray(node)
      ? node.map((item, index) => [`${path}[${index}]`, item] as const)
      : Object.keys(node).map((name) => [path === '' ? name : `${path}.${name}`, (node as Json)[name], name] as const);
    for (const [childPath, child, name] of entries as (readonly [string, unknown, string?])[]) {
      if (name !== undefined && FORBIDDEN_MEMBER_NAMES.has(name)) {
        return fail('forbidden_member', `The credential has a member "${childPath}", which is never allowed.`);
      }
      if (name?.startsWith('@') && childPath !== '@context') {
        return fail('unknown_context', `The credential has "${childPath}": JSON-LD keywords other than the top-level "@context" are not allowed.`);
      }
      const found = walk(child, childPath, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(credential, '', 0);
}

/**
 * The `@context` must be exactly a list the issuer writes for the credential's kind, in order: the VC v1 context,
 * a version of the kind's context under one of the issuer's base URLs (for a `StatusList2021Credential`, the Status
 * List 2021 context), for a health credential optionally the Status List 2021 context (new credentials, whose status
 * entries it defines), the Ed25519Signature2020 context. An inline context, a different order or an extra entry
 * could re-map terms (`name` to anything) while the signature still holds.
 *
 * @param baseUrls - Where the issuer's trust entry says its contexts are served.
 */
export function checkContexts(credential: Json, baseUrls: readonly string[]): Failure | undefined {
  if (isVc2Credential(credential)) return checkVc2Contexts(credential, baseUrls);
  const context = credential['@context'];
  const kind = kindOf(credential)!;
  const own = kind.context !== undefined ? [kind.context] : baseUrls.flatMap((base) => kind.contextPaths.map((path) => contextUrl(base, path)));
  const middles = own.flatMap((url) => [[url], ...(kind.statusList2021 ? [[url, STATUS_LIST_2021_CONTEXT]] : [])]);
  const text = JSON.stringify(context);
  if (middles.some((middle) => JSON.stringify([VC_V1_CONTEXT, ...middle, ED25519_2020_CONTEXT]) === text)) return undefined;
  const inline = Array.isArray(context) && context.some((entry) => typeof entry !== 'string');
  const optional = kind.statusList2021 ? `, optionally "${STATUS_LIST_2021_CONTEXT}"` : '';
  const expected = `["${VC_V1_CONTEXT}", "${own[0] ?? `<issuer>/${kind.contextPaths[0]}`}"${optional}, "${ED25519_2020_CONTEXT}"]`;
  return fail('unknown_context', inline
    ? `"@context" holds an inline context; only the issuer's published contexts are accepted: ${expected}.`
    : `"@context" must be exactly ${expected}.`);
}

/**
 * The `@context` of a VC 2.0 credential must be exactly the VC 2.0 context and the v3 of the kind's context under one
 * of the issuer's base URLs, in that order; a VC 2.0 status list credential, the VC 2.0 context alone.
 */
function checkVc2Contexts(credential: Json, baseUrls: readonly string[]): Failure | undefined {
  const context = credential['@context'] as unknown[];
  const kind = kindOf(credential)!;
  const paths = kind.vc2ContextPaths;
  if (paths === undefined) return fail('unknown_context', `"${String((credential.type as unknown[])[1])}" has no VC 2.0 form.`);
  const allowed = baseUrls.flatMap((base) => paths.map((path) => contextUrl(base, path)));
  const expected = [VC_V2_CONTEXT, ...(paths.length === 0 ? [] : [allowed[0] ?? `<issuer>/${paths[0]}`])];
  const exact = context.length === expected.length && (context.length === 1 || allowed.includes(context[1] as string));
  if (exact) return undefined;
  const inline = context.some((entry) => typeof entry !== 'string');
  const list = `[${expected.map((url) => `"${url}"`).join(', ')}]`;
  return fail('unknown_context', inline
    ? `"@context" holds an inline context; only the issuer's published contexts are accepted: ${list}.`
    : `"@context" must be exactly ${list}.`);
}

/**
 * A health credential must say whose it is: the kind's holder members (for a DIVOC certificate, {@link DIVOC_HOLDER})
 * are non-empty strings.
 */
export function checkHolder(credential: Json, holder: readonly string[] = kindOf(credential)!.holder): Failure | undefined {
  const subject = credential.credentialSubject as Json;
  const missing = holder.filter((name) => typeof subject[name] !== 'string' || (subject[name] as string).trim() === '');
  if (missing.length === 0) return undefined;
  return fail('missing_holder',
    `The credential does not say whose it is: credentialSubject.${missing.join(' and credentialSubject.')} missing or empty.`);
}

/**
 * The members holding the start and end of a credential's validity: `issuanceDate` and `expirationDate` (VC 1.1),
 * `validFrom` and `validUntil` (VC 2.0).
 */
export function validityMembers(credential: Json): { from: string; until: string } {
  return isVc2Credential(credential) ? { from: 'validFrom', until: 'validUntil' } : { from: 'issuanceDate', until: 'expirationDate' };
}

/** The time a credential's validity starts, as a `Date`, or undefined when it has none that parses. */
export function validFromOf(credential: Json): Date | undefined {
  const time = Date.parse(String(credential[validityMembers(credential).from]));
  return Number.isNaN(time) ? undefined : new Date(time);
}

export function checkDates(credential: Json, now: Date): Failure | undefined {
  const { from, until } = validityMembers(credential);
  if (isVc2Credential(credential) && (credential.issuanceDate !== undefined || credential.expirationDate !== undefined)) {
    return fail('malformed_credential', 'A VC 2.0 credential states its validity with "validFrom" and "validUntil" only.');
  }
  const issued = Date.parse(String(credential[from]));
  if (Number.isNaN(issued)) return fail('malformed_credential', `"${from}" must be an ISO 8601 date-time.`);
  if (issued - MAX_CLOCK_SKEW_MS > now.getTime()) {
    return fail('not_yet_valid', `The credential is not valid before ${String(credential[from])}.`);
  }
  if (credential[until] !== undefined) {
    const expires = Date.parse(String(credential[until]));
    if (Number.isNaN(expires)) return fail('malformed_credential', `"${until}" must be an ISO 8601 date-time.`);
    if (expires + MAX_CLOCK_SKEW_MS < now.getTime()) {
      return fail('expired', `The credential expired on ${String(credential[until])}.`);
    }
  }
  return undefined;
}
