import { Router } from 'express';
import type { TrustListEntry } from '@healthcred/dcc';
import { toDccGatewayRecords, toGdhcnDocument } from '@healthcred/trust';
import type { DidTrustedIssuer } from '@healthcred/types';

/**
 * This deployment's own trust entry in the forms other verifiers exchange, for anyone to fetch and import:
 * - `GET /trust/gdhcn.json`: a WHO GDHCN trust list DID document (JsonWebKey2020: the Ed25519 issuer keys as OKP
 *   JWKs, the EU DCC DSC as an EC/RSA JWK with `x5c`);
 * - `GET /trust/dcc-gateway.json`: EU DCC Gateway trust list records of the DSC (`[]` without EU DCC).
 * Both are read at each request: a key rotation changes them while the API runs.
 */
export function trustPublicationRoutes(deps: {
  ownEntry: () => DidTrustedIssuer; dscs: () => readonly TrustListEntry[];
}): Router {
  const router = Router();
  router.get('/trust/gdhcn.json', (_request, response) => {
    const document = toGdhcnDocument({ issuer: deps.ownEntry(), dscs: deps.dscs() });
    response.set('Cache-Control', 'public, max-age=300').type('application/did+json').send(JSON.stringify(document));
  });
  router.get('/trust/dcc-gateway.json', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=300').json(toDccGatewayRecords(deps.dscs()));
  });
  return router;
}
