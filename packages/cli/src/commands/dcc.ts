import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildTrustList, createDccTestPki, type DccAlgorithm } from '@healthcred/dcc';
import { HealthcredError } from '@healthcred/errors';
import { parseCommandArgs, requireFlag, UsageError, type Command, type Io } from '../command.js';

const usage = `Usage:
  healthcred dcc keys --out <dir> --country <LK> [--algorithm ES256|PS256] [--days <365>] [--force]

keys  Makes a TEST EU DCC PKI: a self-signed CSCA and a Document Signer Certificate (DSC) it signed, with the
      EU DCC extended key usages, and writes to <dir>:
        csca.pem         the CSCA certificate (its private key is not kept)
        dsc.pem          the DSC certificate
        dsc-key.pem      the DSC private key, readable by its owner only (mode 0600)
        trust-list.json  the DSC as a trust list, for verifiers (healthcred verify --trust-list)
      Then prints the DCC_* variables that turn the EU DCC on. Existing files are never overwritten unless
      --force is given. For production, the country's CSCA issues the DSC: set DCC_DSC_CERT_FILE and
      DCC_DSC_KEY_FILE to its PEM files instead.

Options:
  --country <XX>      ISO 3166-1 alpha-2 country of both certificates, e.g. LK.
  --algorithm <alg>   ES256 (EC P-256 DSC, default) or PS256 (RSA-2048 DSC).
  --days <n>          Days the DSC is valid. Default 365 (the CSCA: 4 years, at least as long).

The private key is never printed. Keep it out of version control.`;

const FILES = ['csca.pem', 'dsc.pem', 'dsc-key.pem', 'trust-list.json'];
const ALGORITHMS: readonly DccAlgorithm[] = ['ES256', 'PS256'];

function validityDays(value: string | undefined): number {
  const days = value === undefined ? 365 : Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError('--days must be a whole number from 1 to 3650.');
  return days;
}

async function keys(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {
    out: { type: 'string' }, country: { type: 'string' }, algorithm: { type: 'string' }, days: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const out = resolve(requireFlag(values, 'out'));
  const country = requireFlag(values, 'country').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new UsageError('--country must be an ISO 3166-1 alpha-2 code, e.g. LK.');
  const algorithm = (values.algorithm ?? 'ES256').toUpperCase() as DccAlgorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new UsageError('--algorithm must be ES256 or PS256.');
  const dscDays = validityDays(values.days);
  const existing = FILES.map((name) => join(out, name)).filter((path) => existsSync(path));
  if (existing.length > 0 && !values.force) {
    throw new HealthcredError('conflict', `${existing.join(', ')} already exist; refusing to overwrite keys (use --force).`);
  }
  const pki = createDccTestPki({ country, algorithm, dscValidityDays: dscDays, cscaValidityDays: Math.max(1461, dscDays) });
  mkdirSync(out, { recursive: true });
  const keyPath = join(out, 'dsc-key.pem');
  rmSync(keyPath, { force: true });
  writeFileSync(keyPath, pki.dsc.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(join(out, 'csca.pem'), pki.csca.certificatePem);
  writeFileSync(join(out, 'dsc.pem'), pki.dsc.certificatePem);
  const [entry] = buildTrustList([pki.dsc.certificatePem]);
  writeFileSync(join(out, 'trust-list.json'), `${JSON.stringify([entry], null, 2)}\n`);
  io.stdout(`Wrote a TEST EU DCC PKI to ${out} (${algorithm}, DSC valid ${dscDays} days, kid ${entry!.kid}):\n` +
    `  csca.pem, dsc.pem, dsc-key.pem (mode 0600), trust-list.json\n\nTo issue EU DCCs with it, set:\n` +
    `DCC_DSC_CERT_FILE=${join(out, 'dsc.pem')}\nDCC_DSC_KEY_FILE=${keyPath}\nDCC_COUNTRY=${country}\n`);
  return 0;
}

/** `healthcred dcc keys`. */
export const dccCommand: Command = {
  name: 'dcc',
  summary: 'Make a test EU DCC signing PKI (CSCA, DSC, trust list)',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'keys') return keys(rest, io);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "dcc ${sub}".`);
  },
};
