import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Config, DccConfig } from '@healthcred/config';
import { loadDefaultDccValueSets, loadDsc, parseDccValueSets, parseTrustList } from '@healthcred/dcc';
import { holdIssuer, type IssuerHolder } from '@healthcred/credentials';
import { readHealthcredContexts } from '@healthcred/document-loader';
import {
  followIssuerKeyFile, loadIssuer, loadStatsMapping, loadTrustedIssuers, openDhis2State, openInfrastructure,
  revokeIssuerKeyFile, rotateIssuerKeyFile, startRetentionSweep, startStatsPush, type Dhis2State, type Logger,
} from '@healthcred/runtime';
import { webRoot } from '@healthcred/web';
import { HealthcredError } from '@healthcred/errors';
import { createApp } from './app.js';
import { startCpuWork } from './cpu-work.js';
import type { DccDeps } from './routes/dcc.js';

/** A listening API with what it opened. */
export interface RunningApi {
  server: Server;
  stop(): Promise<void>;
}

function readConfigFile(path: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HealthcredError('invalid_input', `${variable}: cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`, { cause });
  }
}

/** The DSC, value sets and trusted DSCs the DCC_* variables name; fails at startup when one is unusable. */
export function loadDccDeps(config: DccConfig): DccDeps {
  const signer = loadDsc({
    certificatePem: readConfigFile(config.dscCertificateFile, 'DCC_DSC_CERT_FILE'),
    privateKeyPem: readConfigFile(config.dscKeyFile, 'DCC_DSC_KEY_FILE'),
  });
  if (signer.country !== undefined && signer.country !== config.country) {
    throw new HealthcredError('key_error', `The DSC is for country ${signer.country}, but DCC_COUNTRY is ${config.country}.`);
  }
  const read = (path: string | undefined, variable: string): unknown => {
    if (path === undefined) return undefined;
    try {
      return JSON.parse(readConfigFile(path, variable));
    } catch (cause) {
      if (cause instanceof HealthcredError) throw cause;
      throw new HealthcredError('invalid_input', `${variable}: ${path} is not JSON.`, { cause });
    }
  };
  const valueSets = read(config.valueSetsFile, 'DCC_VALUE_SETS_FILE');
  const trustList = read(config.trustListFile, 'DCC_TRUST_LIST_FILE');
  return {
    signer, country: config.country, issuerName: config.issuerName, validityDays: config.validityDays,
    valueSets: valueSets === undefined ? loadDefaultDccValueSets() : parseDccValueSets(valueSets),
    trustList: trustList === undefined ? [] : parseTrustList(trustList),
  };
}

/**
 * Opens the configured store and bus and listens on PORT. Shared by the API's entry point and `npm start`, which
 * passes the issuer's `metrics` to be served on `/metrics` too, and its `issuer`: a key rotated or revoked through
 * the admin API is then in force for the pipeline's signing threads before the answer goes out.
 */
export async function runApi(config: Config, logger: Logger, options: { metrics?: Registry[]; issuer?: IssuerHolder } = {}):
Promise<RunningApi> {
  const issuer = options.issuer ?? holdIssuer(loadIssuer(config, logger));
  const dcc = config.dcc && loadDccDeps(config.dcc);
  const statsMapping = loadStatsMapping(config.stats);
  const trustList = loadTrustedIssuers({ config, issuer, logger });
  // Following the trust list file would keep a process that failed to start from exiting.
  const infrastructure = await openInfrastructure(config, logger).catch((error: unknown) => {
    trustList.stop();
    throw error;
  });
  const { port: _port, ...settings } = config.api;
  const stopFollowing = followIssuerKeyFile({ config, logger, onChange: (keys) => issuer.replace(keys) });
  const rotateKeys = () => {
    const keys = rotateIssuerKeyFile(config, new Date(), logger);
    issuer.replace(keys);
    return keys;
  };
  const revokeKey = (keyId: string, reason: string) => {
    const keys = revokeIssuerKeyFile(config, { keyId, reason, logger });
    issuer.replace(keys);
    return keys;
  };
  const dhis2: Dhis2State | undefined = config.stats.orgUnitLevel === undefined ? undefined : await openDhis2State(config, logger);
  const stopSweep = startRetentionSweep({ store: infrastructure.store, retention: config.retention, logger });
  const stopPush = statsMapping && config.dhis2Sync && config.stats.pushMinutes !== undefined
    ? startStatsPush({
      store: infrastructure.store, stats: config.stats, mapping: statsMapping, dhis2: config.dhis2Sync, logger,
      ...(dhis2 ? { orgUnits: dhis2.orgUnits } : {}),
    })
    : undefined;
  const work = startCpuWork(settings.work);
  const app = createApp({
    work, store: infrastructure.store, bus: infrastructure.bus, topics: config.topics, issuer, settings,
    contexts: readHealthcredContexts(), payloadLimitBytes: config.issuer.payloadLimitBytes, logger,
    authority: config.authority, trustList, divocNamespaces: config.divocNamespaces,
    ...(webRoot === undefined ? {} : { webRoot }), ...(dcc ? { dcc } : {}),
    ...(config.issuerKey.json === undefined ? { rotateKeys, revokeKey } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    stats: config.stats, ...(dhis2 ? { orgUnits: dhis2.orgUnits } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    // Express passes a listening error (the port taken) to this callback, not as an event.
    const listening = app.listen(config.api.port, (error?: Error) => (error ? reject(error) : resolve(listening)));
  }).catch(async (error: NodeJS.ErrnoException) => {
    stopFollowing();
    trustList.stop();
    await work.close();
    await infrastructure.close();
    throw new HealthcredError('unavailable', `PORT ${config.api.port} cannot be listened on (${error.code ?? error.message}).`, { cause: error });
  });
  logger.info({ port: config.api.port, url: config.issuerUrl, dcc: config.dcc !== undefined }, 'API listening');
  return {
    server,
    async stop() {
      stopFollowing();
      stopSweep();
      stopPush?.();
      trustList.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await work.close();
      await infrastructure.close();
      await dhis2?.close();
    },
  };
}
