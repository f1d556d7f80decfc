import { normalizeCertificateId } from '@healthcred/credentials';
import { erasableEventLog, eraseHolder } from '@healthcred/issuance';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { cliActor, withInfrastructure } from './operations.js';

const usage = `Usage:
  healthcred subject erase <certificate id> --reason <text>

Erases the personal data of the person holding the certificate, in the configured store (HEALTHCRED_DATA_DIR, or
MongoDB when HEALTHCRED_TIER=national): every certificate of the person keeps only its ids, its status-list position
(it stays revoked: a verifier reading the list sees it revoked) and the programme counts' facts; citizen lookups then
answer as for an unknown id; dead letters holding the person's registry id, or name and birth date, are deleted, and
so are such messages of the embedded event log (events.sqlite; Kafka forgets by its retention). On SQLite the files
are vacuumed so no copy is left in them. Written to the audit log with the reason (which must not hold
the person's name or birth date). It cannot be undone.`;

async function erase(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reason: { type: 'string' } }, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length !== 1) throw new UsageError('Give one certificate id.');
  const certificateId = normalizeCertificateId(positionals[0]!);
  if (!certificateId) throw new UsageError('A certificate id looks like 7K3M-9QXP-2RB4.');
  const reason = values.reason?.trim() ?? '';
  if (reason.length < 3 || reason.length > 500) throw new UsageError('--reason is required (3 to 500 characters).');
  return withInfrastructure(env, async ({ store, bus }) => {
    io.stderr(`erasing the holder of ${certificateId} ...\n`);
    const { erasure } = await eraseHolder({ certificateId, reason, actor: cliActor() }, store, erasableEventLog(bus));
    io.stdout(`erased ${erasure.certificateIds.length} certificate(s) (${erasure.certificateIds.join(', ')}), now revoked; `
      + `${erasure.deadLetters} dead letter(s) deleted${erasure.messages === undefined ? '' : `, ${erasure.messages} event-log message(s)`}\n`);
    if (erasure.walTruncated === false) {
      io.stderr('warning: store.sqlite-wal could not be truncated (another process kept reading); older copies stay in it until its next checkpoint\n');
    }
    return 0;
  });
}

/** `healthcred subject erase`. */
export const subjectCommand: Command = {
  name: 'subject',
  summary: 'Erase a person\'s personal data (their certificates stay revoked)',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === 'erase') return erase(rest, io, env);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "subject ${sub}".`);
  },
};
