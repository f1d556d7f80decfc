// Reads and saves of the MongoDB store done per batch rather than per certificate. On MongoDB that is one round trip
// instead of a hundred; on FerretDB 1.24 (the tests' server) it is what makes the store usable at all: its SQLite
// backend serves only `{_id: value}` from an index (backends/sqlite/collection.go, Query) and answers every other
// filter by reading and decoding the whole collection, so a lookup per certificate made a backfill quadratic.
import { decideSave } from './checks.js';
import { currentFields, fromCertificateDocument } from './mongo-models.js';
import type { CertificateDocument, StoreModels } from './mongo-models.js';
import type { NewCertificate, SaveCause, SaveOutcome, StoredCertificate } from './certificate-types.js';

/** The most source keys one `$in` query carries. */
const KEYS_PER_QUERY = 1000;

/** `findCurrentBySourceKeys`: the current certificates of `sourceKeys` (missing keys are absent), a query per 1000 keys. */
export async function findCurrents(models: StoreModels, sourceKeys: readonly string[]): Promise<Map<string, StoredCertificate>> {
  const unique = [...new Set(sourceKeys)];
  const found = new Map<string, StoredCertificate>();
  for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
    const documents = await models.certificates.find({ currentSourceKey: { $in: unique.slice(start, start + KEYS_PER_QUERY) } })
      .lean<CertificateDocument[]>();
    for (const document of documents) found.set(document.sourceKey, fromCertificateDocument(document));
  }
  return found;
}

/** The index of the first document an ordered insertMany did not write, when it failed on that document. */
function firstFailed(error: unknown): number | undefined {
  const writeErrors = (error as { writeErrors?: { index?: unknown }[] } | undefined)?.writeErrors;
  const index = Array.isArray(writeErrors) ? writeErrors[0]?.index : undefined;
  return typeof index === 'number' ? index : undefined;
}

/**
 * The most documents one insertMany call carries. FerretDB 1.24 inserts in chunks of its `--batch-size` (100) and
 * an ordered insert stops only within the chunk that failed (handler/msg_insert.go): the chunks after it are still
 * written. So each call stays within one such chunk.
 */
const INSERTS_PER_CALL = 100;

/**
 * Inserts `certificates` as current ones, in order, stopping at the first the unique indexes refuse (its source
 * has a current certificate, or one of its ids is used).
 * @returns how many were inserted; throws what is not such a refusal.
 */
async function insertInOrder(models: StoreModels, certificates: readonly StoredCertificate[]): Promise<number> {
  for (let start = 0; start < certificates.length; start += INSERTS_PER_CALL) {
    const chunk = certificates.slice(start, start + INSERTS_PER_CALL);
    try {
      await models.certificates.insertMany(chunk.map((certificate) => ({ ...certificate, ...currentFields(certificate) })),
        { ordered: true });
    } catch (error) {
      const failed = firstFailed(error);
      if (failed === undefined) throw error;
      return start + failed;
    }
  }
  return certificates.length;
}

/** What {@link saveInBatches} needs of the store. */
export interface BatchSaveDeps {
  models: StoreModels;
  now: () => Date;
  /** The store's own `saveIssued`: for corrections and for a certificate whose insert failed (a race, a used id). */
  saveOne: (certificate: NewCertificate, cause: SaveCause | undefined) => Promise<SaveOutcome>;
}

const inserted = (certificate: StoredCertificate): SaveOutcome => ({ outcome: 'inserted', certificate });

/**
 * `saveIssuedMany` with the outcome of saving one after the other, in few round trips. Per run of distinct source
 * keys: first the certificates are inserted as they are, in order, since the unique index on current source keys
 * refuses exactly those whose source has a current certificate (a backfill needs no read at all); from the first
 * refused one on, one read of their current certificates decides each (duplicate, stale, or new: inserted in
 * order). A correction goes through `saveOne` (it revokes, inserts and audits), and so does a certificate refused
 * again: if another writer took its key meanwhile, `saveOne` decides again; if one of its ids is used, it throws
 * `conflict`, as one-by-one would, with the certificates before it saved and those after it not.
 */
export async function saveInBatches(deps: BatchSaveDeps, certificates: readonly NewCertificate[],
  causes: readonly SaveCause[] | undefined): Promise<SaveOutcome[]> {
  const outcomes: SaveOutcome[] = [];
  for (let start = 0; start < certificates.length;) {
    const keys = new Set<string>();
    let end = start;
    while (end < certificates.length && !keys.has(certificates[end]!.sourceKey)) keys.add(certificates[end++]!.sourceKey);
    const run = certificates.slice(start, end).map((incoming) => ({ ...incoming, status: 'issued' as const, updatedAt: deps.now().toISOString() }));
    const written = await insertInOrder(deps.models, run);
    outcomes.push(...run.slice(0, written).map(inserted));
    if (written < run.length) {
      outcomes.push(...await decideAndSave(deps, certificates.slice(start + written, end), causes?.slice(start + written, end)));
    }
    start = end;
  }
  return outcomes;
}

/** Saves certificates of distinct source keys after one read of their current certificates (see {@link saveInBatches}). */
async function decideAndSave(deps: BatchSaveDeps, run: readonly NewCertificate[], causes: readonly SaveCause[] | undefined): Promise<SaveOutcome[]> {
  const currents = await findCurrents(deps.models, run.map((certificate) => certificate.sourceKey));
  const outcomes: SaveOutcome[] = [];
  let inserts: { index: number; certificate: StoredCertificate }[] = [];
  const flush = async (): Promise<void> => {
    const pending = inserts;
    inserts = [];
    const written = await insertInOrder(deps.models, pending.map(({ certificate }) => certificate));
    outcomes.push(...pending.slice(0, written).map(({ certificate }) => inserted(certificate)));
    for (const { index } of pending.slice(written)) outcomes.push(await deps.saveOne(run[index]!, causes?.[index]));
  };
  for (const [i, incoming] of run.entries()) {
    const current = currents.get(incoming.sourceKey);
    const decision = decideSave(current, incoming);
    if (decision === 'insert') {
      inserts.push({ index: i, certificate: { ...incoming, status: 'issued', updatedAt: deps.now().toISOString() } });
      continue;
    }
    await flush();
    outcomes.push(decision === 'supersede' ? await deps.saveOne(incoming, causes?.[i])
      : { outcome: decision, certificate: current! });
  }
  await flush();
  return outcomes;
}
