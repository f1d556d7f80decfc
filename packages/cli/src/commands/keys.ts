import {
  didWebFromUrl, generateIssuerKeySet, readIssuerKeyFile, rotateIssuerKey, writeIssuerKeyFile, activeIssuerKey,
} from '@healthcred/issuer-identity';
import { parseCommandArgs, requireFlag, UsageError, type Command, type Io } from '../command.js';

const DEFAULT_ISSUER_URL = 'http://localhost:8080';

const usage = `Usage:
  healthcred keys generate --out <issuer-key.json> [--did <did:web:...>] [--force]
  healthcred keys rotate --key <issuer-key.json>

generate  Creates an Ed25519 issuer key and writes it to a key file readable only by its owner (mode 0600).
          --did defaults to the did:web of ${DEFAULT_ISSUER_URL}. An existing file is never overwritten
          unless --force is given.
rotate    Adds a new active key to a key file and retires the current one. Retired keys stay in the DID
          document, so credentials they signed keep verifying. Publish the new DID document afterwards.

The private key is never printed. Keep the key file out of version control.`;

function describe(io: Io, path: string, set: ReturnType<typeof readIssuerKeyFile>): void {
  const active = activeIssuerKey(set);
  io.stdout(`Wrote ${path} (mode 0600)\n  DID:        ${set.did}\n  active key: ${active.id}\n` +
    `  keys:       ${set.keys.length} (${set.keys.length - 1} retired)\n`);
}

async function generate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {
    out: { type: 'string' }, did: { type: 'string' }, force: { type: 'boolean' },
  });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const out = requireFlag(values, 'out');
  const did = values.did ?? didWebFromUrl(DEFAULT_ISSUER_URL);
  const set = generateIssuerKeySet({ did });
  writeIssuerKeyFile(out, set, { overwrite: values.force ?? false });
  describe(io, out, set);
  return 0;
}

async function rotate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { key: { type: 'string' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const path = requireFlag(values, 'key');
  const set = rotateIssuerKey(readIssuerKeyFile(path));
  writeIssuerKeyFile(path, set, { overwrite: true });
  describe(io, path, set);
  return 0;
}

/** `healthcred keys generate|rotate`. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'Generate or rotate the issuer signing key',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'generate') return generate(rest, io);
    if (sub === 'rotate') return rotate(rest, io);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "keys ${sub}".`);
  },
};
