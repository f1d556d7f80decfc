import type { AttemptCounter } from './attempt-counter.js';
import { assertAttemptWindow } from './checks.js';
import type { StoreModels } from './mongo-models.js';
import { guard, isUniqueViolation } from './store-error.js';

/**
 * The counting half of the MongoDB {@link AttemptCounter} (`ping` is the store's): one `$inc` upsert per attempt; a
 * TTL index on `expiresAt` forgets old windows.
 */
export function mongoAttempts(models: StoreModels): Omit<AttemptCounter, 'ping'> {
  return {
    addAttempt: (attempt) => guard('count the attempt', async () => {
      assertAttemptWindow(attempt);
      const filter = { key: String(attempt.key), window: String(attempt.window) };
      const update = { $inc: { count: 1 }, $setOnInsert: { expiresAt: attempt.expiresAt } };
      const add = () => models.attempts.findOneAndUpdate(filter, update, { upsert: true, new: true }).lean();
      const saved = await add().catch((error: unknown) => {
        if (isUniqueViolation(error)) return add();
        throw error;
      });
      return saved?.count ?? 1;
    }),

    countAttempts: (attempt) => guard('read the attempts', async () => {
      assertAttemptWindow(attempt);
      const found = await models.attempts.findOne({
        key: String(attempt.key), window: String(attempt.window), expiresAt: { $gte: new Date() },
      }).lean();
      return found?.count ?? 0;
    }),
  };
}
