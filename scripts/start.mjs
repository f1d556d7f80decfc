#!/usr/bin/env node
// `npm start`: the whole system on one machine (embedded tier unless HEALTHCRED_TIER says otherwise): the issuer
// and the API in one process, data in HEALTHCRED_DATA_DIR (default ./data), kept across restarts.
import { runApi } from '@healthcred/api';
import { loadConfig } from '@healthcred/config';
import { isHealthcredError } from '@healthcred/errors';
import { runIssuer } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  process.stderr.write(`healthcred: ${isHealthcredError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger({ name: 'healthcred', level: config.logLevel });
let issuer;
let api;
try {
  issuer = await runIssuer(config, logger);
  api = await runApi(config, logger, { metrics: [issuer.service.metrics], issuer: issuer.issuer });
} catch (error) {
  await issuer?.stop();
  process.stderr.write(`healthcred: ${isHealthcredError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}

process.stderr.write(`
healthcred is running (${config.tier} tier, data in ${config.dataDir})
  Portal:       ${config.issuerUrl}/          (certificate id + birth date)
  Verifier:     ${config.issuerUrl}/verify
  API:          ${config.issuerUrl}   (health: ${config.issuerUrl}/health, description: ${config.issuerUrl}/openapi.json)
  DID document: ${config.issuerUrl}/.well-known/did.json
In another terminal:
  npx healthcred dhis2 org-units import examples/dhis2/metadata/organisation-units.json
  npx healthcred dhis2 import examples/dhis2        # feed DHIS2 payloads
  npx healthcred certificates list                  # what was issued
  npx healthcred deadletter list                    # what could not be
Stop with Ctrl-C.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await Promise.allSettled([api.stop(), issuer.stop()]);
    process.exit(0);
  });
}
