import { verifyCredential } from '@healthcred/credentials/verify';
import type { TrustedIssuer, VerificationResult } from '@healthcred/types';
import { contextLoaderFor } from './contexts.js';
import { statusOf, type TrustSnapshot } from './trust-store.js';

const isStatusList = (list: object) => {
  const type = (list as { type?: unknown }).type;
  return Array.isArray(type) && (type[1] === 'BitstringStatusListCredential' || type[1] === 'StatusList2021Credential');
};

/** Status lists already checked, per list object and trust list object (either is replaced when fetched anew). */
const checkedLists = new WeakMap<object, WeakMap<readonly TrustedIssuer[], Promise<boolean>>>();

/**
 * Whether a status list credential verifies against the trust list, as any credential does (a trusted issuer, its
 * published contexts, an unrevoked key listed for assertionMethod, the proof). Checked once per list and trust list.
 */
export function verifyStatusList(list: unknown, trustList: readonly TrustedIssuer[]): Promise<boolean> {
  if (typeof list !== 'object' || list === null) return Promise.resolve(false);
  const byTrust = checkedLists.get(list) ?? new WeakMap<readonly TrustedIssuer[], Promise<boolean>>();
  checkedLists.set(list, byTrust);
  const known = byTrust.get(trustList) ?? verifyCredential({
    credential: list, trustedIssuers: trustList, documentLoader: contextLoaderFor(trustList),
  }).then((result) => result.verified && isStatusList(list));
  byTrust.set(trustList, known);
  return known;
}

/**
 * Verifies a credential on this device against the kept snapshot: its trust list as the trusted issuers, the
 * bundled contexts, and each status entry in the kept (or, online, fetched) status list of the credential's issuer.
 */
export function verifyOnDevice(credential: unknown, snapshot: TrustSnapshot): Promise<VerificationResult> {
  const trustedIssuers = snapshot.trustList.value;
  const issuer = String((credential as { issuer?: unknown } | null)?.issuer);
  return verifyCredential({
    credential, trustedIssuers, documentLoader: contextLoaderFor(trustedIssuers),
    checkStatus: (entry) => statusOf({ snapshot, entry, issuer, verifyList: (list) => verifyStatusList(list, trustedIssuers) }),
  });
}
