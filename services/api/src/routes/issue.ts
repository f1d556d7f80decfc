import { Router } from 'express';
import type { Issuer } from '@healthcred/credentials';
import { issueCertificate, parseCertificationRequest } from '@healthcred/issuance';
import type { CredentialStore } from '@healthcred/store';
import { requireToken } from '../auth.js';
import { jsonBody } from '../json-body.js';
import type { LoginGuard } from '../login-limit.js';
import { clientKey } from '../rate-limit.js';

/** Source keys of requests made through this endpoint are namespaced, so a caller cannot touch DHIS2's records. */
export const ISSUE_API_KEY_PREFIX = 'issue-api:';

/**
 * `POST /credentials/issue` for authorized systems (ISSUE_TOKEN), e.g. a national portal that is not on DHIS2. The
 * body is a certification request `{sourceKey, kind, record}`, validated and issued exactly as the pipeline does
 * (idempotent per source key: a replay answers 200 with the same certificate, a changed record supersedes and
 * revokes the previous one, and a record whose `source.updatedAt` is older than the certified one's answers 200
 * `stale` with the current certificate). Answers 201 with `{verifiableCredential, certificateId, outcome}` for a new one.
 * A supersede is audited naming the caller (the token's name and the hashed client address).
 */
export function issueRoutes(deps: {
  store: CredentialStore; issuer: Issuer; token: string | undefined; limitBytes: number; loginGuard: LoginGuard;
}): Router {
  const router = Router();
  router.post('/credentials/issue', requireToken(deps.token, 'issue API', deps.loginGuard), ...jsonBody(deps.limitBytes), async (request, response) => {
    const parsed = parseCertificationRequest(request.body);
    const cause = { actor: String(response.locals.actor), details: { via: 'POST /credentials/issue', client: clientKey(request) } };
    const saved = await issueCertificate({ ...parsed, sourceKey: `${ISSUE_API_KEY_PREFIX}${parsed.sourceKey}` }, deps, cause);
    const created = saved.outcome === 'inserted' || saved.outcome === 'superseded';
    response.status(created ? 201 : 200).json({
      verifiableCredential: saved.certificate.credential, certificateId: saved.certificate.certificateId, outcome: saved.outcome,
      ...(saved.outcome === 'superseded' ? { supersedes: saved.previous.certificateId } : {}),
    });
  });
  return router;
}
