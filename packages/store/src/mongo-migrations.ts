// Brings a database written by an earlier version of the store up to the current schema at startup: indexes whose
// definition changed are rebuilt, and current certificates saved before `currentSourceKey` existed get it.
import type { Model } from 'mongoose';
import type { StoreModels } from './mongo-models.js';

/** What decides whether an index serves the schema (not `sparse`: FerretDB drops it from its index list). */
interface IndexDefinition {
  key: Record<string, unknown>;
  unique?: boolean;
  partialFilterExpression?: unknown;
  expireAfterSeconds?: number;
}

/** How MongoDB names an index it was not given a name for: `field_1_other_-1`. */
function defaultName(key: Record<string, unknown>): string {
  return Object.entries(key).map(([field, direction]) => `${field}_${String(direction)}`).join('_');
}

const canonical = (definition: IndexDefinition): string => JSON.stringify([
  Object.entries(definition.key).map(([field, direction]) => [field, Number(direction)]), definition.unique === true,
  definition.partialFilterExpression ?? null, definition.expireAfterSeconds ?? null,
]);

/** The existing indexes of the model's collection, none when the collection does not exist yet. */
async function existingIndexes(model: Model<unknown>): Promise<(IndexDefinition & { name: string })[]> {
  try {
    return await model.collection.listIndexes().toArray() as (IndexDefinition & { name: string })[];
  } catch (error) {
    if ((error as { code?: unknown }).code === 26) return []; // NamespaceNotFound
    throw error;
  }
}

/**
 * Drops each index whose name the schema uses for another definition (key, unique, partial filter, TTL), so that
 * `createIndexes` builds it anew: MongoDB refuses to build an index under a name taken by a different one (the
 * store's partial `statusListIndex_1` and `credential.proof.verificationMethod_1_certificateId_1` of earlier
 * versions, now sparse and plain), and FerretDB answers ok and keeps the old one.
 * @returns the names of the indexes dropped.
 */
export async function dropChangedIndexes(model: Model<unknown>): Promise<string[]> {
  const wanted = new Map(model.schema.indexes().map(([key, options]) => {
    const { name, unique, partialFilterExpression, expireAfterSeconds } = options as IndexDefinition & { name?: string };
    return [name ?? defaultName(key), canonical({ key, unique, partialFilterExpression, expireAfterSeconds })];
  }));
  const dropped: string[] = [];
  for (const index of await existingIndexes(model)) {
    const definition = wanted.get(index.name);
    if (definition === undefined || definition === canonical(index)) continue;
    await model.collection.dropIndex(index.name);
    dropped.push(index.name);
  }
  return dropped;
}

/** Documents updated per bulk write of {@link addCurrentSourceKeys}. */
const UPDATES_PER_WRITE = 1000;

/**
 * Gives each current certificate saved before `currentSourceKey` existed (when a partial index on `sourceKey`
 * kept one current certificate per source) its `currentSourceKey`, without which its source would be issued again.
 * @returns how many certificates it updated.
 */
export async function addCurrentSourceKeys(models: StoreModels): Promise<number> {
  const cursor = models.certificates.find({ current: true, currentSourceKey: { $exists: false } }, { sourceKey: 1 }).lean().cursor();
  let updates: { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } }[] = [];
  let updated = 0;
  const write = async () => {
    if (updates.length === 0) return;
    await models.certificates.bulkWrite(updates as never, { ordered: false });
    updated += updates.length;
    updates = [];
  };
  for await (const { _id, sourceKey } of cursor) {
    updates.push({ updateOne: { filter: { _id, current: true }, update: { $set: { currentSourceKey: sourceKey } } } });
    if (updates.length >= UPDATES_PER_WRITE) await write();
  }
  await write();
  return updated;
}
