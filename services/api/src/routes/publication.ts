import { Router } from 'express';
import type { DidDocument } from '@healthcred/types';

/**
 * What third-party verifiers fetch, with no account: the issuer's DID document (did:web) and the JSON-LD contexts
 * at the URLs the credentials name. Contexts are immutable per version, so CDNs may cache them for a long time.
 */
export function publicationRoutes(deps: { issuer: { didDocument: DidDocument }; contexts: ReadonlyMap<string, object> }): Router {
  const router = Router();
  // Read at each request: a key rotation changes the issuer's DID document while the API runs.
  router.get('/.well-known/did.json', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=300').type('application/did+json').send(JSON.stringify(deps.issuer.didDocument));
  });
  for (const [path, context] of deps.contexts) {
    const body = JSON.stringify(context);
    router.get(`/${path}`, (_request, response) => {
      response.set('Cache-Control', 'public, max-age=31536000, immutable').type('application/ld+json').send(body);
    });
  }
  return router;
}
