import { Router } from 'express';
import type { StatusLists } from '../status-lists.js';

/**
 * The revocation lists, public and cacheable: `GET /status` lists their URLs (what a verifier prefetches to work
 * offline), `GET /status/{n}` is list n as a signed W3C Bitstring Status List credential, with an ETag so caches
 * revalidate cheaply.
 */
export function statusRoutes(deps: { statusLists: StatusLists; ttlSeconds: number }): Router {
  const router = Router();
  const cache = `public, max-age=${deps.ttlSeconds}`;
  router.get('/status', async (_request, response) => {
    response.set('Cache-Control', cache).json({ statusLists: await deps.statusLists.urls() });
  });
  router.get('/status/:list', async (request, response) => {
    const list = /^[1-9]\d{0,8}$/.test(String(request.params.list)) ? Number(request.params.list) : 0;
    const { body, etag } = await deps.statusLists.credential(list);
    response.set({ 'Cache-Control': cache, ETag: etag });
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.type('application/vc+ld+json').send(body);
  });
  return router;
}
