import express, { type Express } from 'express';
import type { EventBus } from '@healthcred/bus';
import type { ApiConfig, Topics } from '@healthcred/config';
import type { Issuer } from '@healthcred/credentials';
import type { IssuerKeySet } from '@healthcred/issuer-identity';
import type { Logger } from '@healthcred/runtime';
import type { CredentialStore } from '@healthcred/store';
import { errorMiddleware, notFound } from './error-middleware.js';
import { createMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { requestsPerMinute } from './rate-limit.js';
import { adminRoutes } from './routes/admin.js';
import { certificateRoutes } from './routes/certificates.js';
import { dccRoutes, verifyingTrustList, type DccDeps } from './routes/dcc.js';
import { dhis2WebhookRoutes } from './routes/dhis2-webhook.js';
import { healthRoutes } from './routes/health.js';
import { issueRoutes } from './routes/issue.js';
import { publicationRoutes } from './routes/publication.js';
import { statusRoutes } from './routes/status.js';
import { verifyRoutes } from './routes/verify.js';
import { webRoutes } from './routes/web.js';
import { createStatusLists } from './status-lists.js';

/** Everything the API needs, injected so tests drive it without a listening port. */
export interface ApiDeps {
  store: CredentialStore;
  bus: EventBus;
  topics: Topics;
  /** The issuer: its DID document and contexts are published, its key signs the status lists and issue requests. */
  issuer: Issuer;
  contexts: ReadonlyMap<string, object>;
  /** Tokens, limits and cache times (see `loadConfig`). */
  settings: Omit<ApiConfig, 'port'>;
  payloadLimitBytes: number;
  logger: Logger;
  /** Printed on PDF certificates. Default: the issuer's DID. */
  issuerName?: string;
  /** EU DCC (HC1) and WHO DDCC:VS; without it their endpoints answer 404 "EU DCC is not configured on this server.". */
  dcc?: DccDeps;
  /** Directory of the built web pages (services/web/dist); without it the API serves no pages. */
  webRoot?: string;
  /** Rotates the issuer key (`POST /admin/keys/rotate`); absent when the keys cannot be rotated at run time. */
  rotateKeys?: () => IssuerKeySet;
  /** Revokes an issuer key (`POST /admin/keys/{keyId}/revoke`); absent when the keys cannot change at run time. */
  revokeKey?: (keyId: string, reason: string) => IssuerKeySet;
  /** Wait before a key re-issue job's last pass (default 5000 ms; see `reissueKeyCertificates`). */
  reissueSettleMs?: number;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

/**
 * Builds the express app. Nothing in it depends on which replica answers: limits that must hold across replicas
 * (wrong citizen tries) live in the store; per-process state is only caches and per-replica request limits.
 */
export function createApp(deps: ApiDeps): Express {
  const { settings, store, issuer } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', settings.trustProxyHops);
  const metrics = createMetrics(store);
  const statusLists = createStatusLists({ store, issuer, ttlSeconds: settings.statusListTtlSeconds });
  app.use((_request, response, next) => {
    response.set(SECURITY_HEADERS);
    next();
  });
  app.use(metrics.middleware);
  app.use(healthRoutes([{ name: 'store', ping: () => store.ping() }, { name: 'bus', ping: () => deps.bus.ping() }]));
  app.get('/metrics', async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const openApi = JSON.stringify(openApiDocument(issuer.url));
  app.get('/openapi.json', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=300').type('application/json').send(openApi);
  });
  app.use(publicationRoutes({ issuer, contexts: deps.contexts }));
  app.use(statusRoutes({ statusLists, ttlSeconds: settings.statusListTtlSeconds }));
  app.use(certificateRoutes({
    store, triesPerMinute: settings.citizenTriesPerMinute, ...(deps.issuerName === undefined ? {} : { issuerName: deps.issuerName }),
  }));
  app.use(dccRoutes({ store, triesPerMinute: settings.citizenTriesPerMinute, ...(deps.dcc ? { dcc: deps.dcc } : {}) }));
  app.use(verifyRoutes({
    documentLoader: (url) => issuer.documentLoader(url), checkStatus: (entry) => statusLists.check(entry),
    limit: requestsPerMinute(settings.verifyRequestsPerMinute), metrics,
    ...(deps.dcc ? { dccTrustList: verifyingTrustList(deps.dcc) } : {}),
  }));
  app.use(issueRoutes({ store, issuer, token: settings.issueToken, limitBytes: deps.payloadLimitBytes }));
  app.use(dhis2WebhookRoutes({
    bus: deps.bus, topic: deps.topics.dhis2, token: settings.dhis2WebhookToken, limitBytes: deps.payloadLimitBytes,
  }));
  app.use(adminRoutes({
    store, bus: deps.bus, issuer, adminTokens: settings.adminTokens, logger: deps.logger,
    ...(deps.rotateKeys ? { rotateKeys: deps.rotateKeys } : {}), ...(deps.revokeKey ? { revokeKey: deps.revokeKey } : {}),
    ...(deps.reissueSettleMs === undefined ? {} : { reissueSettleMs: deps.reissueSettleMs }),
  }));
  if (deps.webRoot !== undefined) app.use(webRoutes(deps.webRoot));
  app.use(notFound);
  app.use(errorMiddleware(deps.logger));
  return app;
}
