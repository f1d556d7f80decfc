import type { AttemptCounter } from './attempt-counter.js';
import { assertAttemptWindow } from './checks.js';
import type { SqliteContext } from './sqlite-context.js';

/**
 * The counting half of the SQLite {@link AttemptCounter} (table `attempts`; `ping` is the store's). An add expires
 * old windows and increments its own in one `BEGIN IMMEDIATE` transaction, so processes sharing the file count together.
 */
export function sqliteAttempts({ db, guard }: SqliteContext): Omit<AttemptCounter, 'ping'> {
  const expire = db.prepare('DELETE FROM attempts WHERE expires_at < ?');
  const add = db.prepare<[{ key: string; window: string; expires: number }], { count: number }>(`
    INSERT INTO attempts VALUES (@key, @window, 1, @expires)
    ON CONFLICT (key, window) DO UPDATE SET count = count + 1 RETURNING count`);
  const count = db.prepare<[{ key: string; window: string; now: number }], { count: number }>(
    'SELECT count FROM attempts WHERE key = @key AND window = @window AND expires_at >= @now');
  return {
    addAttempt: (attempt) => guard('count the attempt', () => {
      assertAttemptWindow(attempt);
      return db.transaction(() => {
        expire.run(Date.now());
        return (add.get({ ...attempt, expires: attempt.expiresAt.getTime() }) as { count: number }).count;
      }).immediate();
    }),
    countAttempts: (attempt) => guard('read the attempts', () => {
      assertAttemptWindow(attempt);
      return count.get({ key: attempt.key, window: attempt.window, now: Date.now() })?.count ?? 0;
    }),
  };
}
