import {
  contextUrl, ED25519_2020_CONTEXT, STATUS_LIST_2021_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT,
} from '@healthcred/document-loader';
import type { HealthRecord } from '@healthcred/types';
import { InputReader } from '@healthcred/validation';
import { contextPathFor, CREDENTIAL_CONTEXT_PATHS, type IssuerProfile } from './build-credential.js';
import { recordFromCredential } from './record-from-credential.js';
import { V3_PATHS } from './vc2-credential.js';
import { recordHash } from '@healthcred/records';

/** A W3C VC API issue request (`{credential, options}`) read into the record it asks to certify. */
export interface VcApiIssueRequest {
  /** The record, with the credential's `expirationDate` as `expiresAt` (UTC, seconds) when it has one. */
  healthRecord: HealthRecord & { expiresAt?: string };
  /**
   * What identifies the request across replays (VC API `options.credentialId`, else `credential.id`), else
   * `sha256:` and the record's hash, so that sending the same credential twice still gives one certificate.
   */
  requestKey: string;
}

/** Members of an unsigned credential as the builders make it; the ids, date and subject id are the issuer's to set. */
const MEMBERS = ['@context', 'id', 'type', 'issuer', 'nonTransferable', 'credentialSubject', 'evidence'];
/** The names of the validity period in each data model. */
const VALIDITY = {
  vc1: { from: 'issuanceDate', until: 'expirationDate' },
  vc2: { from: 'validFrom', until: 'validUntil' },
} as const;
type DataModel = keyof typeof VALIDITY;
/** Members the issuer sets, or this issuer does not offer, with what to do instead. */
const REFUSED_MEMBERS: Record<string, string> = {
  proof: 'an issue request carries no proof: send the credential unsigned',
  credentialStatus: 'is set by the issuer (every credential gets its revocation and suspension entries): leave it out',
};
/** VC API issue options this issuer cannot honour: it signs Ed25519Signature2020 proofs at the time of issue. */
const REFUSED_OPTIONS: Record<string, string> = {
  created: 'is not supported: the proof is dated when the issuer signs',
  challenge: 'is not supported: credential proofs of this issuer are for assertion, without challenge or domain',
  domain: 'is not supported: credential proofs of this issuer are for assertion, without challenge or domain',
  mandatoryPointers: 'is not supported: this issuer offers no selective disclosure',
};
const REQUEST_KEY = { maxLength: 256, pattern: { regex: /^[\w.:@/-]+$/, description: 'letters, digits and . : @ / - _ only' } };

function readOptions(options: InputReader): string | undefined {
  for (const name of Object.keys(REFUSED_OPTIONS)) {
    const option = options.field(name);
    if (!option.isMissing) option.fail(REFUSED_OPTIONS[name]!);
  }
  options.onlyKeys(['credentialId', 'credentialStatus', ...Object.keys(REFUSED_OPTIONS)]);
  // Every credential gets its Status List 2021 entries; the Bitstring type stays accepted from clients that ask for it.
  options.field('credentialStatus').optional((status) => status.onlyKeys(['type']).field('type').oneOf(['StatusList2021Entry', 'BitstringStatusListEntry']));
  return options.field('credentialId').optional((id) => id.string(REQUEST_KEY));
}

/**
 * The data model of the credential (VC 2.0 when its first context is the VC 2.0 context, which only an issuer of the
 * `vc2` profile takes), with its one healthcred type and its contexts checked.
 */
function checkEnvelope(credential: InputReader, issuer: IssuerProfile): DataModel {
  const contexts = credential.field('@context').array({ minItems: 1, maxItems: 10 }).map((item) => item.string({ maxLength: 500 }));
  const types = credential.field('type').array({ minItems: 1, maxItems: 10 }).map((item) => item.string({ maxLength: 200 }));
  const type = types.length === 2 && types[0] === 'VerifiableCredential' ? types[1]! : '';
  if (!Object.hasOwn(CREDENTIAL_CONTEXT_PATHS, type)) {
    credential.field('type').fail(
      `must be ["VerifiableCredential", "${Object.keys(CREDENTIAL_CONTEXT_PATHS).join('"] or ["VerifiableCredential", "')}"]: `
      + 'this issuer issues vaccination and test certificates only');
  }
  const kind = type as keyof typeof CREDENTIAL_CONTEXT_PATHS;
  const model: DataModel = contexts[0] === VC_V2_CONTEXT ? 'vc2' : 'vc1';
  if (model === 'vc2') {
    const expected = [VC_V2_CONTEXT, contextUrl(issuer.url, V3_PATHS[kind])];
    if (issuer.dataModel !== 'vc2') {
      credential.field('@context').fail('names the VC 2.0 context, but this issuer issues VC 1.1 credentials: '
        + `send ["${VC_V1_CONTEXT}", "${contextUrl(issuer.url, CREDENTIAL_CONTEXT_PATHS[kind].v1)}"]`);
    }
    if (JSON.stringify(contexts) !== JSON.stringify(expected)) {
      credential.field('@context').fail(`must be ["${expected.join('", "')}"]: the contexts of a VC 2.0 ${type}`);
    }
  } else {
    const subject = credential.field('credentialSubject').value;
    // The context the builders write for this subject: v2 when it has name parts (which v1 does not define).
    const contextPath = contextPathFor(kind, typeof subject === 'object' && subject !== null ? subject : {});
    const expected = [VC_V1_CONTEXT, contextUrl(issuer.url, contextPath)];
    // What the issuer's credentials name after these two may come back with a credential it issued.
    const optional = contexts.slice(2).filter((url, i, rest) => i === rest.indexOf(url)
      && (url === STATUS_LIST_2021_CONTEXT ? i === 0 : url === ED25519_2020_CONTEXT && i === rest.length - 1));
    if (JSON.stringify(contexts) !== JSON.stringify([...expected, ...optional])) {
      credential.field('@context').fail(`must be ["${expected.join('", "')}"], optionally followed by "${STATUS_LIST_2021_CONTEXT}" `
        + `and "${ED25519_2020_CONTEXT}", in that order: the contexts of a ${type}`);
    }
  }
  const issuerField = credential.field('issuer');
  const issuerId = typeof issuerField.value === 'object' && issuerField.value !== null && !Array.isArray(issuerField.value)
    ? issuerField.onlyKeys(['id']).field('id').string({ maxLength: 500 })
    : issuerField.string({ maxLength: 500 });
  if (issuerId !== issuer.did) issuerField.fail(`must be this issuer, ${issuer.did}`);
  return model;
}

/**
 * Reads a W3C VC API issue request, `{credential, options}`, whose credential is an unsigned
 * `ProofOfVaccinationCredential` or `ProofOfTestCertificateCredential` shaped as this issuer builds them, into the
 * record to certify (see `recordFromCredential`). Pure.
 *
 * The credential must name exactly this issuer's contexts for its type (the Status List 2021 and the
 * Ed25519Signature2020 contexts its credentials name may follow, in that order),
 * or, for an issuer of the `vc2` profile, the VC 2.0 form (`[VC v2, <issuer>/credentials/<kind>/v3]`, `validFrom`
 * and `validUntil` in place of `issuanceDate` and `expirationDate`), and `issuer` must be this issuer's DID. The issuer sets what it always sets: the credential, subject and evidence
 * ids, the certificate id, `issuanceDate` (the signing time; a given one must still be a date-time) and the status
 * entries. An `expirationDate` becomes the credential's expiry: a date-time after `issuanceDate`, when given, and
 * after `now` (the credential would be issued expired). `proof`, `credentialStatus` and any member the builders do
 * not make are refused, as are
 * the options `created`, `challenge`, `domain` and `mandatoryPointers`; `options.credentialStatus` may only ask for the
 * status entries every credential gets (`StatusList2021Entry`; `BitstringStatusListEntry`, what earlier credentials
 * got, is still accepted).
 *
 * @param json - The request body.
 * @param issuer - This issuer's DID and public base URL (its contexts live there).
 * @param now - The time of the request (default: the clock), which an expiry must follow.
 * @throws HealthcredError `invalid_input` naming the field (`credential.type`, `options.challenge`,
 *   `credential.evidence[0].dose`, ...) and what was expected.
 */
export function readVcApiIssueRequest(json: unknown, issuer: IssuerProfile, now = new Date()): VcApiIssueRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    InputReader.of(json, 'request').fail('must be a JSON object {"credential": {...}, "options": {...}}');
  }
  const body = InputReader.of(json, '').onlyKeys(['credential', 'options']);
  const credentialId = body.field('options').optional(readOptions);
  const credential = InputReader.of(body.field('credential').value, 'credential');
  if (credential.isMissing) credential.fail('is required (a VC API issue request is {"credential": {...}, "options": {...}})');
  const { from, until } = VALIDITY[checkEnvelope(credential, issuer)];
  for (const name of Object.keys(credential.value as object)) {
    if (REFUSED_MEMBERS[name] !== undefined) credential.field(name).fail(REFUSED_MEMBERS[name]);
  }
  credential.onlyKeys([...MEMBERS, from, until]);
  const id = credential.field('id').optional((field) => field.string(REQUEST_KEY));
  const issuedAt = credential.field(from).optional((field) => field.dateTime());
  const expiresAt = credential.field(until).optional((field) => {
    const expires = field.dateTime();
    if (issuedAt !== undefined && Date.parse(expires) <= Date.parse(issuedAt)) field.fail(`must be after credential.${from}`);
    if (Date.parse(expires) <= now.getTime()) field.fail('must be in the future: the credential would be issued expired');
    return expires;
  });
  credential.field('nonTransferable').optional((field) => field.boolean() || field.fail('must be true: health credentials are not transferable'));
  // The record reader knows the VC 1.1 names of the validity period; the dates themselves are checked above.
  const { [from]: _from, [until]: _until, ...rest } = credential.value as Record<string, unknown>;
  const healthRecord = recordFromCredential({ ...rest, ...(expiresAt === undefined ? {} : { expirationDate: expiresAt }) });
  return { healthRecord, requestKey: credentialId ?? id ?? `sha256:${recordHash(healthRecord)}` };
}
