import type { BitstringStatusListEntry, CredentialStatusEntry, StatusList2021Entry } from '@healthcred/types';

/**
 * Entries per list: 131,072 bits (16 KB before compression), the minimum the specification asks for so that a
 * verifier fetching a list learns little about which credential it checks (group privacy).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslist
 */
export const STATUS_LIST_SIZE = 131_072;

/**
 * Which of the issuer's parallel list series, all indexed by the same store position (each one rendering of the
 * store's bits):
 * - `revocation-2021` (`status/2021/revocation/{n}`, purpose `revocation`) and `suspension-2021`
 *   (`status/2021/suspension/{n}`, purpose `suspension`): W3C CCG Status List 2021 lists (`StatusList2021Credential`),
 *   bit set = revoked, resp. suspended (cleared on reinstatement); the two entries of new credentials.
 * - `revocation` (`status/revocation/{n}`) and `suspension` (`status/suspension/{n}`): the same bits as Bitstring
 *   Status Lists (`BitstringStatusListCredential`, healthcred's status-list context); the two entries of credentials
 *   issued before the Status List 2021 series.
 * - `legacy` (`status/{n}`, purpose `revocation`): bit set = revoked or suspended; the single entry of credentials
 *   issued before the suspension lists existed, which therefore fail closed in every verifier while suspended.
 */
export type StatusListKind = 'revocation-2021' | 'suspension-2021' | 'revocation' | 'suspension' | 'legacy';

/** Every kind, in the order `GET /status` lists them. */
export const STATUS_LIST_KINDS: readonly StatusListKind[] = ['revocation-2021', 'suspension-2021', 'revocation', 'suspension', 'legacy'];

/** The list format of a series: `2021` (Status List 2021 entries and lists) or `bitstring` (Bitstring Status List). */
export type StatusListFormat = '2021' | 'bitstring';

/** The format of the lists of `kind`. */
export function statusListFormatOf(kind: StatusListKind): StatusListFormat {
  return kind.endsWith('-2021') ? '2021' : 'bitstring';
}

/** The `statusPurpose` of the lists of `kind` (and of the entries that point at them). */
export function statusPurposeOf(kind: StatusListKind): CredentialStatusEntry['statusPurpose'] {
  return kind.startsWith('suspension') ? 'suspension' : 'revocation';
}

/** Path of status list `list` of `kind` under the issuer's base URL, e.g. `status/suspension/3`, `status/2021/revocation/1`. */
export function statusListPath(kind: StatusListKind, list: number): string {
  if (kind === 'legacy') return `status/${list}`;
  return statusListFormatOf(kind) === '2021' ? `status/2021/${statusPurposeOf(kind)}/${list}` : `status/${kind}/${list}`;
}

/** URL of status list `list` (numbered from 1) of `kind` of the issuer at `issuerUrl`. */
export function statusListUrl(issuerUrl: string, kind: StatusListKind, list: number): string {
  return `${issuerUrl.replace(/\/+$/, '')}/${statusListPath(kind, list)}`;
}

/** The entry type of the lists of each format. */
const ENTRY_TYPES = { '2021': 'StatusList2021Entry', bitstring: 'BitstringStatusListEntry' } as const;

/** The entry for index `index` of list `list` of `kind`: a `StatusList2021Entry` for the 2021 kinds. */
export function statusEntry<K extends StatusListKind>(options: { issuerUrl: string; kind: K; list: number; index: number }):
  K extends 'revocation-2021' | 'suspension-2021' ? StatusList2021Entry : BitstringStatusListEntry;
export function statusEntry(options: { issuerUrl: string; kind: StatusListKind; list: number; index: number }): CredentialStatusEntry {
  const url = statusListUrl(options.issuerUrl, options.kind, options.list);
  return {
    id: `${url}#${options.index}`, type: ENTRY_TYPES[statusListFormatOf(options.kind)], statusPurpose: statusPurposeOf(options.kind),
    statusListIndex: String(options.index), statusListCredential: url,
  };
}

/**
 * The `credentialStatus` of a new VC 1.1 credential at store position `position` (from the store's
 * `reserveStatusPositions`): its Status List 2021 revocation entry, then its suspension entry, both at list
 * `floor(position / size) + 1`, index `position mod size`. Indexes are handed out in order; the credential already
 * states its issuance time, so a random index would hide nothing more. (Credentials issued before carry the same
 * two entries as `BitstringStatusListEntry`s: `statusEntry` with kinds `revocation` and `suspension`.)
 * @throws RangeError when `position` is not a non-negative integer.
 */
export function statusEntryForPosition(position: number, issuerUrl: string): [StatusList2021Entry, StatusList2021Entry] {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError('A status position is a non-negative integer.');
  const list = Math.floor(position / STATUS_LIST_SIZE) + 1;
  const index = position % STATUS_LIST_SIZE;
  return [
    statusEntry({ issuerUrl, kind: 'revocation-2021', list, index }),
    statusEntry({ issuerUrl, kind: 'suspension-2021', list, index }),
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

const LIST_PATH = /^status\/(?:(2021\/)?(revocation|suspension)\/)?([1-9]\d{0,8})$/;

/**
 * The kind, list number and index an entry names, when it names one of this issuer's lists (`issuerUrl`) with the
 * `statusPurpose` and entry `type` of that kind, else undefined: a foreign, malformed or self-contradicting entry is
 * not ours to answer for.
 */
export function parseStatusEntry(entry: unknown, issuerUrl: string): ParsedStatusEntry | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { statusListCredential, statusListIndex, statusPurpose, type } = entry as Record<string, unknown>;
  if (typeof statusListCredential !== 'string' || typeof statusListIndex !== 'string') return undefined;
  const prefix = `${issuerUrl.replace(/\/+$/, '')}/`;
  if (!statusListCredential.startsWith(prefix)) return undefined;
  const path = LIST_PATH.exec(statusListCredential.slice(prefix.length));
  if (path === null || !/^(0|[1-9]\d{0,9})$/.test(statusListIndex)) return undefined;
  const kind = (path[2] === undefined ? 'legacy' : path[1] === undefined ? path[2] : `${path[2]}-2021`) as StatusListKind;
  const index = Number(statusListIndex);
  if (statusPurpose !== statusPurposeOf(kind) || type !== ENTRY_TYPES[statusListFormatOf(kind)] || index >= STATUS_LIST_SIZE) return undefined;
  return { kind, list: Number(path[3]), index };
}
