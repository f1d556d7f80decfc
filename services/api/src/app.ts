import express, { type Express } from 'express';
import type { EventBus } from '@healthcred/bus';
import type { Topics } from '@healthcred/config';
import type { Logger } from '@healthcred/runtime';
import type { CredentialStore } from '@healthcred/store';
import type { DidDocument } from '@healthcred/types';
import { errorMiddleware, notFound } from './error-middleware.js';
import { certificateRoutes } from './routes/certificates.js';
import { dhis2WebhookRoutes } from './routes/dhis2-webhook.js';
import { healthRoutes } from './routes/health.js';
import { publicationRoutes } from './routes/publication.js';
import { webRoutes } from './routes/web.js';

/** Everything the API needs, injected so tests drive it without a listening port. */
export interface ApiDeps {
  store: CredentialStore;
  bus: EventBus;
  topics: Topics;
  didDocument: DidDocument;
  contexts: ReadonlyMap<string, object>;
  dhis2WebhookToken?: string;
  payloadLimitBytes: number;
  logger: Logger;
  /** Directory of the built web pages (services/web/dist); without it the API serves no pages. */
  webRoot?: string;
}

/** Builds the express app. No state lives in it beyond the injected dependencies, so replicas scale out. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_request, response, next) => {
    response.set({
      'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    });
    next();
  });
  app.use(healthRoutes([{ name: 'store', ping: () => deps.store.ping() }, { name: 'bus', ping: () => deps.bus.ping() }]));
  app.use(publicationRoutes(deps));
  app.use(certificateRoutes(deps));
  app.use(dhis2WebhookRoutes({
    bus: deps.bus, topic: deps.topics.dhis2, token: deps.dhis2WebhookToken, limitBytes: deps.payloadLimitBytes,
  }));
  if (deps.webRoot !== undefined) app.use(webRoutes(deps.webRoot));
  app.use(notFound);
  app.use(errorMiddleware(deps.logger));
  return app;
}
