import { readFileSync } from 'node:fs';
import type { Config } from '@healthcred/config';
import { loadDefaultDhis2Mapping, parseDhis2Mapping, type Dhis2Mapping } from '@healthcred/dhis2';
import { HealthcredError } from '@healthcred/errors';
import { holdIssuer, type IssuerHolder } from '@healthcred/credentials';
import { createSigningPool } from '@healthcred/issuance';
import {
  configuredIssuer, followIssuerKeyFile, loadDivocIssuer, loadIssuerKeys, openInfrastructure, type Infrastructure, type Logger,
} from '@healthcred/runtime';
import { openDhis2State, startConfiguredDhis2Sync, syncProgram, type ConfiguredDhis2Sync } from '@healthcred/runtime';
import { startMappingThread } from './dhis2-mapper.js';
import { atMostEvery } from './org-unit-facilities.js';
import { serveIssuerMetrics } from './metrics-server.js';
import { startIssuerService, type IssuerService } from './service.js';
import { registerDhis2SyncMetrics } from './sync-metrics.js';

/** Org units are refreshed from DHIS2 for an unknown one at most this often. */
const ORG_UNIT_REFRESH_MS = 60_000;

/** The DHIS2 mapping of this deployment: DHIS2_MAPPING_FILE, or the shipped DHIS2 COVAC mapping. */
export function loadMapping(config: Config): Dhis2Mapping {
  if (config.dhis2MappingFile === undefined) return loadDefaultDhis2Mapping();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(config.dhis2MappingFile, 'utf8'));
  } catch (cause) {
    throw new HealthcredError('invalid_input', `DHIS2_MAPPING_FILE ${config.dhis2MappingFile}: ${(cause as Error).message}`, { cause });
  }
  return parseDhis2Mapping(json, config.dhis2MappingFile);
}

/** A started issuer with what it opened, so the caller can shut it all down. */
export interface RunningIssuer {
  service: IssuerService;
  infrastructure: Infrastructure;
  /**
   * The issuer in force. `replace(keys)` changes the key of the next batch and of the signing threads at once, as a
   * change of the key file does (followed every 2 s).
   */
  issuer: IssuerHolder;
  /** The pull from DHIS2, when DHIS2_URL is set. */
  sync?: ConfiguredDhis2Sync;
  stop(): Promise<void>;
}

/**
 * Loads the key and the mapping, opens the configured store, bus and org unit directory, starts the issuer's
 * consumers and, when DHIS2_URL is set, the pull from DHIS2 (its metrics beside the consumers'). Shared by the
 * issuer's own entry point and by `npm start`, which runs it beside the API.
 */
export async function runIssuer(config: Config, logger: Logger): Promise<RunningIssuer> {
  const keys = loadIssuerKeys(config, logger);
  const divoc = loadDivocIssuer(config, logger);
  const issuer = holdIssuer(configuredIssuer(config, keys, divoc));
  const mapping = loadMapping(config);
  // A pull without a program to pull fails the start before anything is opened.
  if (config.dhis2Sync !== undefined) syncProgram(config.dhis2Sync, mapping);
  const { signingThreads, concurrency } = config.issuer;
  const infrastructure = await openInfrastructure(config, logger);
  const state = await openDhis2State(config, logger).catch(async (error: unknown) => {
    await infrastructure.close();
    throw error;
  });
  // From here on a failure must undo what was started: live signing threads would keep the process from exiting.
  // The DIVOC profile signs on this thread (node:crypto without JSON-LD expansion), so it starts no pool.
  // The threads draft credentials as the issuer builds them: its profile, taken from it.
  const { url, credentialFields, dataModel } = issuer.current();
  const signingPool = signingThreads > 0 && !divoc ? createSigningPool({
    url, keys, threads: signingThreads, ...(credentialFields ? { credentialFields } : {}), ...(dataModel ? { dataModel } : {}),
  }) : undefined;
  // With threads to spare, DHIS2 payloads are read and mapped on one of their own (the main thread looks up and stores).
  const dhis2Mapper = signingThreads > 0 ? startMappingThread(mapping) : undefined;
  // The threads hold their own copy of the key: each replace reaches them before it returns, ahead of the next batch.
  const stopPoolFollowing = signingPool ? issuer.onChange((change) => signingPool.reload(change.keys)) : () => undefined;
  const stopFollowing = followIssuerKeyFile({ config, logger, onChange: (rotated) => issuer.replace(rotated) });
  let sync: ConfiguredDhis2Sync | undefined;
  const release = async () => {
    stopFollowing();
    stopPoolFollowing();
    await sync?.loop.stop();
    await Promise.all([infrastructure.close(), state.close(), signingPool?.close(), dhis2Mapper?.close()]);
  };
  let service: IssuerService;
  try {
    // DHIS2 being away must not hold the pipeline up: without the refresh an unknown org unit is reported as such.
    const refresh = config.dhis2Sync === undefined ? undefined : atMostEvery(ORG_UNIT_REFRESH_MS, async () => {
      await sync?.refreshOrgUnits().catch((error: Error) => logger.warn({ reason: error.message },
        'could not refresh the org units from DHIS2'));
    });
    service = await startIssuerService({
      store: infrastructure.store, bus: infrastructure.bus, issuer, mapping, topics: config.topics, logger,
      limits: config.issuer, ...(signingPool ? { signingPool } : {}), ...(dhis2Mapper ? { dhis2Mapper } : {}),
      facilities: { orgUnits: state.orgUnits, ...(refresh ? { refresh } : {}) },
    }, { concurrency });
    if (config.dhis2Sync !== undefined) {
      sync = startConfiguredDhis2Sync({ config, sync: config.dhis2Sync, mapping, state, bus: infrastructure.bus, logger });
      registerDhis2SyncMetrics(service.metrics, sync.loop);
    }
  } catch (error) {
    await release();
    throw error;
  }
  logger.info({ tier: config.tier, did: issuer.current().did, key: issuer.current().signer.id, signingThreads, concurrency }, 'issuer started');
  return {
    service,
    infrastructure,
    issuer,
    ...(sync ? { sync } : {}),
    async stop() {
      await sync?.loop.stop();
      await service.stop();
      await release();
    },
  };
}

/**
 * Runs the issuer (with its metrics on ISSUER_METRICS_PORT when set) until SIGINT or SIGTERM, then stops it gracefully: the in-flight batches finish and are committed,
 * the consumers stop, the store and bus close. Resolves after the stop; rejects when it could not stop cleanly.
 */
export async function runIssuerUntilSignal(config: Config, logger: Logger): Promise<void> {
  const running = await runIssuer(config, logger);
  const { metricsPort } = config.issuer;
  const metrics = metricsPort === undefined ? undefined
    : await serveIssuerMetrics({ registry: running.service.metrics, port: metricsPort, logger }).catch(async (error: unknown) => {
      await running.stop();
      throw error;
    });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'stopping: finishing in-flight messages');
  metrics?.close();
  await running.stop();
  logger.info('issuer stopped');
}
