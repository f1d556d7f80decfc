import type { Erasure, ProgrammeCount, PurgeCounts, PurgeOptions } from './privacy-types.js';

/**
 * The holder's rights and retention (a port by concern of the {@link CredentialStore}): erasing a holder, purging
 * what outlived its retention, and the programme counts that survive an erasure. It works across the other concerns'
 * data (certificates, dead letters, attempt windows), so its adapters share the store's handle; an erasure is one
 * transaction on SQLite and an order a second run completes on MongoDB.
 */
export interface PrivacyStore {
  /**
   * Erases the personal data of the holder of `certificateId`: every certificate with its `subjectId` (superseded
   * ones too) keeps only what its status list and the programme counts need (see
   * {@link StoredCertificate.erasedAt}) and is revoked (reason `erased`), and the dead letters whose payload holds the
   * holder's registry id (from a `dhis2:<trackedEntity>:` source key or a credential's `refId`), or both their name
   * and birth date, are deleted. An erased certificate cannot change status or be re-issued. On SQLite the file is
   * then vacuumed and its WAL truncated, so no copy of the data is left in the file.
   * @throws HealthcredError `not_found` when no certificate has this id; `conflict` when it was erased already.
   */
  eraseSubject(certificateId: string): Promise<Erasure>;
  /**
   * Deletes the dead letters and attempt windows older than the given times (the retention periods).
   * @throws TypeError when a time is not a valid Date.
   */
  purgeExpired(options: PurgeOptions): Promise<PurgeCounts>;
  /**
   * The vaccination certificates counted by their {@link ProgrammeFacts} (erased ones included): one entry per
   * combination, with the number issued and the number now revoked. Certificates without facts (test results, those
   * issued before the facts were kept) are not counted.
   */
  countProgramme(): Promise<ProgrammeCount[]>;
}
