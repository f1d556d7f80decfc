import { Router } from 'express';
import { readVcApiIssueRequest, type Issuer, type IssuerHolder } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { issueCertificate } from '@healthcred/issuance';
import { parseCertificationRequest, type CertificationRequest } from '@healthcred/records';
import type { CredentialStore } from '@healthcred/store';
import { requireToken } from '../auth.js';
import { jsonBody } from '../json-body.js';
import type { LoginGuard } from '../login-limit.js';
import { clientKey } from '../rate-limit.js';

/** Source keys of requests made through this endpoint are namespaced, so a caller cannot touch DHIS2's records. */
export const ISSUE_API_KEY_PREFIX = 'issue-api:';

/** Source keys of W3C VC API requests (after the issue API prefix): the request's `credentialId` or credential id. */
const VC_API_KEY_PREFIX = 'vc-api:';
const CERTIFICATION_REQUEST_MEMBERS = ['sourceKey', 'kind', 'record'];

/** The certification request of either body: a W3C VC API `{credential, options}`, or healthcred's own. */
function certificationRequestOf(body: unknown, issuer: Issuer): CertificationRequest {
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  if ('credential' in object) {
    const { healthRecord, requestKey } = readVcApiIssueRequest(body, issuer);
    if (issuer.divoc && healthRecord.expiresAt !== undefined) {
      throw new HealthcredError('invalid_input', 'credential.expirationDate: DIVOC credentials carry no expiry: leave it out.',
        { field: 'credential.expirationDate' });
    }
    return { sourceKey: `${VC_API_KEY_PREFIX}${requestKey}`, ...healthRecord };
  }
  if (CERTIFICATION_REQUEST_MEMBERS.some((member) => member in object)) return parseCertificationRequest(body);
  throw new HealthcredError('invalid_input', 'The body must be a W3C VC API issue request {"credential": {...}, "options": {...}} '
    + 'or a certification request {"sourceKey", "kind", "record"}.', { field: 'credential' });
}

/**
 * `POST /credentials/issue` for authorized systems (ISSUE_TOKEN), e.g. a national portal that is not on DHIS2. The
 * body is a certification request `{sourceKey, kind, record}`, or a W3C VC API request `{credential, options}` whose
 * unsigned vaccination or test credential is read back into its record (`readVcApiIssueRequest`; its source key is
 * `options.credentialId`, else `credential.id`, else the record's hash; its `expirationDate` becomes the credential's,
 * and is refused under the DIVOC profile, whose credentials have none). Either is validated and issued exactly as
 * the pipeline does (idempotent per source key: a replay answers 200 with the same certificate, a changed record supersedes and
 * revokes the previous one, and a record whose `source.updatedAt` is older than the certified one's answers 200
 * `stale` with the current certificate). Answers 201 with `{verifiableCredential, certificateId, outcome}` for a new one.
 * A supersede is audited naming the caller (the token's name and the hashed client address).
 */
export function issueRoutes(deps: {
  store: CredentialStore; issuer: IssuerHolder; token: string | undefined; limitBytes: number; loginGuard: LoginGuard;
}): Router {
  const router = Router();
  router.post('/credentials/issue', requireToken(deps.token, 'issue API', deps.loginGuard), ...jsonBody(deps.limitBytes), async (request, response) => {
    const issuer = deps.issuer.current();
    const parsed = certificationRequestOf(request.body, issuer);
    const cause = { actor: String(response.locals.actor), details: { via: 'POST /credentials/issue', client: clientKey(request) } };
    const saved = await issueCertificate({ ...parsed, sourceKey: `${ISSUE_API_KEY_PREFIX}${parsed.sourceKey}` }, { store: deps.store, issuer }, cause);
    const created = saved.outcome === 'inserted' || saved.outcome === 'superseded';
    response.status(created ? 201 : 200).json({
      verifiableCredential: saved.certificate.credential, certificateId: saved.certificate.certificateId, outcome: saved.outcome,
      ...(saved.outcome === 'superseded' ? { supersedes: saved.previous.certificateId } : {}),
    });
  });
  return router;
}
