import { Router, type Request, type Response } from 'express';
import type { StatusListKind } from '@healthcred/status-list';
import type { StatusListsWithVc2 } from '@healthcred/issuance';

const LIST_NUMBER = /^[1-9]\d{0,8}$/;

/**
 * The status lists, public and cacheable: `GET /status` lists their URLs (what a verifier prefetches to work
 * offline); `GET /status/2021/revocation/{n}` and `GET /status/2021/suspension/{n}` are list n of the Status List
 * 2021 series new credentials point at (signed `StatusList2021Credential`s); `GET /status/revocation/{n}` and
 * `GET /status/suspension/{n}` the same bits as the Bitstring Status Lists credentials issued before point at, and
 * `GET /status/{n}` list n of the legacy series (bit = revoked or suspended) of the oldest credentials; under the
 * `vc2` profile `GET /status/v2/{revocation|suspension}/{n}` the same bits as VC 2.0 Bitstring Status List
 * credentials, which VC 2.0 credentials point at. Each has an ETag, so caches revalidate cheaply.
 */
export function statusRoutes(deps: { statusLists: StatusListsWithVc2; ttlSeconds: number }): Router {
  const router = Router();
  const cache = `public, max-age=${deps.ttlSeconds}`;
  async function send(kind: StatusListKind, listText: string, request: Request, response: Response, vc2 = false) {
    const list = LIST_NUMBER.test(listText) ? Number(listText) : 0;
    const { body, etag } = vc2 && (kind === 'revocation' || kind === 'suspension')
      ? await deps.statusLists.vc2Credential(kind, list) : await deps.statusLists.credential(kind, list);
    response.set({ 'Cache-Control': cache, ETag: etag });
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.type('application/vc+ld+json').send(body);
  }
  router.get('/status', async (_request, response) => {
    response.set('Cache-Control', cache).json({ statusLists: await deps.statusLists.urls() });
  });
  router.get('/status/:list', (request, response) => send('legacy', String(request.params.list), request, response));
  for (const purpose of ['revocation', 'suspension'] as const) {
    router.get(`/status/${purpose}/:list`, (request, response) => send(purpose, String(request.params.list), request, response));
    router.get(`/status/2021/${purpose}/:list`, (request, response) => send(`${purpose}-2021`, String(request.params.list), request, response));
    router.get(`/status/v2/${purpose}/:list`, (request, response) => send(purpose, String(request.params.list), request, response, true));
  }
  return router;
}
