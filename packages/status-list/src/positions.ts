import type { BitstringStatusListEntry } from '@healthcred/types';

/**
 * Entries per list: 131,072 bits (16 KB before compression), the minimum the specification asks for so that a
 * verifier fetching a list learns little about which credential it checks (group privacy).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslist
 */
export const STATUS_LIST_SIZE = 131_072;

/** Path of status list `list` under the issuer's base URL. */
export function statusListPath(list: number): string {
  return `status/${list}`;
}

/** URL of status list `list` (numbered from 1) of the issuer at `issuerUrl`. */
export function statusListUrl(issuerUrl: string, list: number): string {
  return `${issuerUrl.replace(/\/+$/, '')}/${statusListPath(list)}`;
}

/**
 * The `credentialStatus` entry of the credential at store position `position` (from the store's
 * `reserveStatusPositions`): list `floor(position / size) + 1`, index `position mod size`. Indexes are handed out
 * in order; the credential already states its issuance time, so a random index would hide nothing more.
 * @throws RangeError when `position` is not a non-negative integer.
 */
export function statusEntryForPosition(position: number, issuerUrl: string): BitstringStatusListEntry {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError('A status position is a non-negative integer.');
  const list = Math.floor(position / STATUS_LIST_SIZE) + 1;
  const index = position % STATUS_LIST_SIZE;
  const url = statusListUrl(issuerUrl, list);
  return {
    id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: String(index), statusListCredential: url,
  };
}

/** The store positions [from, to) that list `list` covers. */
export function statusListRange(list: number): { from: number; to: number } {
  const from = (list - 1) * STATUS_LIST_SIZE;
  return { from, to: from + STATUS_LIST_SIZE };
}

/**
 * The list number and index an entry names, when it names one of this issuer's lists (`issuerUrl`), else
 * undefined: a foreign or malformed entry is not ours to answer for.
 */
export function parseStatusEntry(entry: unknown, issuerUrl: string): { list: number; index: number } | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { statusListCredential, statusListIndex } = entry as Record<string, unknown>;
  if (typeof statusListCredential !== 'string' || typeof statusListIndex !== 'string') return undefined;
  const prefix = statusListUrl(issuerUrl, 0).slice(0, -1);
  if (!statusListCredential.startsWith(prefix)) return undefined;
  const listText = statusListCredential.slice(prefix.length);
  if (!/^[1-9]\d{0,8}$/.test(listText) || !/^(0|[1-9]\d{0,9})$/.test(statusListIndex)) return undefined;
  const index = Number(statusListIndex);
  return index < STATUS_LIST_SIZE ? { list: Number(listText), index } : undefined;
}
