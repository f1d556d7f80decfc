import { HealthcredError } from '@healthcred/errors';
import type { BitstringStatusListEntry, CredentialStatusEntry } from '@healthcred/types';
import { decodeStatusList, decodeStatusList2021, isStatusSet } from './bitstring.js';
import { statusEntry } from './positions.js';

/** What a status list says of one credential. */
export type StatusState = 'valid' | 'revoked' | 'suspended';

const INDEX = /^(0|[1-9]\d{0,9})$/;
const LEGACY_LIST = /^(https?:\/\/[^?#]+)\/status\/([1-9]\d{0,8})$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refuse(message: string, field: string): never {
  throw new HealthcredError('invalid_input', message, { field });
}

/** What each entry type must point at: the list credential type, its subject type and its bitstring decoder. */
const LIST_FORMATS: Readonly<Record<string, { credential: string; subject: string; decode: (encoded: string) => Uint8Array }>> = {
  BitstringStatusListEntry: { credential: 'BitstringStatusListCredential', subject: 'BitstringStatusList', decode: decodeStatusList },
  StatusList2021Entry: { credential: 'StatusList2021Credential', subject: 'StatusList2021', decode: decodeStatusList2021 },
};

function issuerOf(list: Record<string, unknown>): unknown {
  return isObject(list.issuer) ? list.issuer.id : list.issuer;
}

/**
 * The state a status list credential (already verified by the caller) gives one status entry of a credential of
 * `issuer`: for a `revocation` entry `revoked` or `valid`, for a `suspension` entry `suspended` or `valid`. A
 * `BitstringStatusListEntry` is read from a `BitstringStatusListCredential` (multibase `encodedList`), a
 * `StatusList2021Entry` from a `StatusList2021Credential` (`encodedList` without prefix). Pure and browser-safe.
 *
 * A set bit in a legacy list (`…/status/{n}`, purpose `revocation`) means revoked or suspended and reads `revoked`
 * here; {@link suspensionEntryOf} names the list that tells the two apart.
 *
 * @throws HealthcredError `invalid_input`, with `field` naming what is wrong, when the list is not issued by
 *   `issuer` (`issuer`), is not the list the entry names (`id`), is not a list of the entry's type (`type`,
 *   `credentialSubject`) and purpose (`credentialSubject.statusPurpose`; only `revocation` and `suspension` are read), has an unreadable
 *   bitstring (`encodedList`), or the entry's index is not a number within the list (`statusListIndex`).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
 */
export function statusFromList(list: unknown, entry: CredentialStatusEntry, issuer: string): StatusState {
  if (!isObject(list) || issuerOf(list) !== issuer) refuse('The status list is not issued by the credential\'s issuer.', 'issuer');
  if (!isObject(entry) || list.id !== entry.statusListCredential) {
    refuse('The status list is not the one the credential\'s status entry names.', 'id');
  }
  const format = Object.hasOwn(LIST_FORMATS, String(entry.type)) ? LIST_FORMATS[String(entry.type)]! : undefined;
  if (format === undefined || !Array.isArray(list.type) || !list.type.includes(format.credential)) {
    refuse('The status list credential is not of the kind the status entry\'s type points at.', 'type');
  }
  const subject = list.credentialSubject;
  if (!isObject(subject) || subject.type !== format.subject) {
    refuse(`The status list credential holds no ${format.subject}.`, 'credentialSubject');
  }
  const purpose = entry.statusPurpose;
  if ((purpose !== 'revocation' && purpose !== 'suspension') || subject.statusPurpose !== purpose) {
    refuse('The status list is not for the purpose of the status entry (revocation or suspension).', 'credentialSubject.statusPurpose');
  }
  const bits = format.decode(subject.encodedList as string);
  const index = INDEX.test(String(entry.statusListIndex)) ? Number(entry.statusListIndex) : -1;
  if (index < 0 || index >= bits.length * 8) refuse('The status index is not a position within the status list.', 'statusListIndex');
  if (!isStatusSet(bits, index)) return 'valid';
  return purpose === 'revocation' ? 'revoked' : 'suspended';
}

/**
 * For a legacy entry (purpose `revocation`, list URL `<base>/status/{n}`, whose bit means revoked OR suspended):
 * the entry at the same index of the parallel suspension list `<base>/status/suspension/{n}`, which the issuer
 * publishes beside it. A reader that finds the legacy bit set reads this entry's list (signed, purpose
 * `suspension`) with {@link statusFromList}: `suspended` there means suspended, anything else means revoked.
 * Undefined for any other entry (the two entries of a new credential, another issuer's layout).
 */
export function suspensionEntryOf(entry: CredentialStatusEntry): BitstringStatusListEntry | undefined {
  if (!isObject(entry) || entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation' || !INDEX.test(String(entry.statusListIndex))) return undefined;
  const legacy = LEGACY_LIST.exec(String(entry.statusListCredential));
  if (legacy === null) return undefined;
  return statusEntry({ issuerUrl: legacy[1]!, kind: 'suspension', list: Number(legacy[2]), index: Number(entry.statusListIndex) });
}
