import { connectState, type MongoStateOptions, type WatermarkDocument } from './mongo-state.js';
import { guard, isUniqueViolation } from './store-error.js';
import { assertWatermark, type SyncWatermarks } from './sync-watermarks.js';

/** Connects the MongoDB {@link SyncWatermarks} (collection `sync_watermarks`, `_id` = source). */
export async function connectMongoSyncWatermarks(options: MongoStateOptions): Promise<SyncWatermarks> {
  const connection = await connectState(options, 'sync watermarks');
  const marks = connection.collection<WatermarkDocument>('sync_watermarks');
  const now = options.now ?? (() => new Date());
  return {
    read: (source) => guard('read the sync watermark', async () => {
      assertWatermark(source);
      const found = await marks.findOne({ _id: source });
      return found === null ? undefined : { source, value: found.value, updatedAt: found.updatedAt };
    }, true),
    advance: (source, value) => guard('advance the sync watermark', async () => {
      assertWatermark(source, value);
      try {
        // Matches only a stored value before `value`; a later one makes the upsert insert a duplicate _id.
        const result = await marks.updateOne({ _id: source, value: { $lt: value } },
          { $set: { value, updatedAt: now().toISOString() } }, { upsert: true });
        return result.modifiedCount + result.upsertedCount > 0;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    }, true),
    close: () => connection.close(),
  };
}
