import { UsageError, type Command } from '../command.js';
import { dhis2ImportCommand } from './dhis2-import.js';
import { dhis2OrgUnitsCommand } from './dhis2-org-units.js';
import { dhis2SyncCommand } from './dhis2-sync.js';

const SUBCOMMANDS = [dhis2ImportCommand, dhis2OrgUnitsCommand, dhis2SyncCommand];

const usage = `Usage: healthcred dhis2 <import | org-units | sync> ...   (healthcred dhis2 <subcommand> --help)

${SUBCOMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}`;

/** `healthcred dhis2 import | org-units | sync`. */
export const dhis2Command: Command = {
  name: 'dhis2',
  summary: 'Bring DHIS2 data in: export files, org units, or a pull from the DHIS2 Web API',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    const command = SUBCOMMANDS.find((c) => c.name === sub);
    if (!command) throw new UsageError(`Unknown subcommand "dhis2 ${sub}".`);
    return command.run(rest, io, env);
  },
};
