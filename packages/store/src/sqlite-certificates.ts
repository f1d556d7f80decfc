import type Database from 'better-sqlite3';
import { HealthcredError } from '@healthcred/errors';
import { assertSaveCauses, supersedeAuditEntry } from './audit-chain.js';
import type { CertificateStore } from './certificate-store.js';
import type { NewCertificate, SaveCause, SaveOutcome, StoredCertificate } from './certificate-types.js';
import { assertNewCertificate, assertReissue, assertSigningKeyQuery, assertSourceKeys, assertStatusChange, decideSave, pageSize, supersededReason } from './checks.js';
import { SOURCE_KEY_PREFIX_LIMIT, sourceKeyRange } from './source-key-lookup.js';
import type { SqliteAuditChain } from './sqlite-audit.js';
import type { SqliteContext, StatusFilter } from './sqlite-context.js';
import { toCertificate, toCertificateParams, type CertificateRow } from './sqlite-schema.js';

const SELECT = 'SELECT * FROM certificates';

function statements(db: Database.Database) {
  return {
    current: db.prepare<[string], CertificateRow>(`${SELECT} WHERE source_key = ? AND superseded_by IS NULL`),
    byId: db.prepare<[string], CertificateRow>(`${SELECT} WHERE certificate_id = ?`),
    currentByPrefix: db.prepare<[{ from: string; to: string; limit: number }], CertificateRow>(`${SELECT}
      WHERE source_key >= @from AND source_key < @to AND superseded_by IS NULL ORDER BY source_key LIMIT @limit`),
    bySubject: db.prepare<[string], CertificateRow>(`${SELECT} WHERE subject_id = ? ORDER BY issued_at, certificate_id`),
    insert: db.prepare(`INSERT INTO certificates (certificate_id, credential_id, kind, source_key, content_hash,
      subject_id, dob, issued_at, credential, status_list_index, status, status_reason, superseded_by, supersedes,
      updated_at, source_updated_at, programme) VALUES (@certificate_id, @credential_id, @kind, @source_key,
      @content_hash, @subject_id, @dob, @issued_at, @credential, @status_list_index, @status, @status_reason,
      @superseded_by, @supersedes, @updated_at, @source_updated_at, @programme)`),
    supersede: db.prepare(`UPDATE certificates SET status = 'revoked', status_reason = @reason, superseded_by = @by,
      updated_at = @at WHERE certificate_id = @id`),
    setStatus: db.prepare(`UPDATE certificates SET status = @status, status_reason = @reason, updated_at = @at
      WHERE certificate_id = @id`),
    page: db.prepare<[StatusFilter & { after: string; limit: number }], CertificateRow>(`${SELECT}
      WHERE certificate_id > @after AND (@status IS NULL OR status = @status) ORDER BY certificate_id LIMIT @limit`),
    count: db.prepare<[StatusFilter], { n: number }>(
      'SELECT count(*) AS n FROM certificates WHERE @status IS NULL OR status = @status'),
    // The expression is the one of the certificates_signing_key index, which serves both statements.
    bySigningKey: db.prepare<[StatusFilter & { key: string; after: string; limit: number }], CertificateRow>(`${SELECT}
      WHERE json_extract(credential, '$.proof.verificationMethod') = @key AND superseded_by IS NULL
      AND certificate_id > @after AND (@status IS NULL OR status = @status) ORDER BY certificate_id LIMIT @limit`),
    countBySigningKey: db.prepare<[StatusFilter & { key: string }], { n: number }>(`SELECT count(*) AS n FROM certificates
      WHERE json_extract(credential, '$.proof.verificationMethod') = @key AND superseded_by IS NULL
      AND (@status IS NULL OR status = @status)`),
  };
}

const one = (row: CertificateRow | undefined): StoredCertificate | undefined => (row === undefined ? undefined : toCertificate(row));

/**
 * The SQLite {@link CertificateStore}. Saves run in `BEGIN IMMEDIATE` and a supersede appends its audit entry to
 * `audit` inside the same transaction; the partial unique index on current source keys decides concurrent saves.
 */
export function sqliteCertificates(context: SqliteContext, audit: SqliteAuditChain): CertificateStore {
  const { db, now, guard } = context;
  const sql = statements(db);

  const saveInTransaction = (incoming: NewCertificate, cause: SaveCause | undefined): SaveOutcome => {
    const current = one(sql.current.get(incoming.sourceKey));
    const decision = decideSave(current, incoming);
    if (decision === 'duplicate' || decision === 'stale') {
      return { outcome: decision, certificate: current as StoredCertificate };
    }
    const at = now().toISOString();
    const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at };
    if (decision === 'insert' || current === undefined) {
      sql.insert.run(toCertificateParams(certificate));
      return { outcome: 'inserted', certificate };
    }
    const reason = supersededReason(incoming.certificateId);
    sql.supersede.run({ id: current.certificateId, by: incoming.certificateId, reason, at });
    certificate.supersedes = current.certificateId;
    sql.insert.run(toCertificateParams(certificate));
    const previous: StoredCertificate = {
      ...current, status: 'revoked', statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at,
    };
    audit.append(supersedeAuditEntry({ previous, certificate, cause, at }));
    return { outcome: 'superseded', certificate, previous };
  };
  const currents = db.transaction((sourceKeys: readonly string[]) => {
    const found = new Map<string, StoredCertificate>();
    for (const key of new Set(sourceKeys)) {
      const row = sql.current.get(key);
      if (row !== undefined) found.set(key, toCertificate(row));
    }
    return found;
  });
  const save = db.transaction((certificates: NewCertificate[], causes?: readonly SaveCause[]) =>
    certificates.map((c, i) => saveInTransaction(c, causes?.[i])));

  return {
    saveIssued: (certificate, cause) => guard('save the certificate', () => {
      assertNewCertificate(certificate);
      const causes = cause === undefined ? undefined : [cause];
      assertSaveCauses(causes, 1);
      return save.immediate([certificate], causes)[0] as SaveOutcome;
    }),

    saveIssuedMany: (certificates, causes) => guard('save the certificates', () => {
      if (!Array.isArray(certificates)) throw new TypeError('"certificates" must be an array.');
      certificates.forEach(assertNewCertificate);
      assertSaveCauses(causes, certificates.length);
      return certificates.length === 0 ? [] : save.immediate(certificates, causes);
    }),

    saveReissued: (previousCertificateId, incoming, reason) => guard('save the re-issued certificate', () => {
      assertNewCertificate(incoming);
      return db.transaction(() => {
        const previous = one(sql.byId.get(String(previousCertificateId)));
        assertReissue(previous, incoming, reason);
        const at = now().toISOString();
        sql.supersede.run({ id: previous!.certificateId, by: incoming.certificateId, reason, at });
        const certificate: StoredCertificate = { ...incoming, status: 'issued', updatedAt: at, supersedes: previous!.certificateId };
        sql.insert.run(toCertificateParams(certificate));
        return {
          outcome: 'superseded' as const, certificate,
          previous: { ...previous!, status: 'revoked' as const, statusReason: reason, supersededBy: incoming.certificateId, updatedAt: at },
        };
      }).immediate();
    }),

    findCurrentBySourceKey: (sourceKey) => guard('read the certificate', () => one(sql.current.get(sourceKey))),

    findCurrentBySourceKeys: (sourceKeys) => guard('read the certificates', () => {
      assertSourceKeys(sourceKeys);
      return currents.deferred(sourceKeys);
    }),

    listCurrentBySourceKeyPrefix: (prefix) => guard('read the certificates', () =>
      sql.currentByPrefix.all({ ...sourceKeyRange(prefix), limit: SOURCE_KEY_PREFIX_LIMIT }).map(toCertificate)),

    findByCertificateId: (certificateId) => guard('read the certificate', () => one(sql.byId.get(certificateId))),

    findBySubject: (subjectId) => guard('read the certificates', () => sql.bySubject.all(subjectId).map(toCertificate)),

    setStatus: (certificateId, status, reason) => guard('change the certificate status', () => {
      assertStatusChange(status, reason);
      return db.transaction(() => {
        const row = sql.byId.get(certificateId);
        if (row === undefined) {
          throw new HealthcredError('not_found', 'No certificate has this certificateId.', { field: 'certificateId' });
        }
        if (row.erased_at !== null) {
          throw new HealthcredError('conflict', 'An erased certificate stays revoked.', { field: 'status' });
        }
        if (row.superseded_by !== null && status !== 'revoked') {
          throw new HealthcredError('conflict', 'A superseded certificate stays revoked.', { field: 'status' });
        }
        sql.setStatus.run({ id: certificateId, status, reason, at: now().toISOString() });
        return toCertificate(sql.byId.get(certificateId) as CertificateRow);
      }).immediate();
    }),

    list: (options = {}) => guard('list the certificates', () => {
      const limit = pageSize(options.limit);
      return sql.page.all({ after: options.after ?? '', status: options.status ?? null, limit }).map(toCertificate);
    }),

    count: (options = {}) => guard('count the certificates', () => (sql.count.get({ status: options.status ?? null }) as { n: number }).n),

    listCurrentBySigningKey: (query) => guard('list the certificates of a key', () => {
      assertSigningKeyQuery(query);
      const limit = pageSize(query.limit);
      return sql.bySigningKey.all({
        key: query.verificationMethod, status: query.status ?? null, after: query.after ?? '', limit,
      }).map(toCertificate);
    }),

    countCurrentBySigningKey: (query) => guard('count the certificates of a key', () => {
      assertSigningKeyQuery(query);
      return (sql.countBySigningKey.get({ key: query.verificationMethod, status: query.status ?? null }) as { n: number }).n;
    }),
  };
}
