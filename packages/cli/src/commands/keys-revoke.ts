import type { Config } from '@healthcred/config';
import { createIssuer, holdIssuer } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { reissueKeyCertificates, type KeyReissueProgress } from '@healthcred/issuance';
import {
  activeIssuerKey, inactiveKeysWithSecrets, readIssuerKeyFile, revokeIssuerKey, writeIssuerKeyFile, type IssuerKey,
  type IssuerKeySet,
} from '@healthcred/issuer-identity';
import type { CredentialStore } from '@healthcred/store';
import { parseCommandArgs, requireFlag, UsageError, type Io } from '../command.js';
import { describeKeys, usage } from './keys-common.js';
import { cliActor, withStore } from './operations.js';

const OPTIONS = { key: { type: 'string' }, settle: { type: 'string' } } as const;

function settleMs(value: string | undefined): number {
  const seconds = value === undefined ? 5 : Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600) throw new UsageError('--settle must be 0 to 600 seconds.');
  return Math.round(seconds * 1000);
}

/** The key file's keys, checked to belong to the DID the configured issuer signs for. */
function readKeys(path: string, config: Config): IssuerKeySet {
  const keys = readIssuerKeyFile(path);
  if (keys.did !== config.issuerDid) {
    throw new HealthcredError('key_error',
      `The key file belongs to ${keys.did}, but ISSUER_DID (or ISSUER_URL) says ${config.issuerDid}.`);
  }
  return keys;
}

interface ReissueDeps { store: CredentialStore; config: Config; settle: number; path: string }

/** Re-issues what `key` signed under the set's active key, with progress lines on stderr. */
async function reissue(key: IssuerKey, keys: IssuerKeySet, deps: ReissueDeps, io: Io): Promise<KeyReissueProgress> {
  const line = (p: KeyReissueProgress) => `${p.reissued} of ${p.total} certificates (${p.perSecond}/s)`;
  io.stderr(`Re-issuing the certificates signed by ${key.id} ...\n`);
  const result = await reissueKeyCertificates({
    keyId: key.id, reason: key.revocationReason ?? 'key revoked', actor: cliActor(), settleMs: deps.settle,
    onProgress: (progress) => progress.done || io.stderr(`  re-issued ${line(progress)}\n`),
  }, { store: deps.store, issuer: holdIssuer(createIssuer({ keys, url: deps.config.issuerUrl, credentialFields: deps.config.credentialFields, ...(deps.config.credentialProfile === 'vc2' ? { dataModel: 'vc2' as const } : {}) })) }).catch((error: unknown) => {
    io.stderr(`The re-issue stopped; continue it with: healthcred keys reissue-revoked --key ${deps.path}\n`);
    throw error;
  });
  io.stdout(`Re-issued ${line(result)} in ${result.seconds} s; ${result.skipped} replaced meanwhile, ` +
    `${result.failed} failed, ${result.suspended} suspended left as they are (re-issue each when reinstated).\n`);
  if (result.failed > 0) io.stderr(`${result.failed} certificates could not be re-issued and still carry the revoked key.\n`);
  return result;
}

/** `healthcred keys revoke <key id> --key <file> --reason <text>`: revoke, audit, then re-issue to completion. */
export async function revoke(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...OPTIONS, reason: { type: 'string' } }, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length !== 1) throw new UsageError('Give the id of the key to revoke.');
  const path = requireFlag(values, 'key');
  const reason = requireFlag(values, 'reason');
  const settle = settleMs(values.settle);
  return withStore(env, async (store, config) => {
    const current = readKeys(path, config);
    const keys = revokeIssuerKey(current, { keyId: positionals[0]!, reason });
    const key = keys.keys.find((k) => k.id === positionals[0] || k.publicKeyMultibase === positionals[0])!;
    writeIssuerKeyFile(path, keys, { overwrite: true });
    await store.appendAudit({
      at: key.revoked!, actor: cliActor(), action: 'keys.revoke', target: key.id, reason: key.revocationReason!,
      details: { did: keys.did, active: activeIssuerKey(keys).id },
    });
    io.stdout(`Revoked ${key.id}\n`);
    describeKeys(io, path, keys, inactiveKeysWithSecrets(current));
    const result = await reissue(key, keys, { store, config, settle, path }, io);
    return result.failed > 0 ? 1 : 0;
  });
}

/** `healthcred keys reissue-revoked --key <file> [<key id>]`: resumes the re-issue of revoked keys. */
export async function reissueRevoked(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  if (values.help) return io.stdout(`${usage}\n`), 0;
  if (positionals.length > 1) throw new UsageError('Give at most one key id.');
  const path = requireFlag(values, 'key');
  const settle = settleMs(values.settle);
  return withStore(env, async (store, config) => {
    const keys = readKeys(path, config);
    const wanted = positionals[0];
    const named = (k: IssuerKey) => wanted === undefined || k.id === wanted || k.publicKeyMultibase === wanted;
    const revoked = keys.keys.filter((k) => k.status === 'revoked' && named(k));
    if (revoked.length === 0) {
      throw new HealthcredError('not_found', `${path} has no revoked key${wanted === undefined ? '' : ` ${wanted}`}.`);
    }
    let failed = 0;
    for (const key of revoked) failed += (await reissue(key, keys, { store, config, settle, path }, io)).failed;
    return failed > 0 ? 1 : 0;
  });
}
