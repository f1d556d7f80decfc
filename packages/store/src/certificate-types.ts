import type { ProgrammeFacts } from './privacy-types.js';

/** Lifecycle state of a stored certificate. A superseded certificate is always `revoked`. */
export type CertificateStatus = 'issued' | 'revoked' | 'suspended';

/** Every {@link CertificateStatus}, for checks and schemas. */
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['issued', 'revoked', 'suspended'];

/** A freshly signed certificate, as the issuer hands it to {@link CertificateStore.saveIssued}. */
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
   * The holder's pseudonym in the store, the key of {@link CertificateStore.findBySubject}: the same for every
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
   * The credential's position across the issuer's status lists (from {@link StatusPositions.reserveStatusPositions}),
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
   * When the holder's personal data were erased ({@link PrivacyStore.eraseSubject}): the certificate is revoked
   * and keeps only its ids, status, status-list position and programme facts; `credential` is null, `dob`,
   * `subjectId` and `contentHash` are empty and `sourceKey` is `erased:<certificateId>`.
   */
  erasedAt?: string;
}

/** What {@link CertificateStore.saveIssued} did. */
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

/** Options of {@link CertificateStore.list}. */
export interface ListOptions {
  /** Page size, 1..1000. Default 100. */
  limit?: number;
  /** Cursor: the certificateId of the last item of the previous page. */
  after?: string;
  status?: CertificateStatus;
}

/** Options of {@link CertificateStore.listCurrentBySigningKey}. */
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
