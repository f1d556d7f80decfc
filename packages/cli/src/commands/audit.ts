import { verifyAuditLog, type AuditHead } from '@healthcred/store';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { listLimit, table, withStore } from './operations.js';

const usage = `Usage:
  healthcred audit list [--target <id>] [--limit N] [--json]
  healthcred audit verify [--anchor <seq>:<hash>] [--json]

Reads the audit log of the configured store (HEALTHCRED_DATA_DIR, default ./data; or MongoDB when
HEALTHCRED_TIER=national): who did what to which target, when and why.
list    Most recent first: seq, when, who, action, target, reason. --json prints the entries as JSON lines,
        with their details, prevHash and hash.
verify  Checks the hash chain: each entry's hash against its content, its link to the entry before, no seq
        missing, and that the chain reaches the store's head record. Exit 0 when intact, 1 naming the first
        broken entry (edited, deleted or inserted). Entries written by a version before the chain began carry
        no hash: they are counted as a legacy prefix and not checked. Prints the last entry's seq and hash:
        note them elsewhere and pass them as --anchor later, so that a log rewritten with every hash
        recomputed (which needs write access to the database) is found too.`;

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

function parseAnchor(value: string | undefined): AuditHead | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new UsageError('--anchor must be <seq>:<64 hex digits>, as audit verify prints it.');
  return { seq: Number(match[1]), hash: match[2]! };
}

async function list(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, { target: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const limit = listLimit(values.limit);
  return withStore(env, async (store) => {
    const entries = await store.listAudit({ limit, ...(values.target ? { target: values.target } : {}) });
    if (values.json) {
      for (const entry of entries) io.stdout(`${JSON.stringify(entry)}\n`);
      return 0;
    }
    io.stdout(table(['SEQ', 'WHEN', 'ACTOR', 'ACTION', 'TARGET', 'REASON'], entries.map((e) => [
      e.seq === undefined ? '-' : String(e.seq), e.at, e.actor, e.action, e.target, e.reason,
    ])));
    return 0;
  });
}

async function verify(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, { anchor: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const anchor = parseAnchor(values.anchor);
  return withStore(env, async (store) => {
    const result = await verifyAuditLog(store, anchor === undefined ? {} : { anchor });
    if (values.json) {
      io.stdout(`${JSON.stringify(result)}\n`);
      return result.intact ? 0 : 1;
    }
    if (result.legacy > 0) {
      io.stdout(`${entries(result.legacy)} written before the chain began (no hash): not checked.\n`);
    }
    if (!result.intact) {
      const where = result.broken!.seq === undefined ? `entry ${result.broken!.id ?? '(none)'}` : `seq ${result.broken!.seq}`;
      io.stdout(`Audit log BROKEN at ${where}: ${result.broken!.problem}.\n${entries(result.checked)} before it intact.\n`);
      return 1;
    }
    io.stdout(result.last === undefined ? 'Audit log intact: no chained entries yet.\n'
      : `Audit log intact: ${entries(result.checked)} in the chain.\nLast entry: --anchor ${result.last.seq}:${result.last.hash}\n`);
    return 0;
  });
}

/** `healthcred audit list|verify`. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'List the audit log or verify its hash chain',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, io, env);
    if (sub === 'verify') return verify(rest, io, env);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "audit ${sub}".`);
  },
};
