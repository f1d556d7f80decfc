import { normalizeCertificateId } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import type { CertificateStatus } from '@healthcred/store';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { auditRead, listLimit, table, withInfrastructure } from './operations.js';

const usage = `Usage:
  healthcred certificates list [--status issued|revoked|suspended] [--limit N] [--after <certificate id>] [--json]
  healthcred certificates show <certificate id>

Reads the configured store (HEALTHCRED_DATA_DIR, default ./data; or MongoDB when HEALTHCRED_TIER=national).
list   One line per certificate: id, status, kind, dose, source key, issued at. --json prints JSON lines.
show   The certificate's record in the store and its signed credential, as JSON (personal data: the read is
       recorded in the audit log).`;

const STATUSES: readonly CertificateStatus[] = ['issued', 'revoked', 'suspended'];

function dose(credential: object | null): string {
  const evidence = (credential as { evidence?: { dose?: number; totalDoses?: number }[] } | null)?.evidence?.[0];
  return evidence?.dose === undefined ? '-' : `${evidence.dose}/${evidence.totalDoses ?? '?'}`;
}

async function list(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, {
    status: { type: 'string' }, limit: { type: 'string' }, after: { type: 'string' }, json: { type: 'boolean' },
  });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (values.status !== undefined && !STATUSES.includes(values.status as CertificateStatus)) {
    throw new UsageError(`--status must be one of: ${STATUSES.join(', ')}.`);
  }
  const limit = listLimit(values.limit);
  return withInfrastructure(env, async ({ store }) => {
    const certificates = await store.list({
      limit, ...(values.after ? { after: values.after } : {}),
      ...(values.status ? { status: values.status as CertificateStatus } : {}),
    });
    if (values.json) {
      for (const c of certificates) {
        io.stdout(`${JSON.stringify({
          certificateId: c.certificateId, status: c.status, kind: c.kind, dose: dose(c.credential),
          sourceKey: c.sourceKey, issuedAt: c.issuedAt, supersededBy: c.supersededBy, supersedes: c.supersedes,
        })}\n`);
      }
      return 0;
    }
    io.stdout(table(['CERTIFICATE', 'STATUS', 'KIND', 'DOSE', 'SOURCE KEY', 'ISSUED AT'], certificates.map((c) => [
      c.certificateId, c.status, c.kind, dose(c.credential), c.sourceKey, c.issuedAt,
    ])));
    io.stderr(`${certificates.length} shown, ${await store.count()} in the store\n`);
    return 0;
  });
}

async function show(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length !== 1) throw new UsageError('Give one certificate id.');
  const id = normalizeCertificateId(positionals[0]!);
  if (!id) throw new UsageError('A certificate id looks like 7K3M-9QXP-2RB4.');
  return withInfrastructure(env, async ({ store }) => {
    const certificate = await store.findByCertificateId(id);
    if (!certificate) throw new HealthcredError('not_found', `No certificate ${id} in the store.`);
    await auditRead(store, { action: 'certificate.read', target: id });
    io.stdout(`${JSON.stringify(certificate, null, 2)}\n`);
    return 0;
  });
}

/** `healthcred certificates list|show`. */
export const certificatesCommand: Command = {
  name: 'certificates',
  summary: 'List or show the certificates in the store',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, io, env);
    if (sub === 'show') return show(rest, io, env);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "certificates ${sub}".`);
  },
};
