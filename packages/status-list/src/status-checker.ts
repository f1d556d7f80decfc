import { HealthcredError } from '@healthcred/errors';
import type { CredentialStatusEntry } from '@healthcred/types';
import { statusFromList, suspensionEntryOf, type StatusState } from './read.js';

/** What {@link createStatusListChecker} needs: how to get a list, and how to check its signature. */
export interface StatusListCheckerDeps {
  /** The status list credential at `url`, as untrusted JSON. May throw when it cannot be fetched. */
  fetchList(url: string): Promise<unknown>;
  /** Whether the list credential's proof verifies and its issuer is trusted (run the credential verifier on it). */
  verifyList(list: unknown): Promise<boolean>;
}

/** Reads one status entry of a credential of `issuer` (the credential's `issuer` id). */
export type StatusListChecker = (entry: CredentialStatusEntry, issuer: string) => Promise<StatusState>;

/**
 * A status checker that fetches each list once (the first call for a URL; a failed fetch or a list that does not
 * verify is tried again on the next call), refuses a list whose signature does not verify, and reads the entry's
 * bit with {@link statusFromList}.
 *
 * For a legacy entry whose bit is set (revoked or suspended, see {@link suspensionEntryOf}) it also reads the
 * parallel suspension list: `suspended` when its bit is set, else `revoked`. When that list cannot be had or read,
 * the answer stays `revoked`: the credential is not valid either way, and no list says it is only suspended.
 *
 * The returned function throws HealthcredError `invalid_input` when the entry names no list URL, the list does not
 * verify, or {@link statusFromList} refuses it; and whatever `fetchList` throws.
 */
export function createStatusListChecker(deps: StatusListCheckerDeps): StatusListChecker {
  const lists = new Map<string, Promise<unknown>>();

  function verifiedList(url: string): Promise<unknown> {
    const known = lists.get(url);
    if (known) return known;
    const list = (async () => {
      const fetched = await deps.fetchList(url);
      if (!(await deps.verifyList(fetched))) {
        throw new HealthcredError('invalid_input', 'The status list\'s signature does not verify: refused.', { field: 'proof' });
      }
      return fetched;
    })();
    lists.set(url, list);
    list.catch(() => {
      if (lists.get(url) === list) lists.delete(url);
    });
    return list;
  }

  return async (entry, issuer) => {
    const url = typeof entry === 'object' && entry !== null ? entry.statusListCredential : undefined;
    if (typeof url !== 'string' || url === '') {
      throw new HealthcredError('invalid_input', 'The status entry names no status list.', { field: 'statusListCredential' });
    }
    const state = statusFromList(await verifiedList(url), entry, issuer);
    const suspension = state === 'revoked' ? suspensionEntryOf(entry) : undefined;
    if (suspension === undefined) return state;
    try {
      const parallel = statusFromList(await verifiedList(suspension.statusListCredential), suspension, issuer);
      return parallel === 'suspended' ? 'suspended' : 'revoked';
    } catch {
      return 'revoked';
    }
  };
}
