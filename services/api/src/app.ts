import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import proxyAddr from 'proxy-addr';
import { Registry } from 'prom-client';
import type { EventBus } from '@healthcred/bus';
import { ISSUER_GROUPS, type ApiConfig, type StatsConfig, type Topics } from '@healthcred/config';
import {
  contextBaseUrlsOf, DIVOC_REVOCATION_PATH, ownTrustEntries, trustEntryOf, type IssuerHolder, type StatusChecker,
} from '@healthcred/credentials';
import type { IssuerKeySet } from '@healthcred/issuer-identity';
import type { Logger, TrustedIssuers } from '@healthcred/runtime';
import type { CredentialStore, OrgUnitDirectory } from '@healthcred/store';
import type { DidDocument, TrustedIssuer } from '@healthcred/types';
import type { DivocNamespaces } from '@healthcred/document-loader';
import { createDivocRevocationChecker } from '@healthcred/trust';
import { busyAnswer } from './busy.js';
import { publicCors } from './cors.js';
import { startCpuWork, type CpuWork } from './cpu-work.js';
import { errorAnswer, errorMiddleware, notFound } from './error-middleware.js';
import { fastVerifyRoute } from './fast-verify.js';
import { createLoginGuard } from './login-limit.js';
import { createMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { requestsPerMinute } from './rate-limit.js';
import { adminRoutes } from './routes/admin.js';
import { adminTrustRoutes } from './routes/admin-trust.js';
import { certificateRoutes } from './routes/certificates.js';
import { dccRoutes, publishedTrustList, verifyingTrustList, type DccDeps } from './routes/dcc.js';
import { divocRoutes, ownDivocRevocation } from './routes/divoc.js';
import { dhis2WebhookRoutes } from './routes/dhis2-webhook.js';
import { healthRoutes } from './routes/health.js';
import { issueRoutes } from './routes/issue.js';
import { publicationRoutes } from './routes/publication.js';
import { statsRoutes } from './routes/stats.js';
import { statusRoutes } from './routes/status.js';
import { trustPublicationRoutes } from './routes/trust-publication.js';
import { credentialVerifier, JSON_LIMIT_BYTES, verifyRoutes } from './routes/verify.js';
import { webRoutes } from './routes/web.js';
import { createStatusLists, withVc2StatusLists } from '@healthcred/issuance';
import { createRemoteStatusChecker } from './remote-status.js';
import { trustedContextLoader } from './trusted-contexts.js';

/** Everything the API needs, injected so tests drive it without a listening port. */
export interface ApiDeps {
  store: CredentialStore;
  bus: EventBus;
  topics: Topics;
  /**
   * The issuer in force: its DID document and contexts are published, its key signs the status lists and issue
   * requests. Read at each request, so a key rotation (`replace`) takes effect at once.
   */
  issuer: IssuerHolder;
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
  /** This deployment's health authority, named in its trust entry. Default: the issuer URL's host, country ZZ. */
  authority?: { name: string; country: string };
  /**
   * The trust list verification uses, read per request. Default: `trustList`'s, else this issuer alone (its current
   * DID document).
   */
  trustedIssuers?: () => readonly TrustedIssuer[];
  /** The editable trust list (`loadTrustedIssuers`): `/admin/trust` adds and removes issuers; absent, it only reads. */
  trustList?: TrustedIssuers;
  /** Fetches other trusted issuers' status lists and asks DIVOC revocation routes. Default: the global fetch. */
  fetch?: typeof fetch;
  /** DIVOC namespace URLs served besides those the trust list names (HEALTHCRED_DIVOC_CONTEXTS). Default: none. */
  divocNamespaces?: DivocNamespaces;
  /** Revokes an issuer key (`POST /admin/keys/{keyId}/revoke`); absent when the keys cannot change at run time. */
  revokeKey?: (keyId: string, reason: string) => IssuerKeySet;
  /** Wait before a key re-issue job's last pass (default 5000 ms; see `reissueKeyCertificates`). */
  reissueSettleMs?: number;
  /** Worker threads for QR images and PDFs (`startCpuWork`). Default: started here (idle threads hold no process open). */
  work?: CpuWork;
  /** More metrics for `/metrics`: the issuer's when it runs in the same process (`npm start`). */
  metrics?: Registry[];
  /** Programme monitoring (`GET /stats`); without it, or without its token, the route answers 401. */
  stats?: StatsConfig;
  /** The DHIS2 org units the stats roll up through (STATS_ORG_UNIT_LEVEL). */
  orgUnits?: Pick<OrgUnitDirectory, 'find'>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

/**
 * The content security policy: everything from this origin only, except that the verifier page may fetch (only
 * fetch) the status lists of the other issuers on the trust list, from their own origins. Built once per list.
 */
function contentSecurityPolicy(trustedIssuers: () => readonly TrustedIssuer[]): () => string {
  let cached: { list: readonly TrustedIssuer[]; policy: string } | undefined;
  return () => {
    const list = trustedIssuers();
    if (cached?.list !== list) {
      const origins = [...new Set(contextBaseUrlsOf(list).map((url) => new URL(url).origin))];
      cached = {
        list,
        policy: `default-src 'self'; connect-src 'self' ${origins.join(' ')}; img-src 'self' data: blob:; media-src 'self' blob:; `
          + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      };
    }
    return cached.policy;
  };
}

/** This issuer's own trust entry, rebuilt only when its DID document changes (a key rotation), so it stays indexed. */
function selfTrust(issuer: IssuerHolder, authority: { name: string; country: string }): () => readonly TrustedIssuer[] {
  let cached: { didDocument: DidDocument; list: readonly TrustedIssuer[] } | undefined;
  return () => {
    const current = issuer.current();
    if (cached?.didDocument !== current.didDocument) {
      cached = { didDocument: current.didDocument, list: ownTrustEntries(current, authority) };
    }
    return cached.list;
  };
}

const STATUS_PATH = /^\/status(\/[^/]+){0,2}$/;
/** The public verification routes: open to other origins, limited per client by one shared limit. */
const VERIFY_PATHS = new Set(['/credentials/verify', '/verify/qr', DIVOC_REVOCATION_PATH]);

/**
 * Builds the express app. Nothing in it depends on which replica answers: limits that must hold across replicas
 * (wrong citizen tries) live in the store; per-process state is only caches and per-replica request limits.
 */
export function createApp(deps: ApiDeps): Express {
  const { settings, store, issuer } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // X-Forwarded-For is believed only from the configured proxies, never from whoever connects directly.
  app.set('trust proxy', settings.trustedProxies.length > 0 ? settings.trustedProxies : false);
  const metrics = createMetrics(store, { bus: deps.bus, groups: Object.values(ISSUER_GROUPS) });
  const statusLists = withVc2StatusLists(createStatusLists({ store, issuer, ttlSeconds: settings.statusListTtlSeconds }),
    { store, issuer, ttlSeconds: settings.statusListTtlSeconds });
  // The DID, URL and DIVOC profile stay the same when the keys change: read once.
  const { did, url, divoc } = issuer.current();
  const authority = deps.authority ?? { name: new URL(url).host, country: 'ZZ' };
  const { trustList } = deps;
  const trustedIssuers = deps.trustedIssuers ?? (trustList ? () => trustList.list() : selfTrust(issuer, authority));
  const policy = contentSecurityPolicy(trustedIssuers);
  app.use((_request, response, next) => {
    response.set(SECURITY_HEADERS).set('Content-Security-Policy', policy());
    next();
  });
  app.use(metrics.middleware);
  const contextPaths = new Set([...deps.contexts.keys()].map((path) => `/${path}`));
  const readable = new Set([
    '/.well-known/did.json', '/trust-list', '/trust/gdhcn.json', '/trust/dcc-gateway.json', '/dcc/trust-list', ...contextPaths,
  ]);
  app.use(publicCors((path) => {
    if (readable.has(path) || STATUS_PATH.test(path)) return 'read';
    return VERIFY_PATHS.has(path) ? 'verify' : undefined;
  }));
  app.use(healthRoutes([{ name: 'store', ping: () => store.ping() }, { name: 'bus', ping: () => deps.bus.ping() }]));
  const registry = deps.metrics?.length ? Registry.merge([metrics.registry, ...deps.metrics]) : metrics.registry;
  app.get('/metrics', async (_request, response) => {
    response.type(registry.contentType).send(await registry.metrics());
  });
  const openApi = JSON.stringify(openApiDocument(url));
  app.get('/openapi.json', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=300').type('application/json').send(openApi);
  });
  app.use(publicationRoutes({ issuer, contexts: deps.contexts, trustedIssuers }));
  const ownTrust = selfTrust(issuer, authority);
  app.use(trustPublicationRoutes({
    ownEntry: () => trustEntryOf(issuer.current(), authority), dscs: () => (deps.dcc ? publishedTrustList(deps.dcc) : []),
  }));
  app.use(statusRoutes({ statusLists, ttlSeconds: settings.statusListTtlSeconds }));
  const work = deps.work ?? startCpuWork(settings.work);
  app.use(certificateRoutes({
    store, triesPerMinute: settings.citizenTriesPerMinute, ...(deps.issuerName === undefined ? {} : { issuerName: deps.issuerName }),
    renderPdf: work.renderPdf, pdfCacheBytes: settings.work.pdf.cacheBytes, downloadsPerMinute: settings.work.downloadsPerMinute,
    compactV3: { ownEntry: () => ownTrust()[0]!, documentLoader: trustedContextLoader(ownTrust, deps.contexts) },
  }));
  app.use(dccRoutes({
    store, triesPerMinute: settings.citizenTriesPerMinute, downloadsPerMinute: settings.work.downloadsPerMinute,
    ...(deps.dcc ? { dcc: deps.dcc } : {}),
  }));
  const verifyingLoader = trustedContextLoader(trustedIssuers, deps.contexts, deps.divocNamespaces);
  const remoteStatus = createRemoteStatusChecker({
    trustedIssuers, documentLoader: verifyingLoader, ttlMs: settings.statusListTtlSeconds * 1000, ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const verifyLimit = requestsPerMinute(settings.verifyRequestsPerMinute);
  const verifying = {
    documentLoader: verifyingLoader, trustedIssuers,
    checkStatus: ((entry, of) => (of === did ? statusLists.check(entry) : remoteStatus(entry, of))) as StatusChecker,
    checkDivocRevocation: ownDivocRevocation({ url, ...(divoc ? { divoc } : {}) }, store, createDivocRevocationChecker({ fetch: deps.fetch ?? fetch })),
    metrics,
  };
  app.use(verifyRoutes({
    ...verifying, limit: verifyLimit, readQrImage: work.readQrImage, ...(deps.dcc ? { dccTrustList: verifyingTrustList(deps.dcc) } : {}),
  }));
  app.use(divocRoutes({ store, limit: verifyLimit }));
  const loginGuard = createLoginGuard({ store, logger: deps.logger });
  app.use(issueRoutes({ store, issuer, token: settings.issueToken, limitBytes: deps.payloadLimitBytes, loginGuard }));
  app.use(dhis2WebhookRoutes({
    bus: deps.bus, topic: deps.topics.dhis2, token: settings.dhis2WebhookToken, limitBytes: deps.payloadLimitBytes, loginGuard,
  }));
  app.use(adminTrustRoutes({
    store, adminTokens: settings.adminTokens, loginGuard, trustedIssuers, ...(trustList ? { trustList } : {}),
  }));
  app.use(adminRoutes({
    store, bus: deps.bus, issuer, adminTokens: settings.adminTokens, loginGuard, logger: deps.logger,
    ...(deps.rotateKeys ? { rotateKeys: deps.rotateKeys } : {}), ...(deps.revokeKey ? { revokeKey: deps.revokeKey } : {}),
    ...(deps.reissueSettleMs === undefined ? {} : { reissueSettleMs: deps.reissueSettleMs }),
  }));
  app.use(statsRoutes({
    store, loginGuard, stats: deps.stats ?? { minCell: 5, ageBands: [0] }, ...(deps.orgUnits ? { orgUnits: deps.orgUnits } : {}),
  }));
  if (deps.webRoot !== undefined) app.use(webRoutes(deps.webRoot));
  app.use(notFound);
  app.use(busyAnswer);
  app.use(errorMiddleware(deps.logger));
  let fastHeaders: { policy: string; list: readonly string[] } | undefined;
  const fast = fastVerifyRoute({
    headers: () => {
      const current = policy();
      if (fastHeaders?.policy !== current) {
        fastHeaders = { policy: current, list: [...Object.entries(SECURITY_HEADERS).flat(), 'Content-Security-Policy', current,
          'Access-Control-Allow-Origin', '*', 'Access-Control-Allow-Methods', 'POST, OPTIONS'] };
      }
      return fastHeaders.list;
    },
    clientIp: (request) => proxyAddr(request, app.get('trust proxy fn')),
    countClient: verifyLimit.countClient, limitBytes: JSON_LIMIT_BYTES,
    verifyRequest: credentialVerifier(verifying).verifyRequest,
    errorAnswer: (error, method) => errorAnswer(error, method, deps.logger), recordRequest: metrics.recordRequest,
  });
  // The verification load skips express (see fastVerifyRoute); `app(request, response)` calls `app.handle`.
  const handle = (app as unknown as { handle: (...args: unknown[]) => void }).handle.bind(app);
  Object.assign(app, {
    handle: (request: IncomingMessage, response: ServerResponse, next: unknown) => fast(request, response) || handle(request, response, next),
  });
  return app;
}
