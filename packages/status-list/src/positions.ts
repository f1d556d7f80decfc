import type { BitstringStatusListEntry } from '@healthcred/types';

/**
 * Entries per list: 131,072 bits (16 KB before compression), the minimum the specification asks for so that a
 * verifier fetching a list learns little about which credential it checks (group privacy).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslist
 */
export const STATUS_LIST_SIZE = 131_072;

/**
 * Which of the issuer's three parallel list series, all indexed by the same store position:
 * - `revocation` (`status/revocation/{n}`, purpose `revocation`): bit set = revoked; the first entry of new credentials.
 * - `suspension` (`status/suspension/{n}`, purpose `suspension`): bit set = suspended, cleared on reinstatement; the
 *   second entry of new credentials.
 * - `legacy` (`status/{n}`, purpose `revocation`): bit set = revoked or suspended; the single entry of credentials
 *   issued before the two series existed, which therefore fail closed in every verifier while suspended.
 */
export type StatusListKind = 'revocation' | 'suspension' | 'legacy';

/** Every kind, in the order `GET /status` lists them. */
export const STATUS_LIST_KINDS: readonly StatusListKind[] = ['revocation', 'suspension', 'legacy'];

/** The `statusPurpose` of the lists of `kind` (and of the entries that point at them). */
export function statusPurposeOf(kind: StatusListKind): BitstringStatusListEntry['statusPurpose'] {
  return kind === 'suspension' ? 'suspension' : 'revocation';
}

/** Path of status list `list` of `kind` under the issuer's base URL, e.g. `status/suspension/3`. */
export function statusListPath(kind: StatusListKind, list: number): string {
  return kind === 'legacy' ? `status/${list}` : `status/${kind}/${list}`;
}

/** URL of status list `list` (numbered from 1) of `kind` of the issuer at `issuerUrl`. */
export function statusListUrl(issuerUrl: string, kind: StatusListKind, list: number): string {
  return `${issuerUrl.replace(/\/+$/, '')}/${statusListPath(kind, list)}`;
}

/** The entry for index `index` of list `list` of `kind`. */
export function statusEntry(options: { issuerUrl: string; kind: StatusListKind; list: number; index: number }): BitstringStatusListEntry {
  const url = statusListUrl(options.issuerUrl, options.kind, options.list);
  return {
    id: `${url}#${options.index}`, type: 'BitstringStatusListEntry', statusPurpose: statusPurposeOf(options.kind),
    statusListIndex: String(options.index), statusListCredential: url,
  };
}

/**
 * The `credentialStatus` of a new credential at store position `position` (from the store's
 * `reserveStatusPositions`): its revocation entry, then its suspension entry, both at list
 * `floor(position / size) + 1`, index `position mod size`. Indexes are handed out in order; the credential already
 * states its issuance time, so a random index would hide nothing more.
 * @throws RangeError when `position` is not a non-negative integer.
 */
export function statusEntryForPosition(position: number, issuerUrl: string): [BitstringStatusListEntry, BitstringStatusListEntry] {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError('A status position is a non-negative integer.');
  const list = Math.floor(position / STATUS_LIST_SIZE) + 1;
  const index = position % STATUS_LIST_SIZE;
  return [
    statusEntry({ issuerUrl, kind: 'revocation', list, index }),
    statusEntry({ issuerUrl, kind: 'suspension', list, index }),
  ];
}

/** The store positions [from, to) that list `list` (of any kind) covers. */
export function statusListRange(list: number): { from: number; to: number } {
  const from = (list - 1) * STATUS_LIST_SIZE;
  return { from, to: from + STATUS_LIST_SIZE };
}

/** What {@link parseStatusEntry} reads from one of the issuer's entries. */
export interface ParsedStatusEntry {
  kind: StatusListKind;
  list: number;
  index: number;
}

const LIST_PATH = /^status\/(?:(revocation|suspension)\/)?([1-9]\d{0,8})$/;

/**
 * The kind, list number and index an entry names, when it names one of this issuer's lists (`issuerUrl`) with the
 * `statusPurpose` of that kind, else undefined: a foreign, malformed or self-contradicting entry is not ours to
 * answer for.
 */
export function parseStatusEntry(entry: unknown, issuerUrl: string): ParsedStatusEntry | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { statusListCredential, statusListIndex, statusPurpose } = entry as Record<string, unknown>;
  if (typeof statusListCredential !== 'string' || typeof statusListIndex !== 'string') return undefined;
  const prefix = `${issuerUrl.replace(/\/+$/, '')}/`;
  if (!statusListCredential.startsWith(prefix)) return undefined;
  const path = LIST_PATH.exec(statusListCredential.slice(prefix.length));
  if (path === null || !/^(0|[1-9]\d{0,9})$/.test(statusListIndex)) return undefined;
  const kind = (path[1] ?? 'legacy') as StatusListKind;
  const index = Number(statusListIndex);
  if (statusPurpose !== statusPurposeOf(kind) || index >= STATUS_LIST_SIZE) return undefined;
  return { kind, list: Number(path[2]), index };
}
