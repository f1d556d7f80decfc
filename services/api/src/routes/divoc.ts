import { Router, type RequestHandler } from 'express';
import { normalizeCertificateId } from '@healthcred/credentials';
import type { CredentialStore } from '@healthcred/store';
import { InputReader } from '@healthcred/validation';
import { strictJsonBody } from '../json-body.js';

/** What DIVOC's revocation route needs. */
export interface DivocRouteDeps {
  store: CredentialStore;
  /** The public verify routes' per-client limit (shared with them). */
  limit: RequestHandler;
}

/** A signed DIVOC certificate is a few kilobytes; room for the largest one a QR code holds. */
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The certificate id of DIVOC's revocation request: `evidence[0].certificateId` of the posted certificate, undefined
 * when it has none (DIVOC's own early certificates carry none: such a certificate is on no revocation list here).
 */
function certificateIdOf(body: unknown): string | undefined {
  const reader = InputReader.of(body, 'body');
  const [first] = reader.field('evidence').array({ minItems: 1, maxItems: 10 });
  const id = first!.field('certificateId');
  if (id.value === '') return undefined;
  return id.optional((value) => value.string({ maxLength: 200 }));
}

/**
 * DIVOC's revocation check, as DIVOC's verifier app calls it after a signature verified: `POST
 * /divoc/api/v1/certificate/revoked` with the whole certificate JSON as the body. `200` when the certificate named by
 * `evidence[0].certificateId` is revoked (or suspended) here, `404` when it is not (unknown ids, and certificates
 * without one, included: DIVOC answers so for a certificate missing from its revocation list, and a country's old
 * DIVOC certificates must keep reading valid), `400` naming the field for a body that is no certificate (no
 * `evidence`, or a `certificateId` that is not a string). No
 * other part of the certificate is read or kept, and the answer says nothing about the holder.
 */
export function divocRoutes(deps: DivocRouteDeps): Router {
  const router = Router();
  router.post('/divoc/api/v1/certificate/revoked', deps.limit, ...strictJsonBody(BODY_LIMIT_BYTES), async (request, response) => {
    const given = certificateIdOf(request.body);
    const id = given === undefined ? undefined : normalizeCertificateId(given);
    const certificate = id === undefined ? undefined : await deps.store.findByCertificateId(id);
    const revoked = certificate !== undefined && certificate.status !== 'issued';
    response.set('Cache-Control', 'no-store').status(revoked ? 200 : 404).json({ revoked });
  });
  return router;
}
