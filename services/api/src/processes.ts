import cluster, { type Worker } from 'node:cluster';
import type { Config } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';
import { loadIssuer, openInfrastructure, type Logger } from '@healthcred/runtime';

/** API processes answering on one port, started by {@link runApiProcesses}. */
export interface RunningApiProcesses {
  /** Stops every process (each finishes its open requests, as one API does on SIGTERM) and waits for them. */
  stop(): Promise<void>;
}

/**
 * One process's share of the limits that each API process counts in its own memory (verification requests, downloads
 * of one certificate), so that `processes` of them together allow a client no more than the configured limit: a
 * client spread over every process gets about the limit, one on a single keep-alive connection gets its share. Limits
 * that live in the store (wrong citizen tries) hold across processes as they are. One process: `config` itself.
 */
export function processShare(config: Config): Config {
  const { processes } = config.api;
  if (processes === 1) return config;
  const share = (limit: number) => Math.ceil(limit / processes);
  return Object.freeze({
    ...config,
    api: {
      ...config.api,
      verifyRequestsPerMinute: share(config.api.verifyRequestsPerMinute),
      work: { ...config.api.work, downloadsPerMinute: share(config.api.work.downloadsPerMinute) },
    },
  });
}

/**
 * The primary of `API_PROCESSES` > 1 (node:cluster): does once what must happen once (creating a development key,
 * the store's and event log's schema), then forks `config.api.processes` API processes, which all listen on PORT; the
 * primary hands out the connections in turn. The processes are stateless (limits that must hold across them live in
 * the store; see {@link processShare}), so any may answer any request.
 *
 * A process that exits before it listens makes the whole start fail (its message is on stderr); one that exits later
 * is replaced, and `onFailure` is called when its replacement cannot start either.
 *
 * @throws HealthcredError from preparing (key, store, event log), or `unavailable` when a process exits at start.
 */
export async function runApiProcesses(options: {
  config: Config; logger: Logger; onFailure: (error: Error) => void;
}): Promise<RunningApiProcesses> {
  const { config, logger } = options;
  loadIssuer(config, logger);
  await (await openInfrastructure(config, logger)).close();

  const exits = new Set<Promise<void>>();
  const workers = new Set<Worker>();
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(exits);
  };
  const fork = () => new Promise<void>((listening, failed) => {
    const worker = cluster.fork();
    let listened = false;
    workers.add(worker);
    worker.once('listening', () => {
      listened = true;
      listening();
    });
    exits.add(new Promise((exited) => worker.once('exit', (code, signal) => {
      workers.delete(worker);
      exited();
      if (stopping) return;
      const what = { pid: worker.process.pid, code, signal };
      if (!listened) {
        failed(new HealthcredError('unavailable', `An API process exited at start (exit code ${code ?? signal}); its message is above.`));
        return;
      }
      logger.error(what, 'an API process exited; starting another');
      fork().catch((error: Error) => stop().then(() => options.onFailure(error)));
    })));
  });

  try {
    await Promise.all(Array.from({ length: config.api.processes }, fork));
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ port: config.api.port, processes: config.api.processes }, 'API processes listening');
  return { stop };
}
