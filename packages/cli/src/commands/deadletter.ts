import type { DeadLetter } from '@healthcred/store';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { listLimit, table, withInfrastructure } from './operations.js';

const usage = `Usage: healthcred deadletter list [--status open|redriven|discarded] [--limit N] [--json]

Lists what the pipeline could not process: when, the topic, the error code, the reason, the attempts.
Reads the configured store (HEALTHCRED_DATA_DIR, default ./data; or MongoDB when HEALTHCRED_TIER=national).
The payloads themselves are in the store and on the dead-letter topic; --json prints them too.`;

const STATUSES: readonly DeadLetter['status'][] = ['open', 'redriven', 'discarded'];

/** `healthcred deadletter list`. */
export const deadletterCommand: Command = {
  name: 'deadletter',
  summary: 'List the messages the pipeline could not process',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    if (sub !== 'list') throw new UsageError(`Unknown subcommand "deadletter ${sub}".`);
    const { values } = parseCommandArgs(rest, { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
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
        for (const letter of letters) io.stdout(`${JSON.stringify(letter)}\n`);
      } else {
        io.stdout(table(['WHEN', 'TOPIC', 'CODE', 'ATTEMPTS', 'STATUS', 'REASON'], letters.map((l) => [
          l.lastSeenAt, l.topic, l.code, String(l.attempts), l.status, l.reason,
        ])));
      }
      return 0;
    });
  },
};
