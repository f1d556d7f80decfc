#!/usr/bin/env node
import cluster from 'node:cluster';
import { loadConfig } from '@healthcred/config';
import { isHealthcredError } from '@healthcred/errors';
import { createLogger } from '@healthcred/runtime';
import { processShare, runApiProcesses } from './processes.js';
import { runApi } from './start.js';

const fail = (error: unknown) => {
  process.stderr.write(`healthcred api: ${isHealthcredError(error) ? error.message : String(error)}\n`);
  process.exit(1);
};

try {
  const config = loadConfig(process.env);
  const logger = createLogger({ name: 'api', level: config.logLevel });
  // API_PROCESSES > 1: this is the primary (it only starts and stops the others) or one of the API processes.
  const running = config.api.processes > 1 && cluster.isPrimary
    ? await runApiProcesses({ config, logger, onFailure: fail })
    : await runApi(processShare(config), logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    // Ctrl-C reaches the primary and every API process; each stops once.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing open requests');
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  fail(error);
}
