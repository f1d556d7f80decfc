import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HealthcredError } from '@healthcred/errors';
import type { AuditLog } from '@healthcred/store';
import {
  addTrustEntry, entryKeySource, isResolved, parseTrustListFile, removeTrustEntry, type DidWebResolver, type NewTrustEntry, type TrustEntry,
} from '@healthcred/trust';
import { parseStrictJson } from '@healthcred/validation';

/** The trust list file's text, or undefined when there is none. */
export function readTrustListText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HealthcredError('invalid_input', `Cannot read the trust list ${path} (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`, { cause });
  }
}

/** The entries of trust list text (undefined: no file, no entries). */
export function parseTrustListText(text: string | undefined, path: string): TrustEntry[] {
  return text === undefined ? [] : parseTrustListFile(parseStrictJson(text, path), path);
}

/**
 * Reads the trust list file (HEALTHCRED_TRUST_LIST_FILE). A missing file is an empty list: this issuer alone.
 * @throws HealthcredError `invalid_input` naming the file, entry and field when it cannot be used.
 */
export function readTrustListFile(path: string): TrustEntry[] {
  return parseTrustListText(readTrustListText(path), path);
}

/**
 * Writes the trust list file at once (a temporary file renamed over it), so a process following it never reads half a
 * file. Creates the directory when needed.
 */
export function writeTrustListFile(path: string, entries: readonly TrustEntry[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, path);
}

/**
 * Adds an issuer to the trust list file: a did:web entry to resolve is resolved first (so an entry that cannot work is
 * refused now, not at the first verification), the file is read again just before writing (another replica or the
 * command line may have changed it). Returns the entry as written.
 *
 * @throws HealthcredError `conflict` for this deployment's own DID (always trusted) or a DID already listed;
 *   `unknown_document` when a did:web DID cannot be resolved; `invalid_input` when the file is unusable.
 */
export async function addTrustedIssuer(options: {
  file: string; ownDid: string; entry: NewTrustEntry; addedBy: string; now?: Date; resolver: DidWebResolver;
}): Promise<TrustEntry> {
  const { entry } = options;
  if (entry.did === options.ownDid) throw new HealthcredError('conflict', `${entry.did} is this deployment's own DID: it is always trusted.`);
  if (isResolved(entry)) await options.resolver.resolve(entry.did);
  const entries = addTrustEntry(readTrustListFile(options.file), entry, { addedBy: options.addedBy, now: options.now ?? new Date() });
  writeTrustListFile(options.file, entries);
  return entries.at(-1)!;
}

/**
 * Removes an issuer from the trust list file; returns the removed entry.
 * @throws HealthcredError `not_found` when `did` is not listed; `invalid_input` when the file is unusable.
 */
export function removeTrustedIssuer(options: { file: string; did: string }): TrustEntry {
  const { entries, removed } = removeTrustEntry(readTrustListFile(options.file), options.did);
  writeTrustListFile(options.file, entries);
  return removed;
}

/**
 * Records a change of the trust list in the store's audit log: who, what (`trust.add` / `trust.remove`, the DID as
 * target, the authority, its country and whether its document is pinned or resolved), when and why.
 */
export async function auditTrustChange(store: Pick<AuditLog, 'appendAudit'>, change: {
  action: 'add' | 'remove'; entry: TrustEntry; actor: string; reason: string; now?: Date; source?: string;
}): Promise<void> {
  const { entry } = change;
  await store.appendAudit({
    at: (change.now ?? new Date()).toISOString(), actor: change.actor, action: `trust.${change.action}`, target: entry.did,
    reason: change.reason,
    details: {
      name: entry.name, country: entry.country, document: entryKeySource(entry),
      ...(change.source === undefined ? {} : { source: change.source }),
    },
  });
}
