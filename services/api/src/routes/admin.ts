import { Router, type Request } from 'express';
import type { EventBus } from '@healthcred/bus';
import { normalizeCertificateId, type IssuerHolder } from '@healthcred/credentials';
import { erasableEventLog, eraseHolder, reissueCertificate } from '@healthcred/issuance';
import { activeIssuerKey, type IssuerKeySet } from '@healthcred/issuer-identity';
import { HealthcredError } from '@healthcred/errors';
import type { Logger } from '@healthcred/runtime';
import type { CertificateStatus, CredentialStore, DeadLetter, StoredCertificate } from '@healthcred/store';
import { requireToken } from '../auth.js';
import { createKeyJobs } from '../key-jobs.js';
import { reasonOf } from '../admin-reason.js';
import { parseJsonBody } from '../json-body.js';
import type { LoginGuard } from '../login-limit.js';
import { queryChoice, queryLimit, queryText } from '../query.js';

/** What the admin routes need. */
export interface AdminRouteDeps {
  store: CredentialStore;
  bus: EventBus;
  /** Signs re-issued certificates (the issuer in force at each request). */
  issuer: IssuerHolder;
  adminTokens: ReadonlyMap<string, string>;
  /** Limits, logs and audits wrong tokens. */
  loginGuard: LoginGuard;
  /** Rotates the issuer key and returns the new set; absent when keys cannot be rotated at run time. */
  rotateKeys?: () => IssuerKeySet;
  /**
   * Revokes an issuer key (the active one: a fresh key first), reloads the issuer and returns the new set; absent when
   * keys cannot change at run time.
   */
  revokeKey?: (keyId: string, reason: string) => IssuerKeySet;
  /** Wait before a re-issue job's last pass, for processes still on the old key file. Default 5000 ms. */
  reissueSettleMs?: number;
  logger?: Logger;
  now?: () => Date;
}

type StatusAction = 'revoke' | 'suspend' | 'reinstate';

/** Which status each action sets, and from which states it may. A revocation is final. */
const ACTIONS: Record<StatusAction, { to: CertificateStatus; from: CertificateStatus[] }> = {
  revoke: { to: 'revoked', from: ['issued', 'suspended'] },
  suspend: { to: 'suspended', from: ['issued'] },
  reinstate: { to: 'issued', from: ['suspended'] },
};

async function certificateOf(store: CredentialStore, request: Request): Promise<StoredCertificate> {
  const id = normalizeCertificateId(String(request.params.id ?? ''));
  const certificate = id ? await store.findByCertificateId(id) : undefined;
  if (!certificate) throw new HealthcredError('not_found', 'No certificate has this id.');
  return certificate;
}

const DEAD_LETTER_STATUSES: readonly DeadLetter['status'][] = ['open', 'redriven', 'discarded'];

/** An operator's view of a certificate: lifecycle fields, not the credential's personal data. */
function adminView(certificate: StoredCertificate) {
  const { credential: _credential, dob: _dob, subjectId: _subject, ...view } = certificate;
  return view;
}

/**
 * Administration, behind admin tokens (ADMIN_TOKEN / ADMIN_TOKENS); every change is written to the audit log with
 * who, what, when and why:
 * - `POST /admin/certificates/{id}/revoke|suspend|reinstate` `{reason}` (a revocation is final; the status list
 *   shows revoked and suspended certificates);
 * - `POST /admin/certificates/{id}/erase` `{reason}`: erases the personal data of the certificate's holder (all their
 *   certificates stay revoked in their status lists; see `eraseHolder`), audited with the reason and no personal data;
 * - `POST /admin/certificates/{id}/reissue` `{reason}`: the same record signed now (current key), under a new id; the
 *   old certificate is revoked and points to the new one;
 * - `POST /admin/keys/rotate` `{reason}`: a new active key; the old one stays published, so what it signed keeps
 *   verifying; the other processes follow the key file;
 * - `POST /admin/keys/{keyId}/revoke` `{reason}` (key id URL-encoded): the key is published as revoked (nothing it
 *   signed verifies any more; the active key is replaced first), then every current certificate it signed is
 *   re-issued under the active key in the background: 202 with the job's counts; `GET /admin/keys/{keyId}/reissue`
 *   reads its progress, `POST /admin/keys/{keyId}/reissue` `{reason}` runs it again (after a restart: it resumes);
 * - `GET /admin/certificates/{id}`; `GET /admin/audit?target=&limit=`;
 * - `GET /admin/dead-letters?status=open|redriven|discarded&limit=` and `GET /admin/dead-letters/{id}` (payloads
 *   hold names, national ids and phone numbers: each read is audited, as is each certificate view);
 * - `POST /admin/dead-letters/{id}/redrive` `{reason}` (publishes the payload again to its topic, after a fix) and
 *   `POST /admin/dead-letters/{id}/discard` `{reason}`.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.use('/admin', requireToken(deps.adminTokens, 'admin API', deps.loginGuard), ...parseJsonBody(64 * 1024));
  const audit = (request: Request, action: string, target: string, reason: string, details?: Record<string, string>) =>
    deps.store.appendAudit({
      at: now().toISOString(), actor: String(request.res?.locals.actor), action, target, reason, ...(details ? { details } : {}),
    });

  /** Reads of personal data leave an entry too (who looked at what), written before the data is sent. */
  const READ = 'read by an administrator';

  router.get('/admin/certificates/:id', async (request, response) => {
    const certificate = await certificateOf(deps.store, request);
    await audit(request, 'certificate.read', certificate.certificateId, READ);
    response.json(adminView(certificate));
  });

  for (const action of Object.keys(ACTIONS) as StatusAction[]) {
    router.post(`/admin/certificates/:id/${action}`, async (request, response) => {
      const reason = reasonOf(request);
      const certificate = await certificateOf(deps.store, request);
      const { to, from } = ACTIONS[action];
      if (!from.includes(certificate.status)) {
        throw new HealthcredError('conflict', `Cannot ${action} a certificate that is ${certificate.status}.`);
      }
      const updated = await deps.store.setStatus(certificate.certificateId, to, reason);
      await audit(request, `certificate.${action}`, certificate.certificateId, reason, { from: certificate.status, to });
      response.json(adminView(updated));
    });
  }

  router.post('/admin/certificates/:id/erase', async (request, response) => {
    const reason = reasonOf(request);
    const { certificateId } = await certificateOf(deps.store, request);
    const { erasure, audit: entry } = await eraseHolder({ certificateId, reason, actor: String(response.locals.actor), now },
      deps.store, erasableEventLog(deps.bus));
    response.json({ ...erasure, audit: entry.id });
  });

  router.post('/admin/certificates/:id/reissue', async (request, response) => {
    const reason = reasonOf(request);
    const { certificateId } = await certificateOf(deps.store, request);
    const saved = await reissueCertificate({ certificateId, reason: `re-issued: ${reason}` }, { store: deps.store, issuer: deps.issuer.current() });
    await audit(request, 'certificate.reissue', certificateId, reason, { replacement: saved.certificate.certificateId });
    response.status(201).json({ certificate: adminView(saved.certificate), previous: adminView(saved.previous) });
  });

  router.post('/admin/keys/rotate', async (request, response) => {
    const reason = reasonOf(request);
    if (!deps.rotateKeys) throw new HealthcredError('conflict', 'The issuer keys cannot be rotated at run time on this server.');
    const keys = deps.rotateKeys();
    const [active, ...retired] = keys.keys.map((key) => key.id);
    await audit(request, 'keys.rotate', keys.did, reason, { active: active!, retired: retired.join(' ') });
    response.json({ did: keys.did, active, retired });
  });

  const jobs = createKeyJobs({
    store: deps.store, issuer: deps.issuer, now,
    ...(deps.logger ? { logger: deps.logger } : {}), ...(deps.reissueSettleMs === undefined ? {} : { settleMs: deps.reissueSettleMs }),
  });
  /** The key id of the path: a verification method id, or its `z6Mk...` part (of this issuer's DID). */
  const keyIdOf = (request: Request) => {
    const keyId = String(request.params.keyId ?? '');
    if (keyId.length < 3 || keyId.length > 300) {
      throw new HealthcredError('invalid_input', 'The key id must be a verification method id (did:...#z6Mk...).', { field: 'keyId' });
    }
    return keyId.startsWith('did:') ? keyId : `${deps.issuer.current().did}#${keyId}`;
  };

  router.post('/admin/keys/:keyId/revoke', async (request, response) => {
    const reason = reasonOf(request);
    if (!deps.revokeKey) throw new HealthcredError('conflict', 'The issuer keys cannot be revoked at run time on this server.');
    const keyId = keyIdOf(request);
    const keys = deps.revokeKey(keyId, reason);
    const key = keys.keys.find((k) => k.id === keyId)!;
    const active = activeIssuerKey(keys).id;
    await audit(request, 'keys.revoke', key.id, reason, { did: keys.did, active });
    const job = await jobs.start({ keyId: key.id, reason, actor: String(response.locals.actor) });
    response.status(202).json({ did: keys.did, keyId: key.id, revoked: key.revoked, active, job });
  });

  router.post('/admin/keys/:keyId/reissue', async (request, response) => {
    const reason = reasonOf(request);
    response.status(202).json(await jobs.start({ keyId: keyIdOf(request), reason, actor: String(response.locals.actor) }));
  });

  router.get('/admin/keys/:keyId/reissue', (request, response) => {
    const job = jobs.get(keyIdOf(request));
    if (!job) throw new HealthcredError('not_found', 'This server has run no re-issue job for this key since it started.');
    response.json(job);
  });

  router.get('/admin/audit', async (request, response) => {
    const limit = queryLimit(request);
    const target = queryText(request, 'target', 500);
    response.json({ entries: await deps.store.listAudit({ ...(limit === undefined ? {} : { limit }), ...(target ? { target } : {}) }) });
  });

  router.get('/admin/dead-letters', async (request, response) => {
    const status = queryChoice(request, 'status', DEAD_LETTER_STATUSES);
    const limit = queryLimit(request);
    const deadLetters = await deps.store.listDeadLetters({ ...(status ? { status } : {}), ...(limit === undefined ? {} : { limit }) });
    await audit(request, 'dead_letter.list', 'dead-letters', READ, {
      count: String(deadLetters.length), ids: deadLetters.map((letter) => letter.id.slice(0, 12)).join(' '), ...(status ? { status } : {}),
    });
    response.json({ deadLetters });
  });

  const findDeadLetter = async (id: string): Promise<DeadLetter> => {
    const found = await deps.store.findDeadLetter(id);
    if (!found) throw new HealthcredError('not_found', 'No dead letter has this id.');
    return found;
  };

  router.get('/admin/dead-letters/:id', async (request, response) => {
    const letter = await findDeadLetter(String(request.params.id));
    await audit(request, 'dead_letter.read', letter.id, READ, { topic: letter.topic });
    response.json(letter);
  });

  router.post('/admin/dead-letters/:id/redrive', async (request, response) => {
    const reason = reasonOf(request);
    const letter = await findDeadLetter(String(request.params.id));
    await deps.bus.publish(letter.topic, [{
      ...(letter.key === undefined ? {} : { key: letter.key }), value: letter.payload, headers: { redriven: letter.id },
    }]);
    const updated = await deps.store.setDeadLetterStatus(letter.id, 'redriven');
    await audit(request, 'dead_letter.redrive', letter.id, reason, { topic: letter.topic });
    response.json(updated);
  });

  router.post('/admin/dead-letters/:id/discard', async (request, response) => {
    const reason = reasonOf(request);
    const letter = await findDeadLetter(String(request.params.id));
    const updated = await deps.store.setDeadLetterStatus(letter.id, 'discarded');
    await audit(request, 'dead_letter.discard', letter.id, reason);
    response.json(updated);
  });
  return router;
}
