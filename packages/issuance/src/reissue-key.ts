import type { IssuerHolder } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import type { SigningKeyQuery } from '@healthcred/store';
import type { IssuanceDeps } from './issue-certificate.js';
import { reissueCurrent } from './reissue-certificate.js';

/** Where a {@link reissueKeyCertificates} job stands. */
export interface KeyReissueProgress {
  /** The revoked key (verification method id). */
  keyId: string;
  /** Certificates to re-issue: current, `issued`, signed by the key (counted at the start of each pass). */
  total: number;
  reissued: number;
  /** Replaced meanwhile by someone else (a correction, another job): nothing to do. */
  skipped: number;
  /** Could not be re-issued (a credential that does not read back as a record): still signed by the key. */
  failed: number;
  /** Suspended certificates signed by the key, left as they are: re-issue each when it is reinstated. */
  suspended: number;
  /** Working time so far (waits between passes left out). */
  seconds: number;
  /** Certificates re-issued per second of working time. */
  perSecond: number;
  done: boolean;
}

/** Options of {@link reissueKeyCertificates}. */
export interface KeyReissueOptions {
  /** The revoked key whose certificates are re-issued (a verification method id of the issuer's DID document). */
  keyId: string;
  /** Why the key was revoked: written on each replaced certificate and in the audit log. */
  reason: string;
  /** Who runs the job, for the audit log. */
  actor: string;
  /** Certificates per page and signing pass. Default 500. */
  batchSize?: number;
  /**
   * Called with the progress once the counts are known, then at most every `progressEveryMs` (default 5000), and
   * once at the end (`done`).
   */
  onProgress?: (progress: KeyReissueProgress) => void;
  progressEveryMs?: number;
  /**
   * After a pass, wait this long and pass again while certificates signed by the key keep appearing: other processes
   * sign with the old key until they reload the key file (every 2 s). Default 5000; 0 makes one pass.
   */
  settleMs?: number;
}

/** What a key re-issue job needs: issuance's deps, with the issuer in force held (read again for each page). */
export type KeyReissueDeps = Omit<IssuanceDeps, 'issuer'> & { issuer: IssuerHolder };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The re-issue job of a key revocation: every current `issued` certificate the revoked key signed is re-issued under
 * the issuer's current key (same record, new certificate id); the old one is revoked and linked to the new
 * (`supersededBy`). Resumable: the job selects what still needs doing from the store
 * (`listCurrentBySigningKey`), so after a crash, running it again re-issues the rest, each certificate once. Two
 * jobs at once are safe too (the store re-issues a certificate once; the other counts it as skipped). The audit log
 * gets one entry at the start (`keys.reissue.start`) and one at the end (`keys.reissue.end`, with the counts). Each
 * page is signed by the issuer in force when it starts: a key change during the job applies from the next page.
 *
 * @throws HealthcredError `not_found` when the issuer's DID document has no such key; `conflict` when the key is not
 *   revoked there, or the issuer still signs with it; store errors (the job stops; run it again to resume).
 */
export async function reissueKeyCertificates(options: KeyReissueOptions, deps: KeyReissueDeps): Promise<KeyReissueProgress> {
  const { keyId } = options;
  const issuer = deps.issuer.current();
  const method = issuer.didDocument.verificationMethod.find((m) => m.id === keyId);
  if (!method) throw new HealthcredError('not_found', `The issuer's DID document has no key ${keyId}.`, { field: 'keyId' });
  if (method.revoked === undefined) throw new HealthcredError('conflict', `The key ${keyId} is not revoked.`);
  if (issuer.signer.id === keyId) {
    throw new HealthcredError('conflict', `The issuer still signs with ${keyId}: reload its keys first.`);
  }
  const now = () => deps.now?.() ?? new Date();
  const batchSize = options.batchSize ?? 500;
  // Credentials name the key by its Ed25519VerificationKey2020 id (VC 1.1) or by its Multikey id (VC 2.0).
  const methods = [keyId, ...issuer.didDocument.verificationMethod
    .filter((m) => m.type === 'Multikey' && m.publicKeyMultibase === method.publicKeyMultibase && m.id !== keyId).map((m) => m.id)];
  const query: Omit<SigningKeyQuery, 'verificationMethod'> = { status: 'issued' };
  const countCurrent = async (status: SigningKeyQuery['status']) => (await Promise.all(methods.map((verificationMethod) =>
    deps.store.countCurrentBySigningKey({ ...query, verificationMethod, status })))).reduce((sum, n) => sum + n, 0);
  const failed = new Set<string>();
  const progress: KeyReissueProgress = {
    keyId, total: await countCurrent('issued'), reissued: 0, skipped: 0, failed: 0,
    suspended: await countCurrent('suspended'), seconds: 0, perSecond: 0, done: false,
  };
  let workedMs = 0;
  let since = performance.now();
  let reported = since;
  const tick = (force = false) => {
    const at = performance.now();
    workedMs += at - since;
    since = at;
    progress.seconds = Math.round(workedMs / 100) / 10;
    progress.perSecond = workedMs > 0 ? Math.round(progress.reissued / (workedMs / 1000)) : 0;
    progress.failed = failed.size;
    // Certificates another process signed with the key during this pass may be found beyond the first count.
    progress.total = Math.max(progress.total, progress.reissued + progress.skipped + progress.failed);
    if (force || at - reported >= (options.progressEveryMs ?? 5000)) {
      reported = at;
      options.onProgress?.({ ...progress });
    }
  };
  const audit = (action: string, details: Record<string, string>) => deps.store.appendAudit({
    at: now().toISOString(), actor: options.actor, action, target: keyId, reason: options.reason, details,
  });
  const counts = () => Object.fromEntries(Object.entries(progress)
    .filter(([, value]) => typeof value === 'number').map(([name, value]) => [name, String(value)]));
  const reason = `re-issued: signing key revoked (${options.reason})`;

  const pass = async () => {
    for (const verificationMethod of methods) await passOf(verificationMethod);
  };
  const passOf = async (verificationMethod: string) => {
    for (let after = ''; ;) {
      const page = await deps.store.listCurrentBySigningKey({ ...query, verificationMethod, limit: batchSize, after });
      if (page.length === 0) return;
      for (const [i, result] of (await reissueCurrent(page, reason, { ...deps, issuer: deps.issuer.current() })).entries()) {
        if (!(result instanceof Error)) progress.reissued++;
        else if (result.code === 'conflict') progress.skipped++;
        else failed.add(page[i]!.certificateId);
      }
      after = page.at(-1)!.certificateId;
      tick();
    }
  };

  await audit('keys.reissue.start', { total: String(progress.total), suspended: String(progress.suspended) });
  tick(true);
  try {
    await pass();
    while ((options.settleMs ?? 5000) > 0) {
      tick();
      await sleep(options.settleMs ?? 5000);
      since = performance.now();
      const remaining = await countCurrent('issued');
      if (remaining <= failed.size) break;
      progress.total = progress.reissued + progress.skipped + remaining;
      await pass();
    }
  } catch (error) {
    tick();
    await audit('keys.reissue.end', { ...counts(), outcome: 'stopped', error: (error as Error).message }).catch(() => undefined);
    throw error;
  }
  progress.done = true;
  tick(true);
  await audit('keys.reissue.end', { ...counts(), outcome: 'done' });
  return { ...progress };
}
