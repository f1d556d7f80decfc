import type { Erasure, ProgrammeCount, ProgrammeFacts, PurgeCounts, PurgeOptions } from './privacy-types.js';

/** Lifecycle state of a stored certificate. A superseded certificate is always `revoked`. */
export type CertificateStatus = 'issued' | 'revoked' | 'suspended';

/** Every {@link CertificateStatus}, for checks and schemas. */
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['issued', 'revoked', 'suspended'];

/** A freshly signed certificate, as the issuer hands it to {@link CredentialStore.saveIssued}. */
export interface NewCertificate {
  /** Human-readable identifier, e.g. `7K3M-9QXP-2RB4`; globally unique (unique index). */
  certificateId: string;
  /** The credential's `id` (`urn:uuid:...`); unique (unique index). */
  credentialId: string;
  kind: 'vaccination' | 'test-result';
  /** Idempotency key of the source record, e.g. `dhis2:<trackedEntity>:<event>:<dose>`. */
  sourceKey: string;
  /** sha256 hex of the normalized source record: same `sourceKey` with another hash is a correction. */
  contentHash: string;
  /**
   * The holder's pseudonym in the store, the key of {@link CredentialStore.findBySubject}: the same for every
   * certificate of a person (since the minimal credentials it is not in the credential; before, it was
   * `credentialSubject.id`).
   */
  subjectId: string;
  /** Holder birth date `YYYY-MM-DD`, the second factor of citizen downloads. */
  dob: string;
  /** ISO 8601 issuance time. */
  issuedAt: string;
  /** The signed credential JSON. It never holds key material. */
  credential: object;
  /**
   * The credential's position across the issuer's status lists (from {@link CredentialStore.reserveStatusPositions}),
   * when it has a status entry; unique when present.
   */
  statusListIndex?: number;
  /**
   * When the source last changed the record (DHIS2 `updatedAt`), ISO 8601. A certificate whose source time is older
   * than the current one's is a replay of an outdated version: it is not saved (`stale`).
   */
  sourceUpdatedAt?: string;
  /** What programme monitoring counts of a vaccination certificate (no personal data). */
  programme?: ProgrammeFacts;
}

/** A certificate as stored, with its lifecycle fields. */
export interface StoredCertificate extends NewCertificate {
  status: CertificateStatus;
  /** Why the status was last changed (e.g. `superseded by 7K3M-9QXP-2RB4`). */
  statusReason?: string;
  /** certificateId of the correction that replaced this certificate. */
  supersededBy?: string;
  /** certificateId of the certificate this one replaced. */
  supersedes?: string;
  /** ISO 8601 time of the last write to this certificate. */
  updatedAt: string;
  /**
   * When the holder's personal data were erased ({@link CredentialStore.eraseSubject}): the certificate is revoked
   * and keeps only its ids, status, status-list position and programme facts; `credential` is null, `dob`,
   * `subjectId` and `contentHash` are empty and `sourceKey` is `erased:<certificateId>`.
   */
  erasedAt?: string;
}

/** What {@link CredentialStore.saveIssued} did. */
export type SaveOutcome =
  /** No current certificate had this `sourceKey`: the new one was inserted. */
  | { outcome: 'inserted'; certificate: StoredCertificate }
  /** The current certificate of this `sourceKey` has the same `contentHash`: nothing was written. */
  | { outcome: 'duplicate'; certificate: StoredCertificate }
  /** The current certificate had another `contentHash`: it is now revoked and the new one inserted, atomically. */
  | { outcome: 'superseded'; certificate: StoredCertificate; previous: StoredCertificate }
  /**
   * The current certificate has another `contentHash` but a later `sourceUpdatedAt`: the incoming one is an outdated
   * version (a replay after a correction). Nothing was written; the current certificate is returned.
   */
  | { outcome: 'stale'; certificate: StoredCertificate };

/** A message the pipeline gave up on, kept for an operator. */
export interface DeadLetter {
  /** Derived from topic, key and payload: the same failing message always maps to the same entry. */
  id: string;
  topic: string;
  key?: string;
  payload: string;
  /** The error code of the last failure (an `ErrorCode` or an adapter-specific code). */
  code: string;
  /** Why it failed, without personal data. */
  reason: string;
  /** Total processing attempts over every time this message was dead-lettered. */
  attempts: number;
  firstSeenAt: string;
  lastSeenAt: string;
  status: 'open' | 'redriven' | 'discarded';
}

/** Input of {@link CredentialStore.saveDeadLetter}: `at` becomes `firstSeenAt` and/or `lastSeenAt`. */
export type NewDeadLetter = Omit<DeadLetter, 'id' | 'firstSeenAt' | 'lastSeenAt' | 'status'> & { at: string };

/** Options of {@link CredentialStore.list}. */
export interface ListOptions {
  /** Page size, 1..1000. Default 100. */
  limit?: number;
  /** Cursor: the certificateId of the last item of the previous page. */
  after?: string;
  status?: CertificateStatus;
}

/** Options of {@link CredentialStore.listDeadLetters}. */
export interface ListDeadLettersOptions {
  /** Page size, 1..1000. Default 100. */
  limit?: number;
  status?: DeadLetter['status'];
}

/** Options of {@link CredentialStore.listStatusPositions}. */
export interface StatusPositionQuery {
  /** First position (inclusive). */
  from: number;
  /** End position (exclusive); at most 1,048,576 after `from`. */
  to: number;
  /** Only certificates in one of these states. */
  statuses: CertificateStatus[];
}

/** Options of {@link CredentialStore.listCurrentBySigningKey}. */
export interface SigningKeyQuery {
  /** The verification method id the stored credential's `proof.verificationMethod` names (the key that signed it). */
  verificationMethod: string;
  /** Only certificates in this state. Default: any. */
  status?: CertificateStatus;
  /** Page size, 1..1000. Default 100. */
  limit?: number;
  /** Cursor: the certificateId of the last item of the previous page. */
  after?: string;
}

/** One counted attempt window of {@link CredentialStore.addAttempt}, e.g. a client's wrong tries this minute. */
export interface AttemptWindow {
  /** What is counted, e.g. `download:<hashed client>`. Never a raw address or personal data. */
  key: string;
  /** Identifies the window, e.g. its start time. */
  window: string;
}

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

/** Input of {@link CredentialStore.appendAudit}. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'seq' | 'prevHash' | 'hash'>;

/** The last entry of the audit chain as the store's head record has it: what the next entry links to. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Who asked for a save, for the audit entry the store writes in the same step when the save supersedes (revokes) a
 * certificate: the API caller or the pipeline, and where the request came from. No personal data.
 */
export interface SaveCause {
  /** Who, e.g. `issue API` (the caller's token name) or `issuer` (the pipeline). */
  actor: string;
  /** Where the request came from, e.g. `{via: 'POST /credentials/issue', client: '<hash>'}` or the bus message. */
  details?: Record<string, string>;
}

/**
 * The credential store port. Adapters: {@link openSqliteStore} (one machine) and {@link connectMongoStore}
 * (national). Every adapter passes the same contract suite (`test/contract/store-contract.ts`).
 *
 * Failures of the engine are `HealthcredError`s: `conflict` for a unique-index violation (e.g. a reused
 * certificateId), `internal` otherwise (`retryable` when the engine was only busy or unreachable).
 */
export interface CredentialStore {
  /**
   * Saves a newly issued certificate idempotently by `sourceKey`, atomically, enforced by unique indexes in the
   * engine (not by a cache), so concurrent calls for one key from several processes give exactly one `inserted`.
   * A correction (same key, other hash) revokes the current one with reason `superseded by <new id>`, links both
   * (`supersededBy`/`supersedes`) and inserts the new one. When the current certificate was revoked or suspended
   * by an operator, the same rules apply (a duplicate returns it unchanged).
   * A supersede appends a `certificate.supersede` audit entry (target the revoked certificate; details its
   * replacement, the source key and `cause.details`; actor `cause.actor`, or `unattributed` without a cause) in the
   * same transaction where the engine has them.
   * @throws TypeError when a field of `certificate` or `cause` is missing or malformed (named in the message).
   * @throws HealthcredError `conflict` when certificateId, credentialId or statusListIndex is already used.
   */
  saveIssued(certificate: NewCertificate, cause?: SaveCause): Promise<SaveOutcome>;
  /**
   * {@link saveIssued} for several certificates, in order, as if saved one after the other (a later one sees the
   * earlier ones). Where the engine allows, all are written in one transaction: none is saved when one fails.
   * `causes[i]` is the cause of `certificates[i]`.
   * @throws like {@link saveIssued}; TypeError when `causes` is given with another length than `certificates`.
   */
  saveIssuedMany(certificates: NewCertificate[], causes?: readonly SaveCause[]): Promise<SaveOutcome[]>;
  /**
   * Reserves `count` consecutive status-list positions never handed out before (also across processes) and returns
   * the first. Positions reserved but never used stay unused. With `count` 0 it reserves nothing and returns the
   * next position that would be handed out (the number of positions handed out so far).
   * @throws TypeError when `count` is not an integer in 0..100,000.
   */
  reserveStatusPositions(count: number): Promise<number>;
  /**
   * The status-list positions in [`from`, `to`) of certificates in one of `statuses`, ascending: what a status
   * list publishes.
   * @throws TypeError when the range is malformed or wider than 1,048,576 positions.
   */
  listStatusPositions(query: StatusPositionQuery): Promise<number[]>;
  /**
   * Replaces a current certificate by a re-issued one (same `sourceKey` and `contentHash`, e.g. signed with a new
   * key or after a revocation in error), atomically: the old one becomes revoked with `reason`, superseded by the new.
   * @throws HealthcredError `not_found` when `previousCertificateId` is unknown; `conflict` when it is not the
   *   current certificate of `certificate.sourceKey`, or an id of the new one is taken.
   * @throws TypeError when a field of `certificate` is malformed or `reason` is empty.
   */
  saveReissued(previousCertificateId: string, certificate: NewCertificate, reason: string): Promise<SaveOutcome & { outcome: 'superseded' }>;
  /** The current (not superseded) certificate of a source record, if any, whatever its status. */
  findCurrentBySourceKey(sourceKey: string): Promise<StoredCertificate | undefined>;
  findByCertificateId(certificateId: string): Promise<StoredCertificate | undefined>;
  /** Every certificate of a holder, superseded ones included, oldest issuance first. */
  findBySubject(subjectId: string): Promise<StoredCertificate[]>;
  /**
   * Changes the status of a certificate and records the reason.
   * @throws HealthcredError `not_found` when no certificate has this id.
   * @throws HealthcredError `conflict` when the certificate was superseded and `status` is not `revoked`.
   * @throws TypeError when `status` is not a {@link CertificateStatus} or `reason` is empty.
   */
  setStatus(certificateId: string, status: CertificateStatus, reason: string): Promise<StoredCertificate>;
  /**
   * A page of certificates ordered by certificateId (a stable order); pass the last id as `after` for the next
   * page. An empty page means the end.
   * @throws TypeError when `limit` is not an integer in 1..1000.
   */
  list(options?: ListOptions): Promise<StoredCertificate[]>;
  count(options?: { status?: CertificateStatus }): Promise<number>;
  /**
   * A page of the current (not superseded) certificates signed by one key (their credential's
   * `proof.verificationMethod`), ordered by certificateId; pass the last id as `after` for the next page. What a key
   * revocation must re-issue: a certificate leaves the selection once it is superseded, so a job that re-issues
   * page after page can stop at any point and start again from the first page. Served by an index.
   * @throws TypeError when `verificationMethod` is empty, `status` unknown or `limit` not an integer in 1..1000.
   */
  listCurrentBySigningKey(query: SigningKeyQuery): Promise<StoredCertificate[]>;
  /**
   * How many certificates {@link listCurrentBySigningKey} selects (without `limit` and `after`).
   * @throws TypeError like {@link listCurrentBySigningKey}.
   */
  countCurrentBySigningKey(query: Omit<SigningKeyQuery, 'limit' | 'after'>): Promise<number>;
  /**
   * Records a dead letter. The same topic+key+payload again updates the same entry: `attempts` is added,
   * `code`, `reason` and `lastSeenAt` are replaced, and the status goes back to `open`.
   * @throws TypeError when a field is missing or `attempts` is not a non-negative integer.
   */
  saveDeadLetter(entry: NewDeadLetter): Promise<DeadLetter>;
  /** The dead letter with this id, if any. */
  findDeadLetter(id: string): Promise<DeadLetter | undefined>;
  /** Dead letters, most recently seen first. */
  listDeadLetters(options?: ListDeadLettersOptions): Promise<DeadLetter[]>;
  /**
   * Marks a dead letter as redriven or discarded (or reopens it).
   * @throws HealthcredError `not_found` when no entry has this id.
   */
  setDeadLetterStatus(id: string, status: DeadLetter['status']): Promise<DeadLetter>;
  /**
   * Counts one more attempt in `window` and returns the window's count including it. Windows are forgotten after
   * `expiresAt`. Shared by every process on the store, so a limit holds across API replicas.
   * @throws TypeError when `key` or `window` is empty.
   */
  addAttempt(attempt: AttemptWindow & { expiresAt: Date }): Promise<number>;
  /** The count of a window (0 when none or expired). */
  countAttempts(attempt: AttemptWindow): Promise<number>;
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
  /** Resolves when the engine answers; throws a retryable `internal` HealthcredError otherwise (readiness). */
  ping(): Promise<void>;
  /** Releases the connection. Further calls reject. Idempotent. */
  close(): Promise<void>;
}
