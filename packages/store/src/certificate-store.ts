import type {
  CertificateStatus, ListOptions, NewCertificate, SaveCause, SaveOutcome, SigningKeyQuery, StoredCertificate,
} from './certificate-types.js';
import type { SourceKeyLookup } from './source-key-lookup.js';

/**
 * The issued certificates: saving, correcting, re-issuing, finding and revoking them (a port by concern of the
 * {@link CredentialStore}). Rules: one current certificate per `sourceKey`, enforced by a unique index in the engine;
 * a supersede writes its `certificate.supersede` audit entry in the same transaction where the engine has one, which
 * is why saving and that append share an adapter's handle. Status-list positions are reserved apart
 * ({@link StatusPositions}): a reservation is not atomic with the save that uses it (unused positions stay unused).
 */
export interface CertificateStore extends SourceKeyLookup {
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
   * Replaces a current certificate by a re-issued one (same `sourceKey` and `contentHash`, e.g. signed with a new
   * key or after a revocation in error), atomically: the old one becomes revoked with `reason`, superseded by the new.
   * @throws HealthcredError `not_found` when `previousCertificateId` is unknown; `conflict` when it is not the
   *   current certificate of `certificate.sourceKey`, or an id of the new one is taken.
   * @throws TypeError when a field of `certificate` is malformed or `reason` is empty.
   */
  saveReissued(previousCertificateId: string, certificate: NewCertificate, reason: string): Promise<SaveOutcome & { outcome: 'superseded' }>;
  /** The current (not superseded) certificate of a source record, if any, whatever its status. */
  findCurrentBySourceKey(sourceKey: string): Promise<StoredCertificate | undefined>;
  /**
   * {@link findCurrentBySourceKey} for many keys in one read (a query per 1000 keys on MongoDB, one read transaction
   * on SQLite): the current certificate of each key that has one, by key (a key given twice is read once).
   * @throws TypeError when `sourceKeys` is not an array of strings.
   */
  findCurrentBySourceKeys(sourceKeys: readonly string[]): Promise<Map<string, StoredCertificate>>;
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
}
