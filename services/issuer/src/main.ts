#!/usr/bin/env node
import { loadConfig } from '@healthcred/config';
import { isHealthcredError } from '@healthcred/errors';
import { createLogger } from '@healthcred/runtime';
import { runIssuerUntilSignal } from '@healthcred/pipeline';

try {
  const config = loadConfig(process.env);
  await runIssuerUntilSignal(config, createLogger({ name: 'issuer', level: config.logLevel }));
  process.exit(0);
} catch (error) {
  process.stderr.write(`healthcred issuer: ${isHealthcredError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
