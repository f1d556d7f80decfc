import { createHash } from 'node:crypto';
import { issueCredential, type CredentialStatusState, type Issuer } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import {
  STATUS_LIST_SIZE, buildStatusListCredential, encodeStatusList, parseStatusEntry, statusListRange, statusListUrl,
} from '@healthcred/status-list';
import type { CertificateStatus, CredentialStore } from '@healthcred/store';
import type { BitstringStatusListEntry } from '@healthcred/types';

/** States whose certificates have their bit set. */
const SET: CertificateStatus[] = ['revoked', 'suspended'];

/** The issuer's published revocation lists, built from the store. */
export interface StatusLists {
  /** URLs of every list in use. */
  urls(): Promise<string[]>;
  /** The signed list credential as JSON text, and its ETag. @throws HealthcredError `not_found` for a list not in use. */
  credential(list: number): Promise<{ body: string; etag: string }>;
  /** The state of one of this issuer's entries, read from the store now. @throws when the entry is not this issuer's. */
  check(entry: BitstringStatusListEntry): Promise<CredentialStatusState>;
}

/**
 * Builds the revocation lists from the store: a set bit means revoked or suspended (a suspension clears again when
 * the certificate is reinstated). A list is re-signed only when its content changed or its signature is older than
 * the cache time, so replicas may each keep their own copy: they all publish the store's state.
 */
export function createStatusLists(deps: {
  store: CredentialStore; issuer: Issuer; ttlSeconds: number; now?: () => Date;
}): StatusLists {
  const now = deps.now ?? (() => new Date());
  const signed = new Map<number, { etag: string; body: string; at: number }>();

  /** The set bits of list `list`: revoked or suspended certificates. */
  async function indexes(list: number): Promise<number[]> {
    const { from, to } = statusListRange(list);
    const positions = await deps.store.listStatusPositions({ from, to, statuses: SET });
    return positions.map((position) => position - from);
  }

  async function listsInUse(): Promise<number> {
    return Math.ceil(await deps.store.reserveStatusPositions(0) / STATUS_LIST_SIZE);
  }

  return {
    async urls() {
      return Array.from({ length: await listsInUse() }, (_, i) => statusListUrl(deps.issuer.url, i + 1));
    },

    async credential(list) {
      if (!Number.isSafeInteger(list) || list < 1 || list > await listsInUse()) {
        throw new HealthcredError('not_found', 'No status list has this number.');
      }
      const set = await indexes(list);
      const etag = `"${createHash('sha256').update(set.join(',')).digest('base64url').slice(0, 27)}"`;
      const cached = signed.get(list);
      const at = now().getTime();
      if (cached && cached.etag === etag && at - cached.at < deps.ttlSeconds * 1000) return cached;
      const issuedAt = `${now().toISOString().slice(0, 19)}Z`;
      const credential = buildStatusListCredential({
        issuer: deps.issuer, list, encodedList: encodeStatusList(set), issuedAt, ttlMs: deps.ttlSeconds * 1000,
      });
      const fresh = { etag, body: JSON.stringify(await issueCredential({ credential, issuer: deps.issuer, now: now() })), at };
      signed.set(list, fresh);
      return fresh;
    },

    async check(entry) {
      const parsed = parseStatusEntry(entry, deps.issuer.url);
      if (parsed === undefined) throw new Error('not one of this issuer\'s status lists');
      const position = statusListRange(parsed.list).from + parsed.index;
      const set = await deps.store.listStatusPositions({ from: position, to: position + 1, statuses: SET });
      return set.length > 0 ? 'revoked' : 'valid';
    },
  };
}
