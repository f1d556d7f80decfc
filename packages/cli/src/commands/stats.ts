import { HealthcredError } from '@healthcred/errors';
import { loadStatsMapping, openDhis2State, pushProgrammeStats, readProgrammeReport, createLogger } from '@healthcred/runtime';
import type { Config } from '@healthcred/config';
import { programmeReportCsv, type ProgrammeReport } from '@healthcred/stats';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { withStore } from './operations.js';

const usage = `Usage:
  healthcred stats show [--csv]
  healthcred stats push

Programme monitoring without personal data, from the configured store: vaccination certificates issued and revoked
by day, org unit (rolled up to STATS_ORG_UNIT_LEVEL through the DHIS2 org units), vaccine, dose, sex and age band
(STATS_AGE_BANDS); each count under STATS_MIN_CELL (default 5) is shown as "suppressed".
show   The report as JSON (--csv: CSV).
push   Sends the report's published counts to DHIS2 (DHIS2_URL, DHIS2_TOKEN or DHIS2_USERNAME/DHIS2_PASSWORD) as one
       POST /api/dataValueSets, mapped by DHIS2_STATS_MAPPING_FILE (data set, data elements, category option combos).`;

/** Opens the store (and the org units, when the counts roll up) and hands `work` the report. */
async function report(env: NodeJS.ProcessEnv, work: (shown: ProgrammeReport, config: Config) => Promise<number>): Promise<number> {
  return withStore(env, async (store, config) => {
    const dhis2 = config.stats.orgUnitLevel === undefined ? undefined : await openDhis2State(config, createLogger({ name: 'cli', level: config.logLevel }));
    try {
      return await work(await readProgrammeReport({ store, stats: config.stats, ...(dhis2 ? { orgUnits: dhis2.orgUnits } : {}) }), config);
    } finally {
      await dhis2?.close();
    }
  });
}

async function run(sub: string, args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, sub === 'show' ? { csv: { type: 'boolean' } } : {});
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (sub === 'show') {
    return report(env, async (shown) => {
      io.stdout(values.csv ? programmeReportCsv(shown) : `${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    });
  }
  return report(env, async (shown, config) => {
    const mapping = loadStatsMapping(config.stats);
    if (!mapping) throw new HealthcredError('invalid_input', 'DHIS2_STATS_MAPPING_FILE is not set: it names the data set, data elements and category option combos.');
    if (!config.dhis2Sync) throw new HealthcredError('invalid_input', 'DHIS2_URL is not set: it names the DHIS2 to push to.');
    io.stderr(`pushing ${shown.cells.length} cell(s) to ${config.dhis2Sync.url} ...\n`);
    const pushed = await pushProgrammeStats({ report: shown, mapping, dhis2: config.dhis2Sync });
    io.stdout(`sent ${pushed.sent} data value(s) to data set ${mapping.dataSet}; left out ${pushed.suppressed} suppressed and `
      + `${pushed.unmapped} unmapped count(s)${pushed.importCount ? `; DHIS2 imported ${pushed.importCount['imported'] ?? 0}` : ''}\n`);
    return 0;
  });
}

/** `healthcred stats show|push`. */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'Programme counts without personal data: show them, or push them to DHIS2',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === 'show' || sub === 'push') return run(sub, rest, io, env);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "stats ${sub}".`);
  },
};
