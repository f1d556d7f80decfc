import { openStateDatabase, type SqliteStateOptions } from './sqlite-state.js';
import { guard } from './store-error.js';
import { assertWatermark, type SyncWatermark, type SyncWatermarks } from './sync-watermarks.js';

/** Opens the SQLite {@link SyncWatermarks} (table `sync_watermarks`). @throws HealthcredError `unavailable` for a bad file. */
export async function openSqliteSyncWatermarks(options: SqliteStateOptions): Promise<SyncWatermarks> {
  const db = await guard('open the sync watermarks', () => openStateDatabase(options.path));
  const now = options.now ?? (() => new Date());
  const read = db.prepare<[string], { source: string; value: string; updated_at: string }>(
    'SELECT * FROM sync_watermarks WHERE source = ?');
  const advance = db.prepare(`INSERT INTO sync_watermarks (source, value, updated_at) VALUES (@source, @value, @at)
    ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
    WHERE excluded.value > sync_watermarks.value`);
  return {
    read: (source) => guard('read the sync watermark', (): SyncWatermark | undefined => {
      assertWatermark(source);
      const row = read.get(source);
      return row && { source: row.source, value: row.value, updatedAt: row.updated_at };
    }),
    advance: (source, value) => guard('advance the sync watermark', () => {
      assertWatermark(source, value);
      return advance.run({ source, value, at: now().toISOString() }).changes > 0;
    }),
    close: async () => {
      db.close();
    },
  };
}
