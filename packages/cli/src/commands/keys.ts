import {
  didWebFromUrl, generateIssuerKeySet, inactiveKeysWithSecrets, readIssuerKeyFile, rotateIssuerKey, writeIssuerKeyFile,
} from '@healthcred/issuer-identity';
import { parseCommandArgs, requireFlag, UsageError, type Command, type Io } from '../command.js';
import { DEFAULT_ISSUER_URL, describeKeys, usage } from './keys-common.js';
import { importDivoc } from './keys-divoc.js';
import { reissueRevoked, revoke } from './keys-revoke.js';
import { cliActor, withStore } from './operations.js';

async function generate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, {
    out: { type: 'string' }, did: { type: 'string' }, force: { type: 'boolean' },
  });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const out = requireFlag(values, 'out');
  const did = values.did ?? didWebFromUrl(DEFAULT_ISSUER_URL);
  const set = generateIssuerKeySet({ did });
  writeIssuerKeyFile(out, set, { overwrite: values.force ?? false });
  describeKeys(io, out, set);
  return 0;
}

async function rotate(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(args, { key: { type: 'string' }, reason: { type: 'string' } });
  if (values.help) return io.stdout(`${usage}\n`), 0;
  const path = requireFlag(values, 'key');
  const reason = values.reason?.trim() || 'key rotation (healthcred keys rotate)';
  return withStore(env, async (store) => {
    const current = readIssuerKeyFile(path);
    const set = rotateIssuerKey(current);
    writeIssuerKeyFile(path, set, { overwrite: true });
    const [active, ...others] = set.keys.map((key) => key.id);
    await store.appendAudit({
      at: new Date().toISOString(), actor: cliActor(), action: 'keys.rotate', target: set.did, reason,
      details: { active: active!, retired: others.join(' ') },
    });
    describeKeys(io, path, set, inactiveKeysWithSecrets(current));
    return 0;
  });
}

/** `healthcred keys generate|rotate|revoke|reissue-revoked|import-divoc`. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'Generate, rotate or revoke the issuer signing key; import a DIVOC key',
  usage,
  async run(args, io, env = {}) {
    const [sub, ...rest] = args;
    if (sub === 'generate') return generate(rest, io);
    if (sub === 'rotate') return rotate(rest, io, env);
    if (sub === 'revoke') return revoke(rest, io, env);
    if (sub === 'reissue-revoked') return reissueRevoked(rest, io, env);
    if (sub === 'import-divoc') return importDivoc(rest, io);
    if (sub === undefined || sub === '--help' || sub === '-h') return io.stdout(`${usage}\n`), 0;
    throw new UsageError(`Unknown subcommand "keys ${sub}".`);
  },
};
