import type { Server } from 'node:http';
import type { Config } from '@healthcred/config';
import { readHealthcredContexts } from '@healthcred/document-loader';
import { loadIssuer, openInfrastructure, type Logger } from '@healthcred/runtime';
import { webRoot } from '@healthcred/web';
import { createApp } from './app.js';

/** A listening API with what it opened. */
export interface RunningApi {
  server: Server;
  stop(): Promise<void>;
}

/** Opens the configured store and bus and listens on PORT. Shared by the API's entry point and `npm start`. */
export async function runApi(config: Config, logger: Logger): Promise<RunningApi> {
  const issuer = loadIssuer(config, logger);
  const infrastructure = await openInfrastructure(config);
  const { port: _port, ...settings } = config.api;
  const app = createApp({
    store: infrastructure.store, bus: infrastructure.bus, topics: config.topics, issuer, settings,
    contexts: readHealthcredContexts(), payloadLimitBytes: config.issuer.payloadLimitBytes, logger,
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
