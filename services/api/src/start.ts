import type { Server } from 'node:http';
import type { Config } from '@healthcred/config';
import { readHealthcredContexts } from '@healthcred/document-loader';
import { buildDidDocument } from '@healthcred/issuer-identity';
import { loadIssuerKeys, openInfrastructure, type Logger } from '@healthcred/runtime';
import { webRoot } from '@healthcred/web';
import { createApp } from './app.js';

/** A listening API with what it opened. */
export interface RunningApi {
  server: Server;
  stop(): Promise<void>;
}

/** Opens the configured store and bus and listens on PORT. Shared by the API's entry point and `npm start`. */
export async function runApi(config: Config, logger: Logger): Promise<RunningApi> {
  const didDocument = buildDidDocument(loadIssuerKeys(config, logger));
  const infrastructure = await openInfrastructure(config);
  const app = createApp({
    store: infrastructure.store, bus: infrastructure.bus, topics: config.topics, didDocument,
    contexts: readHealthcredContexts(), payloadLimitBytes: config.issuer.payloadLimitBytes, logger,
    ...(config.api.dhis2WebhookToken === undefined ? {} : { dhis2WebhookToken: config.api.dhis2WebhookToken }),
    ...(webRoot === undefined ? {} : { webRoot }),
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(config.api.port, () => resolve(listening));
  });
  logger.info({ port: config.api.port, url: config.issuerUrl }, 'API listening');
  return {
    server,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await infrastructure.close();
    },
  };
}
