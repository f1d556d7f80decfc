import { Router, type Request } from 'express';
import { normalizeCertificateId } from '@healthcred/credentials';
import type { CredentialStore, StoredCertificate } from '@healthcred/store';

const NOT_FOUND = {
  error: { code: 'not_found', message: 'No certificate matches this certificate id and birth date.' },
};

/**
 * The certificate a citizen asked for, or undefined. Needs both the certificate id and the holder's birth date
 * (`?dob=YYYY-MM-DD`): a wrong pair and an unknown id give the same answer, so ids cannot be probed.
 */
export async function findHolderCertificate(store: CredentialStore, request: Request): Promise<StoredCertificate | undefined> {
  const id = normalizeCertificateId(String(request.params.id ?? ''));
  const dob = typeof request.query.dob === 'string' ? request.query.dob : '';
  if (!id || !/^\d{4}-\d{2}-\d{2}$/.test(dob)) return undefined;
  const certificate = await store.findByCertificateId(id);
  return certificate && certificate.dob === dob ? certificate : undefined;
}

/** `GET /certificates/{id}?dob=...`: the signed credential JSON. */
export function certificateRoutes(deps: { store: CredentialStore }): Router {
  const router = Router();
  router.get('/certificates/:id', async (request, response) => {
    const certificate = await findHolderCertificate(deps.store, request);
    if (!certificate) {
      response.status(404).json(NOT_FOUND);
      return;
    }
    response.set('Cache-Control', 'private, no-store').json(certificate.credential);
  });
  return router;
}
