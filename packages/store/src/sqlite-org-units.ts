import type { OrgUnit } from '@healthcred/types';
import { assertOrgUnit, toOrgUnit, type OrgUnitDirectory } from './org-unit-directory.js';
import { openStateDatabase, type SqliteStateOptions } from './sqlite-state.js';
import { guard } from './store-error.js';

interface OrgUnitRow { id: string; name: string; level: number; path: string; code: string | null; short_name: string | null;
  parent: string | null }

/** Opens the SQLite {@link OrgUnitDirectory} (table `org_units`). @throws HealthcredError `unavailable` for a bad file. */
export async function openSqliteOrgUnitDirectory(options: SqliteStateOptions): Promise<OrgUnitDirectory> {
  const db = await guard('open the org unit directory', () => openStateDatabase(options.path));
  const upsert = db.prepare(`INSERT OR REPLACE INTO org_units (id, name, level, path, code, short_name, parent)
    VALUES (@id, @name, @level, @path, @code, @shortName, @parent)`);
  const saveAll = db.transaction((units: readonly OrgUnit[]) => {
    for (const unit of units) {
      upsert.run({ code: null, shortName: null, parent: null, ...unit });
    }
  });
  return {
    save: (units) => guard('save the org units', () => {
      units.forEach(assertOrgUnit);
      saveAll(units);
      return units.length;
    }),
    find: (ids) => guard('read the org units', () => {
      const found: OrgUnit[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = db.prepare<string[], OrgUnitRow>(`SELECT * FROM org_units WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk);
        found.push(...rows.map((row) => toOrgUnit({ ...row, shortName: row.short_name })));
      }
      return found;
    }),
    count: () => guard('count the org units', () => (db.prepare('SELECT count(*) AS n FROM org_units').get() as { n: number }).n),
    close: async () => {
      db.close();
    },
  };
}
