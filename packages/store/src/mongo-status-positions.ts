import { assertReservation, assertStatusQuery } from './checks.js';
import type { CounterDocument, StoreModels } from './mongo-models.js';
import type { StatusPositions } from './status-positions.js';
import { guard, isUniqueViolation } from './store-error.js';

/** The MongoDB {@link StatusPositions}: a counter document moved by `$inc`, and the positions read from the certificates. */
export function mongoStatusPositions(models: StoreModels): StatusPositions {
  return {
    reserveStatusPositions: (count) => guard('reserve status positions', async () => {
      assertReservation(count);
      if (count === 0) {
        return (await models.counters.findById('status_positions').lean<CounterDocument>())?.value ?? 0;
      }
      const reserve = () => models.counters.findOneAndUpdate({ _id: 'status_positions' }, { $inc: { value: count } },
        { upsert: true, new: true }).lean<CounterDocument>();
      // Two first reservations at once both upsert: one fails on the _id index and succeeds as an update when retried.
      const counter = await reserve().catch((error: unknown) => {
        if (isUniqueViolation(error)) return reserve();
        throw error;
      });
      if (counter === null) throw new Error('counter upsert returned no document');
      return counter.value - count;
    }),

    listStatusPositions: (query) => guard('read the status positions', async () => {
      assertStatusQuery(query);
      const found = await models.certificates.find(
        { statusListIndex: { $gte: query.from, $lt: query.to }, status: { $in: query.statuses } },
        { statusListIndex: 1, _id: 0 },
      ).sort({ statusListIndex: 1 }).lean<{ statusListIndex: number }[]>();
      return found.map((document) => document.statusListIndex);
    }),
  };
}
