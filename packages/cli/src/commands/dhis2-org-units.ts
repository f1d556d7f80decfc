import { readFileSync } from 'node:fs';
import { loadConfig } from '@healthcred/config';
import { parseOrgUnitExport } from '@healthcred/dhis2';
import { HealthcredError } from '@healthcred/errors';
import { createLogger, openDhis2State } from '@healthcred/runtime';
import { parseJson } from '@healthcred/validation';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

const usage = `Usage: healthcred dhis2 org-units import <file.json>

Keeps DHIS2's organisation units in the org unit directory (dhis2.sqlite in the data directory, or MongoDB on the
national tier), so events name their facility, district and region from the hierarchy (the levels are the
mapping's "orgUnitLevels"). The file is the JSON of
  GET /api/organisationUnits?paging=false&fields=id,code,name,shortName,level,path,parent[id]
or a metadata export holding "organisationUnits". Units already kept are replaced; a sync refreshes them too.`;

/** The largest export read (a national hierarchy of tens of thousands of units is a few megabytes). */
const MAX_EXPORT_BYTES = 200 * 1024 * 1024;

function readExport(path: string): unknown {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_EXPORT_BYTES) throw new HealthcredError('invalid_input', `${path} is larger than 200 MB.`);
    text = buffer.toString('utf8');
  } catch (cause) {
    if (cause instanceof HealthcredError) throw cause;
    throw new HealthcredError('invalid_input', `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, { cause });
  }
  return parseJson(text, path);
}

/** `healthcred dhis2 org-units import`. */
export const dhis2OrgUnitsCommand: Command = {
  name: 'org-units',
  summary: "Import DHIS2's organisation unit export into the org unit directory",
  usage,
  async run(args, io, env = {}) {
    const { values, positionals } = parseCommandArgs(args, {}, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    const [action, file, ...extra] = positionals;
    if (action !== 'import') throw new UsageError(action === undefined ? 'Say "import <file>".' : `Unknown action "org-units ${action}".`);
    if (file === undefined || extra.length > 0) throw new UsageError('Give one export file.');
    const units = parseOrgUnitExport(readExport(file), file);
    if (units.length === 0) throw new HealthcredError('invalid_input', `${file} holds no org units.`);
    const config = loadConfig(env);
    const state = await openDhis2State(config, createLogger({ name: 'cli', level: config.logLevel }));
    try {
      const saved = await state.orgUnits.save(units);
      const levels = units.map((unit) => unit.level);
      io.stdout(`Saved ${saved} org units (levels ${Math.min(...levels)} to ${Math.max(...levels)}) from ${file}; ` +
        `the directory holds ${await state.orgUnits.count()}.\n`);
      return 0;
    } finally {
      await state.close();
    }
  },
};
