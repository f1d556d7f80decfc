import type { Dhis2Withdrawal } from '@healthcred/dhis2';
import { reissueCertificate, type IssuanceDeps } from '@healthcred/issuance';
import type { CertificationRequest } from '@healthcred/records';
import type { SaveCause, SaveOutcome, StoredCertificate } from '@healthcred/store';
import type { Ack } from './messages.js';

/** The audit action of a certificate revoked because its source record was withdrawn. */
const WITHDRAW_ACTION = 'certificate.withdraw';
/** The start of the status reason of a withdrawn certificate (the mapping's `deleted in DHIS2 (event <uid>)`). */
const WITHDRAWN_REASON = 'deleted in DHIS2 (';

const nowOf = (deps: Pick<IssuanceDeps, 'now'>) => (deps.now?.() ?? new Date()).toISOString();

/** Appends the audit entry of a withdrawal unless it is there already (a crash between revoking and auditing). */
async function auditWithdrawal(deps: IssuanceDeps, certificate: StoredCertificate, reason: string, cause: SaveCause,
  revokedNow: boolean): Promise<void> {
  if (!revokedNow) {
    const entries = await deps.store.listAudit({ target: certificate.certificateId, limit: 20 });
    if (entries.some((entry) => entry.action === WITHDRAW_ACTION)) return;
  }
  await deps.store.appendAudit({
    at: nowOf(deps), actor: cause.actor, action: WITHDRAW_ACTION, target: certificate.certificateId, reason,
    details: { ...cause.details, sourceKey: certificate.sourceKey },
  });
}

/**
 * Revokes the current certificate of each dose certified from a withdrawn DHIS2 event (status `revoked`, the
 * withdrawal's reason), with a `certificate.withdraw` audit entry naming `cause`; returns the acks to publish.
 * Idempotent: a certificate already revoked for this reason is left as it is (only a missing audit entry is
 * written), one revoked by an operator for another reason too. An event never certified is acknowledged as
 * `skipped` (nothing to withdraw).
 */
export async function withdrawEvents(deps: IssuanceDeps, withdrawals: readonly Dhis2Withdrawal[],
  causes: readonly SaveCause[]): Promise<Omit<Ack, 'at'>[]> {
  const acks: Omit<Ack, 'at'>[] = [];
  for (const [i, withdrawal] of withdrawals.entries()) {
    const current = await deps.store.listCurrentBySourceKeyPrefix(withdrawal.sourceKeyPrefix);
    if (current.length === 0) {
      acks.push({ event: withdrawal.event, status: 'skipped', reason: `no certificate of event ${withdrawal.event} to withdraw` });
      continue;
    }
    for (const certificate of current) {
      const revokeNow = certificate.status !== 'revoked';
      if (revokeNow) await deps.store.setStatus(certificate.certificateId, 'revoked', withdrawal.reason);
      if (revokeNow || certificate.statusReason === withdrawal.reason) {
        await auditWithdrawal(deps, certificate, withdrawal.reason, causes[i]!, revokeNow);
      }
      acks.push({ sourceKey: certificate.sourceKey, event: withdrawal.event, status: 'withdrawn',
        certificateId: certificate.certificateId, reason: withdrawal.reason });
    }
  }
  return acks;
}

/**
 * Whether `request` restores the withdrawn `certificate`: DHIS2 changed the event after the version certified (a
 * redelivered or replayed copy of that version, with the same source time, restores nothing). Without a source time
 * on the request nothing tells the two apart: it does not restore.
 */
function restores(request: CertificationRequest, certificate: StoredCertificate): boolean {
  if (request.sourceUpdatedAt === undefined) return false;
  return certificate.sourceUpdatedAt === undefined ||
    new Date(request.sourceUpdatedAt).getTime() > new Date(certificate.sourceUpdatedAt).getTime();
}

/**
 * Gives a record DHIS2 restored (the same content again, changed later than the certified version, after its event
 * was deleted) a fresh certificate: a `duplicate` of a certificate revoked by a withdrawal is re-issued (new id, new
 * status-list entry; the withdrawn one stays revoked, superseded by it), audited as `certificate.reissue` naming
 * `causes[i]`, and returned as `superseded`. Other outcomes are returned as they are.
 */
export async function restoreWithdrawn(deps: IssuanceDeps, requests: readonly CertificationRequest[], outcomes: SaveOutcome[],
  causes: readonly SaveCause[]): Promise<SaveOutcome[]> {
  const restored: SaveOutcome[] = [];
  for (const [i, saved] of outcomes.entries()) {
    const { certificate } = saved;
    const withdrawn = saved.outcome === 'duplicate' && certificate.status === 'revoked' &&
      certificate.supersededBy === undefined && certificate.statusReason?.startsWith(WITHDRAWN_REASON) === true;
    if (!withdrawn || !restores(requests[i]!, certificate)) {
      restored.push(saved);
      continue;
    }
    const reason = `restored in DHIS2 after it was ${certificate.statusReason!}`;
    const reissued = await reissueCertificate({ certificateId: certificate.certificateId, reason: `re-issued: ${reason}` }, deps);
    await deps.store.appendAudit({
      at: nowOf(deps), actor: causes[i]!.actor, action: 'certificate.reissue', target: certificate.certificateId, reason,
      details: { ...causes[i]!.details, replacement: reissued.certificate.certificateId, sourceKey: certificate.sourceKey },
    });
    restored.push(reissued);
  }
  return restored;
}
