import { isDivocCredential, recordFromCredential, recordFromDivocCredential } from '@healthcred/credentials';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import type { NewCertificate, SaveOutcome, StoredCertificate } from '@healthcred/store';
import type { CertificationRequest } from '@healthcred/records';
import { draftCertificate, signAll, type Draft, type IssuanceDeps } from './issue-certificate.js';

/** A certificate replaced by its re-issue. */
export type Reissued = SaveOutcome & { outcome: 'superseded' };

/**
 * The re-issue counted as its previous certificate was (org unit, sex: a minimal credential holds neither), on the
 * day it is issued.
 */
function keepProgramme(certificate: NewCertificate, previous: StoredCertificate): NewCertificate {
  const { programme } = previous;
  return programme === undefined ? certificate : { ...certificate, programme: { ...programme, day: certificate.issuedAt.slice(0, 10) } };
}

/** Attempts at fresh certificate ids when the store reports a clash. */
const ATTEMPTS = 3;

function isCode(error: unknown, code: string): error is HealthcredError {
  return isHealthcredError(error) && error.code === code;
}

/**
 * Re-issues current certificates: each record signed now (one signing pass) under a new certificate id and a new
 * revocation-list entry, then saved in place of its previous certificate (one store transaction each). Per
 * certificate: the saved outcome, or the HealthcredError that left it as it was: `conflict` when it was replaced
 * meanwhile (or its ids kept clashing), `invalid_input` when its credential cannot be read back as a record (one
 * that makes no sense by today's rules) or would not fit in a QR code.
 * @throws what the store or signing throws otherwise (an unreachable store): nothing after the failing save was saved.
 */
export async function reissueCurrent(previous: StoredCertificate[], reason: string, deps: IssuanceDeps):
Promise<(Reissued | HealthcredError)[]> {
  const results: (Reissued | HealthcredError | undefined)[] = previous.map(() => undefined);
  const now = deps.now?.() ?? new Date();
  const drafts = previous.map((certificate, i): Draft | undefined => {
    try {
      const read = isDivocCredential(certificate.credential)
        ? recordFromDivocCredential(certificate.credential, { dob: certificate.dob })
        // A minimal credential has no refId: the holder key stands in (the new credential has none either, unless
        // the deployment asks for refIds meanwhile; the store keeps the holder key).
        : recordFromCredential(certificate.credential, { refId: certificate.subjectId });
      const request: CertificationRequest = {
        sourceKey: certificate.sourceKey, ...read,
        ...(certificate.sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt: certificate.sourceUpdatedAt }),
      };
      return draftCertificate(request, deps, now);
    } catch (error) {
      if (!isCode(error, 'invalid_input')) throw error;
      results[i] = error;
      return undefined;
    }
  });
  let pending = previous.flatMap((_, i) => (drafts[i] === undefined ? [] : [i]));
  for (let attempt = 1; pending.length > 0; attempt++) {
    const signed = (await signAll(pending.map((i) => drafts[i]!), pending.map((i) => previous[i]!.contentHash), deps, now,
      pending.map((i) => previous[i]!.subjectId))).map((certificate, k) => keepProgramme(certificate, previous[pending[k]!]!));
    const retry: number[] = [];
    for (const [k, i] of pending.entries()) {
      try {
        results[i] = await deps.store.saveReissued(previous[i]!.certificateId, signed[k]!, reason);
      } catch (error) {
        if (!isCode(error, 'conflict')) throw error;
        // A conflict is a certificate id clash (retry with a fresh id) unless the old one was replaced meanwhile.
        const replaced = (await deps.store.findByCertificateId(previous[i]!.certificateId))?.supersededBy !== undefined;
        if (replaced || attempt >= ATTEMPTS) results[i] = error;
        else {
          retry.push(i);
          drafts[i] = draftCertificate(drafts[i]!.request, deps, now);
        }
      }
    }
    pending = retry;
  }
  return results as (Reissued | HealthcredError)[];
}

/**
 * Re-issues a stored certificate: the same record, signed now with the issuer's current key under a new certificate
 * id and a new revocation-list entry; the store revokes the old one with `reason` and links the two. For a key
 * rotation, a revocation in error, or a lost certificate. Replays of the source afterwards are duplicates of the
 * re-issue, as its content is the same.
 * @throws HealthcredError `not_found` for an unknown certificate, `conflict` for one that was already superseded,
 *   `invalid_input` when its credential cannot be read back as a record.
 */
export async function reissueCertificate(options: { certificateId: string; reason: string }, deps: IssuanceDeps):
Promise<Reissued> {
  const previous = await deps.store.findByCertificateId(options.certificateId);
  if (previous === undefined) throw new HealthcredError('not_found', 'No certificate has this id.');
  if (previous.erasedAt !== undefined) throw new HealthcredError('conflict', 'The personal data of this certificate were erased.');
  if (previous.supersededBy !== undefined) {
    throw new HealthcredError('conflict', `This certificate was already replaced by ${previous.supersededBy}.`);
  }
  const [result] = await reissueCurrent([previous], options.reason, deps);
  if (result instanceof Error) throw result;
  return result!;
}
