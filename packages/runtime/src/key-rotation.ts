import { unwatchFile, watchFile } from 'node:fs';
import type { Config } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';
import {
  inactiveKeysWithSecrets, readIssuerKeyFile, revokeIssuerKey, rotateIssuerKey, writeIssuerKeyFile, type IssuerKeySet,
} from '@healthcred/issuer-identity';
import type { Logger } from './logger.js';

/** Key ids of a set, active first, for logs (never key material). */
function keyIds(keys: IssuerKeySet): string[] {
  return keys.keys.map((key) => `${key.id} (${key.status})`);
}

/**
 * Follows the issuer key file (HEALTHCRED_ISSUER_KEY_FILE): when it changes (a rotation by `healthcred keys rotate`,
 * by the admin API of another replica, or a secret update), `onChange` gets the new key set (for the process's
 * `IssuerHolder.replace`), so every process of a deployment signs and publishes the new key within `intervalMs`. A file that does not parse is logged and ignored:
 * the process keeps its keys. Returns a function that stops following. With keys from HEALTHCRED_ISSUER_KEY, there
 * is no file to follow: rotation is a redeployment.
 */
export function followIssuerKeyFile(options: {
  config: Config; logger: Logger; onChange: (keys: IssuerKeySet) => void; intervalMs?: number;
}): () => void {
  const { config, logger } = options;
  if (config.issuerKey.json !== undefined) return () => undefined;
  const file = config.issuerKey.file;
  const listener = () => {
    try {
      const keys = readIssuerKeyFile(file);
      options.onChange(keys);
      logger.info({ keys: keyIds(keys) }, 'issuer keys reloaded');
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'the issuer key file changed but cannot be used; keeping the current keys');
    }
  };
  watchFile(file, { interval: options.intervalMs ?? 2000 }, (current, previous) => {
    if (current.mtimeMs !== previous.mtimeMs && current.mtimeMs > 0) listener();
  });
  return () => unwatchFile(file);
}

/** Reads the key file, changes the set and writes it back (deleting every private part but the active key's). */
function rewriteKeyFile(config: Config, change: (keys: IssuerKeySet) => IssuerKeySet, logger: Logger | undefined): IssuerKeySet {
  if (config.issuerKey.json !== undefined) {
    throw new HealthcredError('conflict',
      'The issuer keys come from HEALTHCRED_ISSUER_KEY: change them with `healthcred keys rotate|revoke` and redeploy.');
  }
  const current = readIssuerKeyFile(config.issuerKey.file);
  const changed = change(current);
  writeIssuerKeyFile(config.issuerKey.file, changed, { overwrite: true });
  const deleted = inactiveKeysWithSecrets(current);
  if (deleted.length > 0) {
    logger?.warn({ file: config.issuerKey.file, keys: deleted },
      'deleted the private part of retired keys from the issuer key file (kept there by an earlier version)');
  }
  return changed;
}

/**
 * Rotates the issuer key in the key file: a new active key, the old one retired but still published (credentials it
 * signed keep verifying); no private part but the new key's stays in the file. Returns the new set; the caller
 * puts it in force (`IssuerHolder.replace`; other processes follow the file).
 * @param logger - Told when the file still held private parts of retired keys (now deleted).
 * @throws HealthcredError `conflict` when the keys come from HEALTHCRED_ISSUER_KEY (no file to rotate);
 *   `key_error` when the file cannot be read or written.
 */
export function rotateIssuerKeyFile(config: Config, now: Date = new Date(), logger?: Logger): IssuerKeySet {
  return rewriteKeyFile(config, (keys) => rotateIssuerKey(keys, { now }), logger);
}

/**
 * Revokes a key in the key file ({@link revokeIssuerKey}: revoking the active key makes a fresh one first). Returns
 * the new set; the caller puts it in force (`IssuerHolder.replace`; others follow the file) and then re-issues what
 * the key signed.
 * @param options.logger - Told when the file still held private parts of retired keys (now deleted).
 * @throws HealthcredError `conflict` when the keys come from HEALTHCRED_ISSUER_KEY or the key is already revoked;
 *   `not_found` for a key not in the file; `invalid_input` for a missing reason; `key_error` on a read or write failure.
 */
export function revokeIssuerKeyFile(config: Config, options: { keyId: string; reason: string; now?: Date; logger?: Logger }): IssuerKeySet {
  return rewriteKeyFile(config, (keys) => revokeIssuerKey(keys, {
    keyId: options.keyId, reason: options.reason, ...(options.now ? { now: options.now } : {}),
  }), options.logger);
}
