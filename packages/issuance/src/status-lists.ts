import { createHash } from 'node:crypto';
import { issueCredential, type CredentialStatusState, type IssuerHolder } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import {
  STATUS_LIST_KINDS, STATUS_LIST_SIZE, buildStatusListCredential, encodeStatusListFor, parseStatusEntry, statusListRange,
  statusListUrl, statusPurposeOf, type StatusListKind,
} from '@healthcred/status-list';
import type { CertificateStatus, CredentialStore } from '@healthcred/store';
import type { CredentialStatusEntry } from '@healthcred/types';

/** States whose certificates have their bit set, per series: each format of a purpose renders the same bits. */
const SET: Record<StatusListKind, CertificateStatus[]> = {
  'revocation-2021': ['revoked'], 'suspension-2021': ['suspended'], revocation: ['revoked'], suspension: ['suspended'],
  legacy: ['revoked', 'suspended'],
};

/** The issuer's published status lists, built from the store. */
export interface StatusLists {
  /** URLs of every list in use: the Status List 2021 revocation and suspension series, the Bitstring ones, the legacy series. */
  urls(): Promise<string[]>;
  /** The signed list credential as JSON text, and its ETag. @throws HealthcredError `not_found` for a list not in use. */
  credential(kind: StatusListKind, list: number): Promise<{ body: string; etag: string }>;
  /**
   * The state of one of this issuer's entries (of any series), read from the store now: a revocation entry is
   * `revoked` or `valid`, a suspension entry `suspended` or `valid`, a legacy entry whichever the certificate is.
   * @throws when the entry is not this issuer's.
   */
  check(entry: CredentialStatusEntry): Promise<CredentialStatusState>;
}

/**
 * Builds every series of lists from the store, all indexed by the store position: revocation (bit = revoked) and
 * suspension (bit = suspended; it clears again when the certificate is reinstated), each as a Status List 2021 list
 * (`revocation-2021`, `suspension-2021`: new credentials) and as a Bitstring Status List (`revocation`, `suspension`:
 * credentials issued before), and `legacy` (bit = revoked or suspended, for credentials issued before the suspension
 * lists existed). A list is re-signed only when its content
 * changed or its signature is older than the cache time, so replicas may each keep their own copy: they all publish
 * the store's state. Each list is signed by the issuer in force when it is asked for (`deps.issuer.current()`).
 */
export function createStatusLists(deps: {
  store: CredentialStore; issuer: IssuerHolder; ttlSeconds: number; now?: () => Date;
}): StatusLists {
  const now = deps.now ?? (() => new Date());
  const signed = new Map<string, { etag: string; body: string; at: number }>();

  /** The set bits of list `list` of `kind`. */
  async function indexes(kind: StatusListKind, list: number): Promise<number[]> {
    const { from, to } = statusListRange(list);
    const positions = await deps.store.listStatusPositions({ from, to, statuses: SET[kind] });
    return positions.map((position) => position - from);
  }

  async function listsInUse(): Promise<number> {
    return Math.ceil(await deps.store.reserveStatusPositions(0) / STATUS_LIST_SIZE);
  }

  async function isSet(kind: StatusListKind, position: number): Promise<boolean> {
    const set = await deps.store.listStatusPositions({ from: position, to: position + 1, statuses: SET[kind] });
    return set.length > 0;
  }

  return {
    async urls() {
      const lists = await listsInUse();
      return STATUS_LIST_KINDS.flatMap((kind) => Array.from({ length: lists }, (_, i) => statusListUrl(deps.issuer.current().url, kind, i + 1)));
    },

    async credential(kind, list) {
      if (!Number.isSafeInteger(list) || list < 1 || list > await listsInUse()) {
        throw new HealthcredError('not_found', 'No status list has this number.');
      }
      const set = await indexes(kind, list);
      // The signing key is part of both: after a rotation or a key revocation, every list is signed anew at once.
      const issuer = deps.issuer.current();
      const signer = issuer.signer.id;
      const etag = `"${createHash('sha256').update(`${signer} ${set.join(',')}`).digest('base64url').slice(0, 27)}"`;
      const key = `${kind}/${list}`;
      const cached = signed.get(key);
      const at = now().getTime();
      if (cached && cached.etag === etag && at - cached.at < deps.ttlSeconds * 1000) return cached;
      const issuedAt = `${now().toISOString().slice(0, 19)}Z`;
      const credential = buildStatusListCredential({
        issuer, kind, list, encodedList: encodeStatusListFor(kind, set), issuedAt, ttlMs: deps.ttlSeconds * 1000,
      });
      const fresh = { etag, body: JSON.stringify(await issueCredential({ credential, issuer, now: now() })), at };
      signed.set(key, fresh);
      return fresh;
    },

    async check(entry) {
      const parsed = parseStatusEntry(entry, deps.issuer.current().url);
      if (parsed === undefined) throw new Error('not one of this issuer\'s status lists');
      const position = statusListRange(parsed.list).from + parsed.index;
      if (parsed.kind !== 'legacy' && statusPurposeOf(parsed.kind) === 'suspension') {
        return await isSet('suspension', position) ? 'suspended' : 'valid';
      }
      if (await isSet('revocation', position)) return 'revoked';
      return parsed.kind === 'legacy' && await isSet('suspension', position) ? 'suspended' : 'valid';
    },
  };
}
