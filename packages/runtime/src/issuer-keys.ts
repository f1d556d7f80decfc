import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '@healthcred/config';
import { createIssuer, type DivocIssuer, type Issuer } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import {
  generateIssuerKeySet, inactiveKeysWithSecrets, parseIssuerKeyFile, readIssuerKeyFile, writeIssuerKeyFile, type IssuerKeySet,
} from '@healthcred/issuer-identity';
import { fileError, restrictPermissions } from './data-dir.js';
import { loadDivocIssuer } from './divoc-issuer.js';
import type { Logger } from './logger.js';

function parseKeyJson(json: string): IssuerKeySet {
  try {
    return parseIssuerKeyFile(JSON.parse(json), 'HEALTHCRED_ISSUER_KEY');
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new HealthcredError('key_error', 'HEALTHCRED_ISSUER_KEY is not valid JSON.');
    }
    throw error;
  }
}

function checkDid(keys: IssuerKeySet, config: Config): IssuerKeySet {
  if (keys.did !== config.issuerDid) {
    throw new HealthcredError('key_error',
      `The issuer key belongs to ${keys.did}, but ISSUER_DID (or ISSUER_URL) says ${config.issuerDid}.`);
  }
  return keys;
}

/**
 * The configured issuer key set if there is one (HEALTHCRED_ISSUER_KEY, or an existing key file), without creating
 * any: for commands that only need the issuer's public keys (its own trust entry).
 *
 * @throws HealthcredError `key_error` when the configured key is unusable, or its DID is not ISSUER_DID.
 */
export function readConfiguredIssuerKeys(config: Config): IssuerKeySet | undefined {
  if (config.issuerKey.json !== undefined) return checkDid(parseKeyJson(config.issuerKey.json), config);
  return existsSync(config.issuerKey.file) ? checkDid(readIssuerKeyFile(config.issuerKey.file), config) : undefined;
}

/**
 * The issuer's key set: from HEALTHCRED_ISSUER_KEY when set, else from the key file. When the file does not exist
 * and development keys are allowed (the embedded tier's default), a key is generated and saved (mode 0600) so the
 * next start reuses it. An existing key file readable by others is made 0600 (and logged). Warns when the keys still
 * hold private parts of retired keys (an older key file).
 *
 * @throws HealthcredError `key_error` when no usable key is configured, or its DID is not ISSUER_DID.
 */
export function loadIssuerKeys(config: Config, logger: Logger): IssuerKeySet {
  if (config.issuerKey.json === undefined) restrictPermissions(config.issuerKey.file, 0o600, logger);
  const configured = readConfiguredIssuerKeys(config);
  if (configured) {
    const stale = inactiveKeysWithSecrets(configured);
    if (stale.length > 0) {
      logger.warn({ keys: stale }, 'the issuer key holds the private part of retired keys (written by an earlier version); '
        + 'the next `healthcred keys rotate` or `revoke` deletes them');
    }
    return configured;
  }
  if (!config.createDevKey) {
    throw new HealthcredError('key_error',
      `No issuer key: ${config.issuerKey.file} does not exist and HEALTHCRED_ISSUER_KEY is not set ` +
      '(create one with: healthcred keys generate --out <file> --did <ISSUER_DID>).');
  }
  try {
    mkdirSync(dirname(config.issuerKey.file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError(`Cannot create ${dirname(config.issuerKey.file)} for the development key`, error);
  }
  const keys = generateIssuerKeySet({ did: config.issuerDid });
  writeIssuerKeyFile(config.issuerKey.file, keys);
  logger.warn({ file: config.issuerKey.file, did: keys.did },
    'created a development issuer key; give a real key (HEALTHCRED_ISSUER_KEY_FILE) in production');
  return keys;
}

/**
 * The signing issuer of this deployment from its key set: its credentials carry the configured optional fields,
 * its data model, or the DIVOC profile's form.
 */
export function configuredIssuer(config: Config, keys: IssuerKeySet, divoc: DivocIssuer | undefined): Issuer {
  return createIssuer({
    keys, url: config.issuerUrl, credentialFields: config.credentialFields, ...(divoc ? { divoc } : {}),
    ...(config.credentialProfile === 'vc2' ? { dataModel: 'vc2' as const } : {}),
  });
}

/** The signing issuer of this deployment, from its configured key (see {@link configuredIssuer}). */
export function loadIssuer(config: Config, logger: Logger): Issuer {
  return configuredIssuer(config, loadIssuerKeys(config, logger), loadDivocIssuer(config, logger));
}
