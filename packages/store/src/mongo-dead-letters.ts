import { HealthcredError } from '@healthcred/errors';
import { assertDeadLetterStatus, assertNewDeadLetter, deadLetterId, pageSize } from './checks.js';
import type { DeadLetters } from './dead-letters.js';
import { fromDeadLetterDocument, type DeadLetterDocument, type StoreModels } from './mongo-models.js';
import { guard, isUniqueViolation } from './store-error.js';

/** The MongoDB {@link DeadLetters}: one document per derived id, saved by one upsert. */
export function mongoDeadLetters(models: StoreModels): DeadLetters {
  return {
    saveDeadLetter: (entry) => guard('save the dead letter', async () => {
      assertNewDeadLetter(entry);
      const onInsert: Record<string, unknown> = { topic: entry.topic, payload: entry.payload, firstSeenAt: entry.at };
      if (entry.key !== undefined) onInsert['key'] = entry.key;
      const update = {
        $setOnInsert: onInsert,
        $set: { code: entry.code, reason: entry.reason, lastSeenAt: entry.at, status: 'open' },
        $inc: { attempts: entry.attempts },
      };
      const id = deadLetterId(entry);
      const upsert = () => models.deadLetters.findOneAndUpdate({ _id: id }, update, { upsert: true, new: true })
        .lean<DeadLetterDocument>();
      // Two concurrent upserts of a new id: one fails on the _id index and succeeds as an update when retried.
      const saved = await upsert().catch((error: unknown) => {
        if (isUniqueViolation(error)) return upsert();
        throw error;
      });
      if (saved === null) throw new Error('upsert returned no document');
      return fromDeadLetterDocument(saved);
    }),

    findDeadLetter: (id) => guard('read the dead letter', async () => {
      const found = await models.deadLetters.findOne({ _id: String(id) }).lean<DeadLetterDocument>();
      return found === null ? undefined : fromDeadLetterDocument(found);
    }),

    listDeadLetters: (options = {}) => guard('list the dead letters', async () => {
      const filter = options.status === undefined ? {} : { status: options.status };
      const found = await models.deadLetters.find(filter).sort({ lastSeenAt: -1, _id: 1 })
        .limit(pageSize(options.limit)).lean<DeadLetterDocument[]>();
      return found.map(fromDeadLetterDocument);
    }),

    setDeadLetterStatus: (id, status) => guard('change the dead letter status', async () => {
      assertDeadLetterStatus(status);
      const updated = await models.deadLetters.findOneAndUpdate({ _id: String(id) }, { $set: { status } },
        { new: true }).lean<DeadLetterDocument>();
      if (updated === null) throw new HealthcredError('not_found', 'No dead letter has this id.', { field: 'id' });
      return fromDeadLetterDocument(updated);
    }),
  };
}
