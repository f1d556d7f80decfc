/**
 * An administrative action, kept for accountability: who did what to which target, when and why. Entries written by
 * this version are chained: `hash` is SHA-256 over `seq`, `at`, `actor`, `action`, `target`, `reason`, `details` and
 * `prevHash` (see {@link auditEntryHash}), `prevHash` the hash of the entry before (64 zeros for the first), so a
 * changed or deleted entry is found by {@link verifyAuditLog}. Entries written before the chain began have none of
 * the three.
 */
export interface AuditEntry {
  id: string;
  /** Position in the chain: 1, 2, 3, ... without gaps (after the entries written before the chain began). */
  seq?: number;
  /** `hash` of the entry at `seq - 1`, or 64 zeros for the first entry of the chain. */
  prevHash?: string;
  /** SHA-256 hex of this entry's canonical encoding (see {@link auditEntryHash}). */
  hash?: string;
  /** ISO 8601 time of the action. */
  at: string;
  /** Who acted: the name bound to the admin credential used. */
  actor: string;
  /** What was done, e.g. `certificate.revoke`. */
  action: string;
  /** What it was done to, e.g. a certificateId or a dead-letter id. */
  target: string;
  reason: string;
  /** Outcome details without personal data (e.g. the new certificateId of a re-issue). */
  details?: Record<string, string>;
}

/** Input of {@link AuditLog.appendAudit}. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'seq' | 'prevHash' | 'hash'>;

/** The last entry of the audit chain as the store's head record has it: what the next entry links to. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * The audit log, a hash chain (a port by concern of the {@link CredentialStore}). Rules: append only (no entry is
 * changed or deleted through the port); concurrent writers never fork the chain (the next `seq` is claimed and
 * linked to the head atomically); {@link verifyAuditLog} walks it with {@link readAuditLog} and {@link auditHead}.
 * A supersede's entry is written by {@link CertificateStore.saveIssued}, in the save's transaction.
 */
export interface AuditLog {
  /**
   * Appends an entry to the audit log, chained to the one before: the store claims the next `seq` and links it to
   * the head atomically, so concurrent writers (API replicas, the issuer, the CLI) never fork the chain. Entries are
   * never changed or deleted through the port.
   * @throws TypeError when a field is missing or empty.
   */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Audit entries, most recent first (by `seq`; entries written before the chain began after every chained one),
   * optionally only those about `target`.
   * @throws TypeError when `limit` is not an integer in 1..1000.
   */
  listAudit(options?: { limit?: number; target?: string }): Promise<AuditEntry[]>;
  /**
   * Every audit entry in the order written: those written before the chain began (no `hash`) first, then the chain
   * by `seq`. Read page by page, so it can walk a log of any size; what is appended meanwhile may be included.
   */
  readAuditLog(): AsyncIterable<AuditEntry>;
  /** The head record of the audit chain (the last chained entry as the store recorded it); none before the first. */
  auditHead(): Promise<AuditHead | undefined>;
}
