import { createHash } from 'node:crypto';
import { issueCredential, type IssuerHolder } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import {
  STATUS_LIST_SIZE, VC2_STATUS_LIST_KINDS, buildVc2StatusListCredential, encodeStatusList, parseVc2StatusEntry,
  statusListRange, vc2StatusListUrl, type Vc2StatusListKind,
} from '@healthcred/status-list';
import type { CertificateStatus, StatusPositions } from '@healthcred/store';
import type { StatusLists } from './status-lists.js';

/** The issuer's status lists with the VC 2.0 rendering of the same lists beside them (the `vc2` credential profile). */
export interface StatusListsWithVc2 extends StatusLists {
  /**
   * VC 2.0 list `list` of `kind` (`status/v2/{kind}/{n}`) as JSON text, and its ETag: the same bits as the VC 1.1 list
   * of that kind and number, signed with a `DataIntegrityProof`.
   * @throws HealthcredError `not_found` for a list not in use, or when the issuer does not issue VC 2.0 credentials.
   */
  vc2Credential(kind: Vc2StatusListKind, list: number): Promise<{ body: string; etag: string }>;
}

const SET: Record<Vc2StatusListKind, CertificateStatus[]> = { revocation: ['revoked'], suspension: ['suspended'] };

/**
 * Adds the VC 2.0 lists to `lists` when the issuer issues VC 2.0 credentials (`issuer.dataModel` `vc2`): `urls()`
 * names them too, `check()` answers their entries from the store, and `vc2Credential()` renders them (re-signed only
 * when their bits or the signing key changed, or the signature is older than the cache time). The store bits and the
 * list numbering are the VC 1.1 lists'. For any other issuer `lists` is returned as it is, `vc2Credential` refusing.
 */
export function withVc2StatusLists(lists: StatusLists, deps: {
  store: StatusPositions; issuer: IssuerHolder; ttlSeconds: number; now?: () => Date;
}): StatusListsWithVc2 {
  const { store } = deps;
  // The URL and the data model stay the same when the keys change; the signer is read at each signing.
  const { url, dataModel } = deps.issuer.current();
  const now = deps.now ?? (() => new Date());
  const signed = new Map<string, { etag: string; body: string; at: number }>();
  const listsInUse = async () => Math.ceil(await store.reserveStatusPositions(0) / STATUS_LIST_SIZE);
  const isSet = async (kind: Vc2StatusListKind, position: number) =>
    (await store.listStatusPositions({ from: position, to: position + 1, statuses: SET[kind] })).length > 0;
  if (dataModel !== 'vc2') {
    return { ...lists, vc2Credential: async () => { throw new HealthcredError('not_found', 'This issuer publishes no VC 2.0 status lists.'); } };
  }
  return {
    async urls() {
      const count = await listsInUse();
      const vc2 = VC2_STATUS_LIST_KINDS.flatMap((kind) => Array.from({ length: count }, (_, i) => vc2StatusListUrl(url, kind, i + 1)));
      return [...await lists.urls(), ...vc2];
    },
    credential: (kind, list) => lists.credential(kind, list),
    async check(entry) {
      const parsed = parseVc2StatusEntry(entry, url);
      if (parsed === undefined) return lists.check(entry);
      const position = statusListRange(parsed.list).from + parsed.index;
      if (!(await isSet(parsed.kind as Vc2StatusListKind, position))) return 'valid';
      return parsed.kind === 'revocation' ? 'revoked' : 'suspended';
    },
    async vc2Credential(kind, list) {
      if (!Number.isSafeInteger(list) || list < 1 || list > await listsInUse()) {
        throw new HealthcredError('not_found', 'No status list has this number.');
      }
      const { from, to } = statusListRange(list);
      const set = (await store.listStatusPositions({ from, to, statuses: SET[kind] })).map((position) => position - from);
      const issuer = deps.issuer.current();
      const signer = issuer.multikeySigner.id;
      const etag = `"${createHash('sha256').update(`vc2 ${signer} ${set.join(',')}`).digest('base64url').slice(0, 27)}"`;
      const cached = signed.get(`${kind}/${list}`);
      const at = now().getTime();
      if (cached && cached.etag === etag && at - cached.at < deps.ttlSeconds * 1000) return cached;
      const credential = buildVc2StatusListCredential({
        issuer, kind, list, encodedList: encodeStatusList(set), issuedAt: `${now().toISOString().slice(0, 19)}Z`,
        ttlMs: deps.ttlSeconds * 1000,
      });
      const fresh = { etag, body: JSON.stringify(await issueCredential({ credential, issuer, now: now() })), at };
      signed.set(`${kind}/${list}`, fresh);
      return fresh;
    },
  };
}
