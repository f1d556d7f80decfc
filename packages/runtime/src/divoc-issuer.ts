import type { Config } from '@healthcred/config';
import { existsSync } from 'node:fs';
import { createDivocIssuer, divocTrustEntryOf, type DivocIssuer } from '@healthcred/credentials';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import { readDivocKeyFile } from '@healthcred/issuer-identity';
import { restrictPermissions } from './data-dir.js';
import type { DivocTrustedIssuer } from '@healthcred/types';
import type { Logger } from './logger.js';

/**
 * The DIVOC profile's signing when the deployment issues DIVOC credentials (HEALTHCRED_CREDENTIAL_PROFILE=divoc):
 * the country's key from the DIVOC key file (tightened to 0600 if looser), under the configured profile. Undefined
 * for the healthcred profile.
 *
 * @throws HealthcredError `key_error` when the key file is missing (saying how to import one) or invalid.
 */
export function loadDivocIssuer(config: Config, logger: Logger): DivocIssuer | undefined {
  const settings = config.divocIssuing;
  if (settings === undefined) return undefined;
  const { keyFile, ...profile } = settings;
  restrictPermissions(keyFile, 0o600, logger);
  let key;
  try {
    key = readDivocKeyFile(keyFile);
  } catch (error) {
    if (isHealthcredError(error) && error.code === 'key_error' && /Cannot read/.test(error.message)) {
      throw new HealthcredError('key_error', `${error.message} (HEALTHCRED_CREDENTIAL_PROFILE=divoc signs with the country's DIVOC key: `
        + 'import it with healthcred keys import-divoc --key-id <id> --pem <file> --out <HEALTHCRED_DIVOC_KEY_FILE>).', { cause: error });
    }
    throw error;
  }
  logger.info({ keyId: key.keyId, type: key.type, namespace: profile.namespaceUrl }, 'DIVOC credential profile: signing with the DIVOC key');
  return createDivocIssuer({ profile, key, divocNamespaces: config.divocNamespaces });
}

/**
 * This deployment's own DIVOC trust entry for a command that verifies once (`healthcred verify`): under the DIVOC
 * profile with its key file present, the public key under its key id, the namespaces and the API's revocation route;
 * else undefined. Nothing is created or tightened.
 *
 * @throws HealthcredError `key_error` when the key file is invalid.
 */
export function readConfiguredDivocEntry(config: Config): DivocTrustedIssuer | undefined {
  const settings = config.divocIssuing;
  if (settings === undefined || !existsSync(settings.keyFile)) return undefined;
  const { keyFile, ...profile } = settings;
  const divoc = createDivocIssuer({ profile, key: readDivocKeyFile(keyFile), divocNamespaces: config.divocNamespaces });
  return divocTrustEntryOf(divoc, config.authority, config.issuerUrl);
}
