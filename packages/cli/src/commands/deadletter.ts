import { HealthcredError } from '@healthcred/errors';
import type { DeadLetter } from '@healthcred/store';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { auditRead, listLimit, table, withInfrastructure } from './operations.js';

const usage = `Usage:
  healthcred deadletter list [--status open|redriven|discarded] [--limit N] [--json]
  healthcred deadletter show <id>

Lists what the pipeline could not process: when, the topic, the error code, the reason, the attempts.
Reads the configured store (HEALTHCRED_DATA_DIR, default ./data; or MongoDB when HEALTHCRED_TIER=national).
The payloads themselves are in the store and on the dead-letter topic; list --json prints them too, and show
prints one entry with its payload as JSON. Payloads hold personal data (names, national ids, phone numbers):
each read of them is recorded in the audit log.`;

const STATUSES: readonly DeadLetter['status'][] = ['open', 'redriven', 'discarded'];

async function list(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (values.status !== undefined && !STATUSES.includes(values.status as DeadLetter['status'])) {
    throw new UsageError(`--status must be one of: ${STATUSES.join(', ')}.`);
  }
  const limit = listLimit(values.limit);
  return withInfrastructure(env, async ({ store }) => {
    const letters = await store.listDeadLetters({
      limit, ...(values.status ? { status: values.status as DeadLetter['status'] } : {}),
    });
    if (values.json) {
      await auditRead(store, {
        action: 'dead_letter.list', target: 'dead-letters',
        details: { count: String(letters.length), ids: letters.map((l) => l.id.slice(0, 12)).join(' '), ...(values.status ? { status: values.status } : {}) },
      });
      for (const letter of letters) io.stdout(`${JSON.stringify(letter)}\n`);
    } else {
      io.stdout(table(['ID', 'WHEN', 'TOPIC', 'CODE', 'ATTEMPTS', 'STATUS', 'REASON'], letters.map((l) => [
        l.id.slice(0, 12), l.lastSeenAt, l.topic, l.code, String(l.attempts), l.status, l.reason,
      ])));
    }
    return 0;
  });
}

async function show(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length !== 1) throw new UsageError('Give one dead-letter id (or its first 12 characters, as list prints it).');
  const wanted = positionals[0]!.toLowerCase();
  if (!/^[0-9a-f]{12,64}$/.test(wanted)) throw new UsageError('A dead-letter id is 12 to 64 hex digits.');
  return withInfrastructure(env, async ({ store }) => {
    const letter = wanted.length === 64 ? await store.findDeadLetter(wanted)
      : (await store.listDeadLetters({ limit: 1000 })).find((l) => l.id.startsWith(wanted));
    if (!letter) {
      throw new HealthcredError('not_found', wanted.length === 64 ? `No dead letter ${wanted} in the store.`
        : `No dead letter ${wanted}... among the 1000 most recent: give its whole id (deadletter list --json).`);
    }
    await auditRead(store, { action: 'dead_letter.read', target: letter.id, details: { topic: letter.topic } });
    io.stdout(`${JSON.stringify(letter, null, 2)}\n`);
    return 0;
  });
}

/** `healthcred deadletter list|show`. */
export const deadletterCommand: Command = {
  name: 'deadletter',
  summary: 'List or show the messages the pipeline could not process',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    if (sub === 'list') return list(rest, io, env);
    if (sub === 'show') return show(rest, io, env);
    throw new UsageError(`Unknown subcommand "deadletter ${sub}".`);
  },
};
