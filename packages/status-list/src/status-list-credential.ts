import {
  contextUrl, ED25519_2020_CONTEXT, STATUS_LIST_2021_CONTEXT, STATUS_LIST_CONTEXT_PATH, VC_V1_CONTEXT,
} from '@healthcred/document-loader/browser';
import type { StatusListCredential } from '@healthcred/types';
import { encodeStatusList, encodeStatusList2021 } from './bitstring.js';
import { statusListFormatOf, statusListUrl, statusPurposeOf, type StatusListKind } from './positions.js';

/** Options of {@link buildStatusListCredential}. */
export interface StatusListCredentialOptions {
  issuer: { did: string; url: string };
  /** Which series (see {@link StatusListKind}); it sets the URL, the format and the `statusPurpose`. */
  kind: StatusListKind;
  list: number;
  /** The encoded bitstring, in the format of `kind`: see {@link encodeStatusListFor}. */
  encodedList: string;
  issuedAt: string;
  /** How long verifiers may cache it, in milliseconds (Bitstring lists only: Status List 2021 has no `ttl` term). */
  ttlMs: number;
}

/**
 * The `encodedList` of a list of `kind` with the bits at `indexes` set: {@link encodeStatusList2021} (no prefix) for
 * the 2021 kinds, {@link encodeStatusList} (multibase `u`) for the others.
 * @throws RangeError when an index is outside the list.
 */
export function encodeStatusListFor(kind: StatusListKind, indexes: Iterable<number>): string {
  return statusListFormatOf(kind) === '2021' ? encodeStatusList2021(indexes) : encodeStatusList(indexes);
}

/**
 * The unsigned list credential for list `list` of `kind`, at its URL, with the `statusPurpose` of that kind
 * (`revocation` for the legacy series too); sign it with `issueCredential`. For the 2021 kinds a
 * `StatusList2021Credential` (contexts VC v1, Status List 2021, Ed25519-2020; `encodedList` without prefix), for the
 * others a `BitstringStatusListCredential` under healthcred's status-list context (multibase `encodedList`, `ttl`).
 */
export function buildStatusListCredential(options: StatusListCredentialOptions): StatusListCredential {
  const url = statusListUrl(options.issuer.url, options.kind, options.list);
  const statusPurpose = statusPurposeOf(options.kind);
  const common = { id: url, issuer: options.issuer.did, issuanceDate: options.issuedAt };
  if (statusListFormatOf(options.kind) === '2021') {
    return {
      '@context': [VC_V1_CONTEXT, STATUS_LIST_2021_CONTEXT, ED25519_2020_CONTEXT],
      ...common, type: ['VerifiableCredential', 'StatusList2021Credential'],
      credentialSubject: { id: `${url}#list`, type: 'StatusList2021', statusPurpose, encodedList: options.encodedList },
    };
  }
  return {
    '@context': [VC_V1_CONTEXT, contextUrl(options.issuer.url, STATUS_LIST_CONTEXT_PATH), ED25519_2020_CONTEXT],
    ...common, type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    credentialSubject: {
      id: `${url}#list`, type: 'BitstringStatusList', statusPurpose, encodedList: options.encodedList, ttl: options.ttlMs,
    },
  };
}
