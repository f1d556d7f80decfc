import { derivedUrnUuid, generateCertificateId, issueCredential, type Issuer } from '@healthcred/credentials';
import { recordHash } from '@healthcred/records';
import { isHealthcredError } from '@healthcred/errors';
import {
  decideSave, type CredentialStore, type NewCertificate, type SaveCause, type SaveOutcome, type StoredCertificate,
} from '@healthcred/store';
import type { HealthCredential, SignedHealthCredential } from '@healthcred/types';
import type { CertificationRequest } from '@healthcred/records';
import { programmeFactsOf } from './programme-facts.js';
import { atStatusPosition, issuedAtOf } from './profile-credential.js';
import { signAllDivoc } from './divoc-issuance.js';
import { assertFitsQrCode, draftFittingQrCode, type draftCredential } from './qr-capacity.js';
import type { SigningPool } from './signing-pool.js';

/** What issuing needs: where certificates are kept and who signs. Clock and id source are injectable for tests. */
export interface IssuanceDeps {
  store: CredentialStore;
  issuer: Issuer;
  /** Signing threads for the same issuer key; without it, credentials are signed on the calling thread. */
  signingPool?: SigningPool;
  now?: () => Date;
  newCertificateId?: () => string;
}

/** Attempts at fresh certificate ids when the store reports a clash (60 random bits: practically never twice). */
const CERTIFICATE_ID_ATTEMPTS = 3;


/** A request with the cause the store audits when saving it supersedes a certificate. */
interface CausedRequest { request: CertificationRequest; cause: SaveCause | undefined }

/** Splits requests into consecutive runs without a repeated source key, so each run can be saved as one batch. */
function runsOfDistinctKeys(requests: CausedRequest[]): CausedRequest[][] {
  const runs: CausedRequest[][] = [];
  let keys = new Set<string>();
  for (const caused of requests) {
    if (runs.length === 0 || keys.has(caused.request.sourceKey)) {
      runs.push([]);
      keys = new Set();
    }
    runs.at(-1)!.push(caused);
    keys.add(caused.request.sourceKey);
  }
  return runs;
}

function withProgramme(request: CertificationRequest, issuedAt: string) {
  const programme = programmeFactsOf(request, issuedAt);
  return programme === undefined ? {} : { programme };
}

/** Signs credentials on the pool's threads, or one after the other on this thread. */
async function signCredentials(credentials: HealthCredential[], deps: IssuanceDeps, now: Date) {
  if (deps.signingPool) return deps.signingPool.sign(credentials, now);
  const signed = [];
  for (const credential of credentials) signed.push(await issueCredential({ credential, issuer: deps.issuer, now }));
  return signed;
}

/**
 * The store's key for the holder (`subjectId`, what `findBySubject` finds a person's certificates by): a `urn:uuid:`
 * derived from the issuer and the record's `refId`, the same as the credential's subject id was before the minimal
 * credentials (so a person's old and new certificates stay together). It is kept in the store only, never in a
 * credential.
 */
export function holderKeyOf(request: CertificationRequest, issuer: Issuer): string {
  return derivedUrnUuid(issuer.did, 'person', request.record.recipient.refId);
}

/**
 * A request checked to fit a QR code, with a fresh certificate id and its credential built at a placeholder status
 * position (see `draftCredential`); under the DIVOC profile the request alone (its credential is built as it is signed).
 */
export type Draft = { request: CertificationRequest } & ({ divoc: true } | {
  divoc?: never; certificateId: string; credential: ReturnType<typeof draftCredential>;
});

/**
 * Drafts the certificate of `request` (see {@link Draft}), before anything is reserved or signed.
 * @throws HealthcredError `invalid_input` (field `record`) when it would not fit in a QR code (see `assertFitsQrCode`).
 */
export function draftCertificate(request: CertificationRequest, deps: IssuanceDeps, now: Date): Draft {
  const { issuer } = deps;
  if (issuer.divoc) {
    assertFitsQrCode(request, { issuer, now });
    return { request, divoc: true };
  }
  const certificateId = (deps.newCertificateId ?? generateCertificateId)();
  return { request, certificateId, credential: draftFittingQrCode(request, { issuer, now, certificateId }) };
}

/**
 * {@link draftCertificate} for every request, on the signing pool's threads when there is one.
 * @throws HealthcredError `invalid_input` (field `record`) for the first request that would not fit in a QR code.
 */
async function draftAll(requests: CertificationRequest[], deps: IssuanceDeps, now: Date): Promise<Draft[]> {
  const { signingPool } = deps;
  if (signingPool === undefined || deps.issuer.divoc) return requests.map((request) => draftCertificate(request, deps, now));
  const ids = requests.map((request) => ({ request, certificateId: (deps.newCertificateId ?? generateCertificateId)() }));
  const credentials = await signingPool.draft(ids, now);
  return ids.map((id, i) => ({ ...id, credential: credentials[i]! }));
}

/**
 * Signs every draft (see {@link draftCertificate}, drafted at `now`) at a fresh status-list position, ready to save;
 * under the DIVOC profile (`issuer.divoc`) as DIVOC credentials, without a position. `subjectIds[i]` is the holder key
 * of `drafts[i]` when it is known already (a re-issue keeps its certificate's); default {@link holderKeyOf}.
 */
export async function signAll(drafts: Draft[], hashes: string[], deps: IssuanceDeps, now: Date,
  subjectIds?: readonly string[]): Promise<NewCertificate[]> {
  const { divoc } = deps.issuer;
  const requests = drafts.map((draft) => draft.request);
  if (divoc) {
    const signed = await signAllDivoc(requests, hashes, { divoc, ...(deps.newCertificateId ? { newCertificateId: deps.newCertificateId } : {}) }, now);
    return signed.map((certificate, i) => ({ ...certificate, ...withProgramme(requests[i]!, certificate.issuedAt) }));
  }
  const built = drafts as Exclude<Draft, { divoc: true }>[];
  const first = await deps.store.reserveStatusPositions(drafts.length);
  const credentials = built.map((draft, i) => atStatusPosition(draft.credential, deps.issuer, first + i));
  // The store keeps either data model's credential as it is; its types name the VC 1.1 form.
  const signed = await signCredentials(credentials as HealthCredential[], deps, now) as SignedHealthCredential[];
  return signed.map((proofed, i) => ({
    certificateId: built[i]!.certificateId, credentialId: proofed.id, kind: requests[i]!.kind, sourceKey: requests[i]!.sourceKey,
    contentHash: hashes[i]!, subjectId: subjectIds?.[i] ?? holderKeyOf(requests[i]!, deps.issuer), dob: proofed.credentialSubject.dob,
    issuedAt: issuedAtOf(proofed), credential: proofed, statusListIndex: first + i,
    ...(requests[i]!.sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt: requests[i]!.sourceUpdatedAt }),
    ...withProgramme(requests[i]!, issuedAtOf(proofed)),
  }));
}

async function issueRun(run: CausedRequest[], deps: IssuanceDeps): Promise<SaveOutcome[]> {
  const requests = run.map((caused) => caused.request);
  const hashes = requests.map(recordHash);
  const currents = await deps.store.findCurrentBySourceKeys(requests.map((request) => request.sourceKey));
  // Decided before signing where the store already has the answer; the store decides again, atomically, on save.
  const outcomes: (SaveOutcome | undefined)[] = requests.map((request, i) => {
    const current = currents.get(request.sourceKey);
    const decision = decideSave(current, { contentHash: hashes[i]!, sourceUpdatedAt: request.sourceUpdatedAt });
    return current && (decision === 'duplicate' || decision === 'stale')
      ? { outcome: decision, certificate: current as StoredCertificate } : undefined;
  });
  const pending = requests.flatMap((request, i) => (outcomes[i] === undefined ? [i] : []));
  if (pending.length === 0) return outcomes as SaveOutcome[];

  const now = deps.now?.() ?? new Date();
  let drafts = await draftAll(pending.map((i) => requests[i]!), deps, now);
  for (let attempt = 1; ; attempt++) {
    const signed = await signAll(drafts, pending.map((i) => hashes[i]!), deps, now);
    try {
      const causes = run.some((caused) => caused.cause !== undefined)
        ? pending.map((i) => run[i]!.cause ?? { actor: 'unattributed' }) : undefined;
      const saved = await deps.store.saveIssuedMany(signed, causes);
      pending.forEach((i, k) => { outcomes[i] = saved[k]; });
      return outcomes as SaveOutcome[];
    } catch (error) {
      const clash = isHealthcredError(error) && error.code === 'conflict';
      if (!clash || attempt >= CERTIFICATE_ID_ATTEMPTS) throw error;
      drafts = await draftAll(drafts.map((draft) => draft.request), deps, now);
    }
  }
}

/**
 * Issues the certificates for several requests, idempotently, with the same result as issuing them one after the
 * other (see {@link issueCertificate}), but signing them in one pass and saving them in as few store transactions
 * as their source keys allow (a key repeated in the batch starts a new transaction). Each new credential gets a
 * `credentialStatus` of two entries, in the issuer's revocation and suspension lists (a fresh position from the store).
 *
 * `causes[i]` (who asked for `requests[i]`: the API caller, the pipeline and its message) is what the store's audit
 * entry names when that certificate supersedes another one (see `CredentialStore.saveIssued`).
 *
 * @throws HealthcredError `invalid_input` (field `record`) when a new certificate would not fit in a QR code (see
 *   `assertFitsQrCode`), before anything is reserved or signed.
 * @throws HealthcredError from signing (`unknown_term`, ...) or from the store (retryable when transient); when
 *   it throws, the certificates of the failing transaction were not saved, those of earlier ones were.
 * @throws TypeError when `causes` is given with another length than `requests`.
 */
export async function issueCertificates(requests: CertificationRequest[], deps: IssuanceDeps, causes?: readonly SaveCause[]):
Promise<SaveOutcome[]> {
  if (causes !== undefined && causes.length !== requests.length) {
    throw new TypeError('"causes" must have one cause per request.');
  }
  const outcomes: SaveOutcome[] = [];
  const caused = requests.map((request, i) => ({ request, cause: causes?.[i] }));
  for (const run of runsOfDistinctKeys(caused)) outcomes.push(...await issueRun(run, deps));
  return outcomes;
}

/**
 * Issues the certificate for one request, idempotently:
 * - the current certificate for the same source key and the same record content → `duplicate`, nothing is signed;
 * - none → sign and store → `inserted`;
 * - one with other content (a corrected event) → sign and store the new one; the store revokes the old one in the
 *   same step → `superseded`;
 * - one with other content but a later `sourceUpdatedAt` than the request's (a replay of the version before a
 *   correction) → `stale`, nothing is signed.
 * The store's unique indexes make this safe when the same request is handled twice at the same time. `cause` (who
 * asked) is named in the audit entry of a supersede.
 *
 * @throws HealthcredError `invalid_input` when the certificate would not fit in a QR code (see `assertFitsQrCode`).
 * @throws HealthcredError from signing (`unknown_term`, ...) or from the store (retryable when transient).
 */
export async function issueCertificate(request: CertificationRequest, deps: IssuanceDeps, cause?: SaveCause): Promise<SaveOutcome> {
  return (await issueCertificates([request], deps, cause === undefined ? undefined : [cause]))[0]!;
}
