import { Router, type RequestHandler } from 'express';
import {
  DIVOC_REVOCATION_PATH, normalizeCertificateId, type DivocRevocationChecker, type DivocRevocationState, type Issuer,
} from '@healthcred/credentials';
import type { CredentialStore } from '@healthcred/store';
import { divocRevocationAnswer } from '@healthcred/trust';
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

/** The state of the certificate with id `given` here: unknown ones are valid, superseded ones revoked. */
async function revocationState(store: CredentialStore, given: string | undefined): Promise<DivocRevocationState> {
  const id = given === undefined ? undefined : normalizeCertificateId(given);
  const certificate = id === undefined ? undefined : await store.findByCertificateId(id);
  if (certificate === undefined || certificate.status === 'issued') return 'valid';
  return certificate.status === 'suspended' ? 'suspended' : 'revoked';
}

/**
 * The verify routes' DIVOC revocation check: this deployment's own DIVOC certificates (its trust entry names its own
 * revocation route) are looked up in the store, as the route itself does; any other issuer's route is asked by `remote`.
 */
export function ownDivocRevocation(issuer: Pick<Issuer, 'url' | 'divoc'>, store: CredentialStore, remote: DivocRevocationChecker): DivocRevocationChecker {
  const own = `${issuer.url.replace(/\/+$/, '')}${DIVOC_REVOCATION_PATH}`;
  return async (certificate, url) => {
    if (url !== own || issuer.divoc === undefined) return remote(certificate, url);
    let id: string | undefined;
    try {
      id = certificateIdOf(certificate);
    } catch {
      id = undefined;
    }
    return revocationState(store, id);
  };
}

/**
 * DIVOC's revocation check, as DIVOC's verifier app calls it after a signature verified: `POST
 * /divoc/api/v1/certificate/revoked` with the whole certificate JSON as the body. `200` when the certificate named by
 * `evidence[0].certificateId` is revoked or suspended here (the body `{revoked, suspended}` tells which, for
 * healthcred's verifiers: DIVOC's apps know only revoked), `404` when it is neither (unknown ids, and certificates
 * without one, included: DIVOC answers so for a certificate missing from its revocation list, and a country's old
 * DIVOC certificates must keep reading valid), `400` naming the field for a body that is no certificate (no
 * `evidence`, or a `certificateId` that is not a string). No other part of the certificate is read or kept, and the
 * answer says nothing about the holder.
 */
export function divocRoutes(deps: DivocRouteDeps): Router {
  const router = Router();
  router.post(DIVOC_REVOCATION_PATH, deps.limit, ...strictJsonBody(BODY_LIMIT_BYTES), async (request, response) => {
    const answer = divocRevocationAnswer(await revocationState(deps.store, certificateIdOf(request.body)));
    response.set('Cache-Control', 'no-store').status(answer.status).json(answer.body);
  });
  return router;
}
