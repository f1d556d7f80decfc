#!/usr/bin/env node
import { loadConfig } from '@healthcred/config';
import { isHealthcredError } from '@healthcred/errors';
import { createLogger } from '@healthcred/runtime';
import { runApi } from './start.js';

try {
  const config = loadConfig(process.env);
  const logger = createLogger({ name: 'api', level: config.logLevel });
  const running = await runApi(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping: finishing open requests');
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  process.stderr.write(`healthcred api: ${isHealthcredError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
