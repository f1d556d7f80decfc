import {
  contextUrl, ED25519_2020_CONTEXT, STATUS_LIST_CONTEXT_PATH, VC_V1_CONTEXT,
} from '@healthcred/document-loader/browser';
import type { StatusListCredential } from '@healthcred/types';
import { statusListUrl, statusPurposeOf, type StatusListKind } from './positions.js';


/** Options of {@link buildStatusListCredential}. */
export interface StatusListCredentialOptions {
  issuer: { did: string; url: string };
  /** Which series (see {@link StatusListKind}); it sets the URL and the `statusPurpose`. */
  kind: StatusListKind;
  list: number;
  encodedList: string;
  issuedAt: string;
  /** How long verifiers may cache it, in milliseconds. */
  ttlMs: number;
}

/**
 * The unsigned `BitstringStatusListCredential` for list `list` of `kind`, at its URL, with the `statusPurpose` of
 * that kind (`revocation` for the legacy series too); sign it with `issueCredential`.
 */
export function buildStatusListCredential(options: StatusListCredentialOptions): StatusListCredential {
  const url = statusListUrl(options.issuer.url, options.kind, options.list);
  return {
    '@context': [VC_V1_CONTEXT, contextUrl(options.issuer.url, STATUS_LIST_CONTEXT_PATH), ED25519_2020_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer.did,
    issuanceDate: options.issuedAt,
    credentialSubject: {
      id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: statusPurposeOf(options.kind),
      encodedList: options.encodedList, ttl: options.ttlMs,
    },
  };
}
