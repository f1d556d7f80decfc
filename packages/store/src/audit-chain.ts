import { createHash, randomUUID } from 'node:crypto';
import type { AuditEntry, AuditHead, AuditLog, NewAuditEntry } from './audit-log.js';
import type { SaveCause, StoredCertificate } from './certificate-types.js';

/** `prevHash` of the first entry of the chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** Tags the encoding, so a later change of it can be told apart. */
const ENCODING = 'healthcred.audit.v1';

/**
 * The hash of an audit entry: SHA-256 (lowercase hex) of the UTF-8 JSON array
 * `["healthcred.audit.v1", seq, at, actor, action, target, reason, details, prevHash]`, where `details` is the array of
 * its `[name, value]` pairs sorted by name (`null` when absent) and `JSON.stringify` writes the array (no spaces).
 * Anyone can recompute it from an entry as `listAudit` returns it. The entry's `id` is not covered: `seq` is its place.
 */
export function auditEntryHash(entry: NewAuditEntry & { seq: number; prevHash: string }): string {
  const details = entry.details === undefined ? null
    : Object.keys(entry.details).sort().map((name) => [name, entry.details![name]]);
  const encoded = JSON.stringify([ENCODING, entry.seq, entry.at, entry.actor, entry.action, entry.target, entry.reason,
    details, entry.prevHash]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

/** The entry that follows `head` in the chain: the next seq, linked to the head's hash, with a fresh id. */
export function chainEntry(head: AuditHead, entry: NewAuditEntry): AuditEntry & AuditHead {
  const linked = { ...entry, seq: head.seq + 1, prevHash: head.hash };
  return { id: randomUUID(), ...linked, hash: auditEntryHash(linked) };
}

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`"${field}" must be a non-empty string.`);
}

/** Throws a TypeError naming what is wrong with the causes of a save of `count` certificates. */
export function assertSaveCauses(causes: readonly SaveCause[] | undefined, count: number): void {
  if (causes === undefined) return;
  if (!Array.isArray(causes) || causes.length !== count) {
    throw new TypeError('"causes" must be an array with one cause per certificate.');
  }
  for (const cause of causes) {
    if (typeof cause !== 'object' || cause === null) throw new TypeError('"cause" must be an object.');
    requireText(cause.actor, 'cause.actor');
    if (cause.details !== undefined && (typeof cause.details !== 'object' || cause.details === null
      || Object.values(cause.details).some((value) => typeof value !== 'string'))) {
      throw new TypeError('"cause.details" must map names to strings.');
    }
  }
}

/** The audit entry of a supersede: `previous` revoked because `certificate` replaced it, at the request of `cause`. */
export function supersedeAuditEntry(change: {
  previous: StoredCertificate; certificate: StoredCertificate; cause: SaveCause | undefined; at: string;
}): NewAuditEntry {
  const { previous, certificate, cause } = change;
  return {
    at: change.at, actor: cause?.actor ?? 'unattributed', action: 'certificate.supersede', target: previous.certificateId,
    reason: `superseded by ${certificate.certificateId}: the source record changed`,
    details: {
      ...cause?.details, replacement: certificate.certificateId, sourceKey: certificate.sourceKey,
      ...(certificate.sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt: certificate.sourceUpdatedAt }),
    },
  };
}

/** The first entry of the log that is not as it was written, and what is wrong with it. */
export interface AuditBreak {
  /** Its `seq`; absent for an entry without one (or when the missing entry is past the last one). */
  seq?: number;
  /** Its id, when it exists. */
  id?: string;
  /** What is wrong, in words, e.g. `seq 7 is missing (deleted): seq 8 follows seq 6`. */
  problem: string;
}

/** What {@link verifyAuditLog} found. */
export interface AuditVerification {
  /** True when every chained entry is as written, linked to the one before, with none missing. */
  intact: boolean;
  /** Entries written before the chain began (no hash): they cannot be checked. */
  legacy: number;
  /** Chained entries checked (up to the first broken one). */
  checked: number;
  /** The last chained entry checked: note it elsewhere, and give it as `anchor` later to detect a rewritten chain. */
  last?: AuditHead;
  /** The first broken entry, when not intact. */
  broken?: AuditBreak;
}

/** Checks one chained entry against the one before it (`undefined` for the first of the chain). */
function checkLink(entry: AuditEntry & AuditHead, before: AuditHead | undefined): string | undefined {
  if (before === undefined && entry.prevHash !== AUDIT_GENESIS_HASH) {
    return `seq ${entry.seq} is the first hashed entry but does not start the chain: the entries before it were deleted`;
  }
  if (before !== undefined && entry.seq !== before.seq + 1) {
    return entry.seq <= before.seq ? `seq ${entry.seq} comes after seq ${before.seq}: the order was changed`
      : `seq ${before.seq + 1}${entry.seq > before.seq + 2 ? ` to ${entry.seq - 1}` : ''} missing (deleted): seq ${entry.seq} follows seq ${before.seq}`;
  }
  if (before !== undefined && entry.prevHash !== before.hash) {
    return `seq ${entry.seq} does not link to seq ${before.seq}: seq ${before.seq} was changed (its hash recomputed) or replaced`;
  }
  if (auditEntryHash({ ...entry, prevHash: entry.prevHash! }) !== entry.hash) {
    return `seq ${entry.seq} was changed after it was written: its hash does not match its content`;
  }
  return undefined;
}

/**
 * Walks the whole audit log and checks the chain: every chained entry's hash against its content, its link to the
 * entry before, no gap in `seq`, no unhashed entry after the chain began, and that the chain reaches the store's head
 * record (so deleted last entries are found). Entries written before the chain began are counted, not checked.
 * With `anchor` (a `last` noted earlier), the chain must still hold that entry unchanged: a chain rewritten from the
 * start by someone who can write the database, with every hash recomputed, is found only that way.
 * @throws HealthcredError from the store.
 */
export async function verifyAuditLog(
  store: Pick<AuditLog, 'readAuditLog' | 'auditHead'>, options: { anchor?: AuditHead } = {},
): Promise<AuditVerification> {
  const head = await store.auditHead();
  const result: AuditVerification = { intact: true, legacy: 0, checked: 0 };
  const fail = (broken: AuditBreak) => ({ ...result, intact: false, broken });
  let before: AuditHead | undefined;
  const seen = new Map<number, string>();
  for await (const entry of store.readAuditLog()) {
    if (entry.hash === undefined || entry.seq === undefined) {
      if (before !== undefined) {
        return fail({ id: entry.id, problem: `entry ${entry.id} has no hash but follows seq ${before.seq}: it was inserted, or its hash removed` });
      }
      result.legacy += 1;
      continue;
    }
    const chained = entry as AuditEntry & AuditHead;
    const problem = checkLink(chained, before);
    if (problem !== undefined) return fail({ seq: chained.seq, id: chained.id, problem });
    before = { seq: chained.seq, hash: chained.hash };
    result.last = before;
    result.checked += 1;
    if (chained.seq === head?.seq || chained.seq === options.anchor?.seq) seen.set(chained.seq, chained.hash);
  }
  for (const [mark, what] of [[head, 'the store\'s head record'], [options.anchor, 'the anchor']] as const) {
    if (mark === undefined) continue;
    const hash = seen.get(mark.seq);
    if (hash === undefined) {
      const from = (before?.seq ?? 0) + 1;
      const missing = from < mark.seq ? `${from} to ${mark.seq}` : String(mark.seq);
      return fail({ seq: mark.seq, problem: `seq ${missing} missing (deleted): ${what} names seq ${mark.seq}` });
    }
    if (hash !== mark.hash) return fail({ seq: mark.seq, problem: `seq ${mark.seq} differs from ${what}: the chain was rewritten from there or before` });
  }
  if (head === undefined && before !== undefined) {
    return fail({ problem: 'the store\'s head record of the chain is missing (deleted)' });
  }
  return result;
}
