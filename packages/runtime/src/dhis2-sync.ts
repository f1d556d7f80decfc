import type { EventBus } from '@healthcred/bus';
import type { Config, Dhis2SyncConfig } from '@healthcred/config';
import type { Dhis2Mapping } from '@healthcred/dhis2';
import {
  Dhis2Client, Dhis2Http, startDhis2SyncLoop, type Dhis2SyncLoop, type SyncProgress,
} from '@healthcred/dhis2-client';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import type { Dhis2State } from './dhis2-state.js';
import type { Logger } from './logger.js';

/** A configured pull from DHIS2: the loop, and a refresh of the org unit directory for look-ups that miss. */
export interface ConfiguredDhis2Sync {
  loop: Dhis2SyncLoop;
  program: string;
  /** Saves DHIS2's current org units into the directory. */
  refreshOrgUnits(): Promise<void>;
}

/** Options of {@link startConfiguredDhis2Sync}. */
export interface ConfiguredDhis2SyncOptions {
  config: Config;
  /** The pull settings: `config.dhis2Sync`, or the CLI's. */
  sync: Dhis2SyncConfig;
  mapping: Dhis2Mapping;
  state: Dhis2State;
  bus: EventBus;
  logger: Logger;
  /** One pull, then stop (`healthcred dhis2 sync --once`). */
  once?: boolean;
  onPage?(progress: SyncProgress): void;
}

/** The program to pull: DHIS2_PROGRAM, else the mapping's first. @throws HealthcredError `invalid_input` when neither. */
export function syncProgram(sync: Dhis2SyncConfig, mapping: Dhis2Mapping): string {
  const program = sync.program ?? mapping.programs[0];
  if (program === undefined) {
    throw new HealthcredError('invalid_input', 'DHIS2_PROGRAM is required: the DHIS2 mapping names no program to pull.');
  }
  return program;
}

/**
 * Starts pulling the configured program from DHIS2 onto the DHIS2 topic (see `startDhis2SyncLoop`), logging each
 * retry, each pull and each failure (a 401/403 as an error that stops the loop), never the credentials.
 * @throws HealthcredError `invalid_input` when no program can be chosen.
 */
export function startConfiguredDhis2Sync(options: ConfiguredDhis2SyncOptions): ConfiguredDhis2Sync {
  const { sync, logger, state } = options;
  const program = syncProgram(sync, options.mapping);
  const client = new Dhis2Client(new Dhis2Http({
    url: sync.url, auth: sync.auth, timeoutMs: sync.timeoutMs, maxAttempts: sync.maxAttempts,
    onRetry: (retry) => logger.warn(retry, 'DHIS2 did not answer: retrying'),
  }));
  const loop = startDhis2SyncLoop({
    client, watermarks: state.watermarks, directory: state.orgUnits, program, pageSize: sync.pageSize,
    overlapSeconds: sync.overlapSeconds, intervalMs: sync.intervalSeconds * 1000, once: options.once ?? false,
    publish: (messages) => options.bus.publish(options.config.topics.dhis2, messages),
    ...(options.onPage ? { onPage: options.onPage } : {}),
    onPull: (progress) => logger.info({ url: sync.url, program, version: progress.server.version, pages: progress.pages,
      events: progress.events, watermark: progress.watermark }, 'DHIS2 pull done'),
    onError: (error, stopping) => logger[stopping ? 'error' : 'warn']({ url: sync.url, program,
      code: isHealthcredError(error) ? error.code : 'internal', reason: (error as Error)?.message },
    stopping ? 'DHIS2 pull failed: stopping' : 'DHIS2 pull failed: trying again at the next interval'),
  });
  return {
    loop,
    program,
    async refreshOrgUnits() {
      await state.orgUnits.save(await client.orgUnits());
    },
  };
}
