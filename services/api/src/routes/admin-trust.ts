import { Router, type Request } from 'express';
import { HealthcredError } from '@healthcred/errors';
import { auditTrustChange, type TrustedIssuers } from '@healthcred/runtime';
import type { AuditLog } from '@healthcred/store';
import { parseNewTrustEntry } from '@healthcred/trust';
import type { TrustedIssuer } from '@healthcred/types';
import { reasonOf } from '../admin-reason.js';
import { requireToken } from '../auth.js';
import { parseJsonBody } from '../json-body.js';
import type { LoginGuard } from '../login-limit.js';

/** What the trust list administration needs. */
export interface AdminTrustRouteDeps {
  store: Pick<AuditLog, 'appendAudit'>;
  adminTokens: ReadonlyMap<string, string>;
  /** Limits, logs and audits wrong tokens. */
  loginGuard: LoginGuard;
  /** The trust list verification uses now (this issuer first). */
  trustedIssuers: () => readonly TrustedIssuer[];
  /** The editable trust list; without it the list can be read but not changed on this server. */
  trustList?: Pick<TrustedIssuers, 'entries' | 'add' | 'remove'>;
  now?: () => Date;
}

function editable(deps: AdminTrustRouteDeps): NonNullable<AdminTrustRouteDeps['trustList']> {
  if (!deps.trustList) throw new HealthcredError('conflict', 'The trust list cannot be edited on this server.');
  return deps.trustList;
}

/**
 * Trust list administration, behind admin tokens; every change in the audit log (who, what, when, why):
 * - `GET /admin/trust`: this issuer (`self`) and the file's entries, each `active` or not (a did:web entry is active
 *   once its document was fetched) with when it was fetched and the last failure;
 * - `POST /admin/trust` `{did, name, country, didDocument | resolve: "did:web", contextBaseUrls?, reason}`: 201 with
 *   the entry; a did:web entry to resolve is fetched first and refused when it cannot be; 409 for a DID already there;
 * - `DELETE /admin/trust/{did}` `{reason}`, the DID URL-encoded (`encodeURIComponent`: `%3A` in a did:web DID is
 *   part of it): 200 with the removed entry.
 * Other replicas follow the file within seconds (HEALTHCRED_TRUST_LIST_FILE on a shared volume).
 */
export function adminTrustRoutes(deps: AdminTrustRouteDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.use('/admin/trust', requireToken(deps.adminTokens, 'admin API', deps.loginGuard), ...parseJsonBody(64 * 1024));
  const actor = (request: Request) => String(request.res?.locals.actor);

  router.get('/admin/trust', (_request, response) => {
    const [self] = deps.trustedIssuers();
    const entries = (deps.trustList?.entries() ?? []).map(({ entry, active, resolution }) => ({
      ...entry, active,
      ...(resolution?.fetchedAt ? { fetchedAt: resolution.fetchedAt } : {}),
      ...(resolution?.error ? { error: resolution.error, failedAt: resolution.failedAt } : {}),
    }));
    response.json({ self: self && { did: self.did, name: self.name, country: self.country }, entries });
  });

  router.post('/admin/trust', async (request, response) => {
    const reason = reasonOf(request);
    const { reason: _reason, ...body } = (request.body ?? {}) as Record<string, unknown>;
    const entry = parseNewTrustEntry(body);
    const at = now();
    const added = await editable(deps).add(entry, { addedBy: actor(request), now: at });
    await auditTrustChange(deps.store, { action: 'add', entry: added, actor: actor(request), reason, now: at });
    response.status(201).json(added);
  });

  router.delete('/admin/trust/:did', async (request, response) => {
    const reason = reasonOf(request);
    const removed = editable(deps).remove(String(request.params.did));
    await auditTrustChange(deps.store, { action: 'remove', entry: removed, actor: actor(request), reason, now: now() });
    response.json({ removed });
  });
  return router;
}
