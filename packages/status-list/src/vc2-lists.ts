import { VC_V2_CONTEXT } from '@healthcred/document-loader/browser';
import type { BitstringStatusListEntry } from '@healthcred/types';
import {
  STATUS_LIST_SIZE, statusPurposeOf, type ParsedStatusEntry, type StatusListKind,
} from './positions.js';

// The VC 2.0 lists of the `vc2` credential profile: the same store bits and numbering as the VC 1.1 lists, rendered
// as VC 2.0 credentials at URLs of their own, so that an entry of either profile points at a list of its own form.

/** The series of VC 2.0 lists: revocation and suspension (no legacy series: no VC 2.0 credential predates them). */
export type Vc2StatusListKind = Extract<StatusListKind, 'revocation' | 'suspension'>;

/** Every VC 2.0 kind, in the order `GET /status` lists them. */
export const VC2_STATUS_LIST_KINDS: readonly Vc2StatusListKind[] = ['revocation', 'suspension'];

/** Path of VC 2.0 status list `list` of `kind` under the issuer's base URL, e.g. `status/v2/suspension/3`. */
export function vc2StatusListPath(kind: Vc2StatusListKind, list: number): string {
  return `status/v2/${kind}/${list}`;
}

/** URL of VC 2.0 status list `list` (numbered from 1) of `kind` of the issuer at `issuerUrl`. */
export function vc2StatusListUrl(issuerUrl: string, kind: Vc2StatusListKind, list: number): string {
  return `${issuerUrl.replace(/\/+$/, '')}/${vc2StatusListPath(kind, list)}`;
}

/**
 * The `credentialStatus` of a new VC 2.0 credential at store position `position`: its revocation entry, then its
 * suspension entry, `BitstringStatusListEntry` as the VC 2.0 context defines it, at the same list and index as
 * `statusEntryForPosition` gives a VC 1.1 credential, on the VC 2.0 lists.
 * @throws RangeError when `position` is not a non-negative integer.
 */
export function vc2StatusEntryForPosition(position: number, issuerUrl: string): [BitstringStatusListEntry, BitstringStatusListEntry] {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError('A status position is a non-negative integer.');
  const list = Math.floor(position / STATUS_LIST_SIZE) + 1;
  const index = position % STATUS_LIST_SIZE;
  const entry = (kind: Vc2StatusListKind): BitstringStatusListEntry => {
    const url = vc2StatusListUrl(issuerUrl, kind, list);
    return {
      id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: statusPurposeOf(kind),
      statusListIndex: String(index), statusListCredential: url,
    };
  };
  return [entry('revocation'), entry('suspension')];
}

const VC2_LIST_PATH = /^status\/v2\/(revocation|suspension)\/([1-9]\d{0,8})$/;

/**
 * The kind, list number and index a VC 2.0 entry names, when it names one of this issuer's VC 2.0 lists with the
 * `statusPurpose` of that kind, else undefined.
 */
export function parseVc2StatusEntry(entry: unknown, issuerUrl: string): ParsedStatusEntry | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { statusListCredential, statusListIndex, statusPurpose } = entry as Record<string, unknown>;
  if (typeof statusListCredential !== 'string' || typeof statusListIndex !== 'string') return undefined;
  const prefix = `${issuerUrl.replace(/\/+$/, '')}/`;
  if (!statusListCredential.startsWith(prefix)) return undefined;
  const path = VC2_LIST_PATH.exec(statusListCredential.slice(prefix.length));
  if (path === null || !/^(0|[1-9]\d{0,9})$/.test(statusListIndex)) return undefined;
  const kind = path[1] as Vc2StatusListKind;
  const index = Number(statusListIndex);
  if (statusPurpose !== statusPurposeOf(kind) || index >= STATUS_LIST_SIZE) return undefined;
  return { kind, list: Number(path[2]), index };
}

/** An unsigned VC 2.0 `BitstringStatusListCredential`. */
export interface Vc2StatusListCredentialJson {
  '@context': [typeof VC_V2_CONTEXT];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: {
    id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation' | 'suspension'; encodedList: string; ttl: number;
  };
}

/**
 * The unsigned VC 2.0 `BitstringStatusListCredential` for VC 2.0 list `list` of `kind`, at its URL: `@context` the
 * VC 2.0 context alone (it defines every term), `validFrom`, the subject a `BitstringStatusList` with the kind's
 * `statusPurpose`. Sign it with `issueCredential` (a `DataIntegrityProof`, `eddsa-rdfc-2022`).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
 */
export function buildVc2StatusListCredential(options: {
  issuer: { did: string; url: string }; kind: Vc2StatusListKind; list: number; encodedList: string; issuedAt: string;
  ttlMs: number;
}): Vc2StatusListCredentialJson {
  const url = vc2StatusListUrl(options.issuer.url, options.kind, options.list);
  return {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer.did,
    validFrom: options.issuedAt,
    credentialSubject: {
      id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: statusPurposeOf(options.kind),
      encodedList: options.encodedList, ttl: options.ttlMs,
    },
  };
}
