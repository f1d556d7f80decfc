import { HealthcredError } from '@healthcred/errors';
import { erasureMarks, type AuditEntry, type CredentialStore, type Erasure, type ErasureMarks } from '@healthcred/store';

/** Options of {@link eraseHolder}. */
export interface EraseHolderOptions {
  /** Any certificate of the person. */
  certificateId: string;
  /** Why (a request under GDPR article 17, ...), for the audit log: it must not hold the person's name or birth date. */
  reason: string;
  /** Who asks, for the audit log. */
  actor: string;
  now?: () => Date;
}

/** An event log that can forget a person's messages (the embedded SQLite log; Kafka forgets by retention). */
export interface ErasableEventLog {
  eraseMessages(marks: ErasureMarks): Promise<number>;
}

/** The name and birth date a stored credential names, to keep them out of the audit entry. */
function personalTexts(credential: object | null): string[] {
  const subject = (credential as { credentialSubject?: Record<string, unknown> } | null)?.credentialSubject;
  return [subject?.name, subject?.dob].filter((text): text is string => typeof text === 'string' && text.length >= 3);
}

/**
 * Erases the personal data of the holder of a certificate (`CredentialStore.eraseSubject`: every certificate of the
 * person stays revoked in its status list, with nothing but its ids and programme facts; the dead letters that hold
 * the person go), and with `eventLog` the person's messages in it, then appends a `subject.erase` audit entry that names the certificate, the reason and the counts,
 * and no personal data.
 * @throws HealthcredError `invalid_input` (field `reason`) when the reason holds the person's name or birth date,
 *   before anything is erased; `not_found` for an unknown certificate; `conflict` for one erased already.
 */
export async function eraseHolder(options: EraseHolderOptions, store: CredentialStore, eventLog?: ErasableEventLog):
Promise<{ erasure: Erasure & { messages?: number }; audit: AuditEntry }> {
  const certificate = await store.findByCertificateId(options.certificateId);
  const reason = options.reason.toLowerCase();
  if (certificate && personalTexts(certificate.credential).some((text) => reason.includes(text.toLowerCase()))) {
    throw new HealthcredError('invalid_input',
      'reason: must not hold the person\'s name or birth date (it is kept in the audit log after the erasure).', { field: 'reason' });
  }
  const holder = certificate === undefined || certificate.subjectId === '' ? [] : await store.findBySubject(certificate.subjectId);
  const marks = erasureMarks(holder);
  const erased = await store.eraseSubject(options.certificateId);
  const erasure: Erasure & { messages?: number } = eventLog === undefined ? erased : { ...erased, messages: await eventLog.eraseMessages(marks) };
  const audit = await store.appendAudit({
    at: (options.now?.() ?? new Date()).toISOString(), actor: options.actor, action: 'subject.erase',
    target: options.certificateId, reason: options.reason,
    details: {
      certificates: erasure.certificateIds.join(' '), deadLetters: String(erasure.deadLetters),
      ...(erasure.messages === undefined ? {} : { messages: String(erasure.messages) }),
    },
  });
  return { erasure, audit };
}

/** `bus` when it can forget a person's messages (the SQLite event log), else undefined (Kafka). */
export function erasableEventLog(bus: object): ErasableEventLog | undefined {
  return typeof (bus as Partial<ErasableEventLog>).eraseMessages === 'function' ? bus as ErasableEventLog : undefined;
}
