import { assertReservation, assertStatusQuery } from './checks.js';
import type { SqliteContext } from './sqlite-context.js';
import type { StatusPositions } from './status-positions.js';

const STATUS_POSITIONS = 'status_positions';

/**
 * The SQLite {@link StatusPositions}: a counter row (table `counters`) moved by one upsert per reservation, and the
 * positions read from the certificates.
 */
export function sqliteStatusPositions({ db, guard }: SqliteContext): StatusPositions {
  const reserve = db.prepare<[{ name: string; count: number }], { value: number }>(`INSERT INTO counters VALUES (@name, @count)
    ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value`);
  const counter = db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?');
  const positions = db.prepare<[{ from: number; to: number; statuses: string }], { p: number }>(`SELECT
    status_list_index AS p FROM certificates WHERE status_list_index >= @from AND status_list_index < @to
    AND status IN (SELECT value FROM json_each(@statuses)) ORDER BY status_list_index`);
  return {
    reserveStatusPositions: (count) => guard('reserve status positions', () => {
      assertReservation(count);
      // With 0 only a read: no write transaction.
      if (count === 0) return counter.get(STATUS_POSITIONS)?.value ?? 0;
      return (reserve.get({ name: STATUS_POSITIONS, count }) as { value: number }).value - count;
    }),
    listStatusPositions: (query) => guard('read the status positions', () => {
      assertStatusQuery(query);
      return positions.all({ ...query, statuses: JSON.stringify(query.statuses) }).map((row) => row.p);
    }),
  };
}
