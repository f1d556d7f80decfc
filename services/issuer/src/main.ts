#!/usr/bin/env node
import { loadConfig } from '@healthcred/config';
import { isHealthcredError } from '@healthcred/errors';
import { createLogger } from '@healthcred/runtime';
import { runIssuer } from './start.js';

try {
  const config = loadConfig(process.env);
  const logger = createLogger({ name: 'issuer', level: config.logLevel });
  const running = await runIssuer(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping: finishing in-flight messages');
    running.stop().then(() => process.exit(0), (error) => {
      logger.error({ err: error }, 'unclean stop');
      process.exit(1);
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  process.stderr.write(`healthcred issuer: ${isHealthcredError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
