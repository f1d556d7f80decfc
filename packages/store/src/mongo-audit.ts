import type { ClientSession } from 'mongoose';
import { HealthcredError } from '@healthcred/errors';
import { AUDIT_GENESIS_HASH, chainEntry } from './audit-chain.js';
import type { AuditDocument, CounterDocument, StoreModels } from './mongo-models.js';
import type { AuditEntry, AuditHead, AuditLog, NewAuditEntry } from './audit-log.js';
import { assertNewAuditEntry, pageSize } from './checks.js';
import { guard, isUniqueViolation, toStoreError } from './store-error.js';

/** The counter document that records the chain's head. */
const HEAD = 'audit_chain';

/** Appends that lost the race for a seq before giving up (each loss means another writer's entry went in). */
const APPEND_ATTEMPTS = 100;

/** Thrown by an append inside a transaction that lost the race for its seq: the whole transaction must run again. */
export class AuditSeqRace extends Error {}

function fromAuditDocument({ _id, ...entry }: AuditDocument): AuditEntry {
  return { id: _id, ...entry };
}

/** The head record, else the last chained entry (the record was lost), else the start of the chain. */
async function readHead(models: StoreModels, session: ClientSession | undefined): Promise<AuditHead> {
  const counter = await models.counters.findById(HEAD).session(session ?? null).lean<CounterDocument>();
  if (counter !== null && counter.hash !== undefined) return { seq: counter.value, hash: counter.hash };
  const last = await models.audit.findOne({ seq: { $exists: true } }).sort({ seq: -1 }).session(session ?? null)
    .lean<AuditDocument>();
  return last?.seq !== undefined && last.hash !== undefined ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: AUDIT_GENESIS_HASH };
}

/**
 * Moves the head record from `from` to `to`, only if it still is at `from`. When it is not, another writer moved it
 * already: nothing to do. (FerretDB's updates are a read, then a write, so there a late writer may move it back by a
 * step; the next append repairs that, and the unique seq index keeps the chain itself linear either way.)
 */
async function advanceHead(models: StoreModels, from: AuditHead, to: AuditHead, session?: ClientSession): Promise<void> {
  try {
    await models.counters.updateOne({ _id: HEAD, value: from.seq }, { $set: { value: to.seq, hash: to.hash } },
      { upsert: true, session });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Brings a head record left behind (a writer stopped between its insert and the head update) up to the next entry. */
async function helpHead(models: StoreModels): Promise<void> {
  const head = await readHead(models, undefined);
  const next = await models.audit.findOne({ seq: head.seq + 1 }).lean<AuditDocument>();
  if (next?.seq !== undefined && next.hash !== undefined) await advanceHead(models, head, { seq: next.seq, hash: next.hash });
}

/** One attempt: the entry after the head, inserted under the unique seq index, then the head moved to it. */
async function appendOnce(models: StoreModels, entry: NewAuditEntry, session: ClientSession | undefined): Promise<AuditEntry> {
  const head = await readHead(models, session);
  const saved = chainEntry(head, entry);
  const { id, ...fields } = saved;
  try {
    await models.audit.create([{ _id: id, ...fields }], { session });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await helpHead(models);
    throw new AuditSeqRace();
  }
  await advanceHead(models, head, saved, session);
  return saved;
}

/**
 * Appends an audit entry to the chain in MongoDB, where several writers (and FerretDB, which has no multi-document
 * transactions) share it. The seq is claimed by inserting the entry itself under a unique index on `seq`: of two
 * writers that read the same head, one insert wins and the other, refused, helps the head forward and tries again
 * on the new head. The head record (a counter document: seq and hash) is moved after the insert; a writer stopped in
 * between leaves it one behind, which the next writer repairs. Inside `session` (a transaction) one attempt is made
 * and a lost race throws {@link AuditSeqRace}, as the transaction is then aborted and must run again whole.
 * @throws HealthcredError `internal` (retryable) after {@link APPEND_ATTEMPTS} lost races.
 */
export async function appendChainedAudit(models: StoreModels, entry: NewAuditEntry, session?: ClientSession): Promise<AuditEntry> {
  if (session !== undefined) return appendOnce(models, entry, session);
  for (let attempt = 1; attempt <= APPEND_ATTEMPTS; attempt += 1) {
    try {
      return await appendOnce(models, entry, undefined);
    } catch (error) {
      if (!(error instanceof AuditSeqRace)) throw error;
    }
  }
  throw new HealthcredError('internal', 'Could not write the audit log: too many concurrent writers.', { retryable: true });
}

/** `listAudit`: by seq, newest first; entries written before the chain began (no seq) last. */
async function listChainedAudit(models: StoreModels, options: { target?: string; limit: number }): Promise<AuditEntry[]> {
  const filter = options.target === undefined ? {} : { target: String(options.target) };
  const found = await models.audit.find(filter).sort({ seq: -1, at: -1, _id: -1 }).limit(options.limit).lean<AuditDocument[]>();
  return found.map(fromAuditDocument);
}

/** `readAuditLog`: entries without seq by time, then the chain by seq, through cursors. */
async function* readChainedAudit(models: StoreModels): AsyncIterable<AuditEntry> {
  try {
    for (const [filter, order] of [[{ seq: { $exists: false } }, { at: 1, _id: 1 }], [{ seq: { $exists: true } }, { seq: 1 }]] as const) {
      for await (const document of models.audit.find(filter).sort(order).lean<AuditDocument>().cursor()) {
        yield fromAuditDocument(document as AuditDocument);
      }
    }
  } catch (error) {
    throw toStoreError(error, 'read the audit log');
  }
}

/** `auditHead`: the head record, if any. */
async function readAuditHead(models: StoreModels): Promise<AuditHead | undefined> {
  const counter = await models.counters.findById(HEAD).lean<CounterDocument>();
  return counter === null || counter.hash === undefined ? undefined : { seq: counter.value, hash: counter.hash };
}

/** The MongoDB {@link AuditLog} (collection `audit`, head in the counter `audit_chain`). */
export function mongoAuditLog(models: StoreModels): AuditLog {
  return {
    appendAudit: (entry) => guard('write the audit log', () => {
      assertNewAuditEntry(entry);
      return appendChainedAudit(models, entry);
    }),
    listAudit: (options = {}) => guard('read the audit log', () => listChainedAudit(models, { ...options, limit: pageSize(options.limit) })),
    readAuditLog: () => readChainedAudit(models),
    auditHead: () => guard('read the audit log', () => readAuditHead(models)),
  };
}
