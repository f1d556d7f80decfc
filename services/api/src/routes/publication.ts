import { Router } from 'express';
import type { IssuerHolder } from '@healthcred/credentials';
import type { TrustedIssuer } from '@healthcred/types';

/**
 * What third-party verifiers fetch, with no account: the issuer's DID document (did:web), the JSON-LD contexts at
 * the URLs the credentials name (immutable per version, so CDNs may cache them for a long time), and the trust list
 * this deployment verifies against (`GET /trust-list`: `{issuers}`, this issuer first), which the verifier page keeps
 * for offline use.
 */
export function publicationRoutes(deps: {
  issuer: IssuerHolder; contexts: ReadonlyMap<string, object>; trustedIssuers: () => readonly TrustedIssuer[];
}): Router {
  const router = Router();
  router.get('/trust-list', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=300').json({ issuers: deps.trustedIssuers() });
  });
  // Read at each request: a key rotation replaces the issuer (and its DID document) while the API runs.
  router.get('/.well-known/did.json', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=300').type('application/did+json').send(JSON.stringify(deps.issuer.current().didDocument));
  });
  for (const [path, context] of deps.contexts) {
    const body = JSON.stringify(context);
    router.get(`/${path}`, (_request, response) => {
      response.set('Cache-Control', 'public, max-age=31536000, immutable').type('application/ld+json').send(body);
    });
  }
  return router;
}
