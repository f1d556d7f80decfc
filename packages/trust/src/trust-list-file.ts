import { HealthcredError } from '@healthcred/errors';
import type { DidDocument, DivocTrust, TrustedIssuer } from '@healthcred/types';
import { InputReader, isCountryCode } from '@healthcred/validation';
import { readDivocIssuer, readDivocTrust } from './divoc-entry.js';
import { assertTrustableDid, readIssuerDidDocument } from './issuer-did.js';

/** An issuer on the deployment's trust list, as the trust list file holds it. */
export interface TrustEntryBase {
  /** The issuer's did:web DID, as its credentials name it in `issuer`; for a DIVOC issuer, the `issuer` DIVOC writes. */
  did: string;
  /** The health authority's name, shown with every verification result. */
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  /** Base URLs its credentials name their contexts under. Default: the HTTPS URL of the DID. */
  contextBaseUrls?: string[];
  /** When the entry was added (ISO 8601). */
  added: string;
  /** Who added it (an admin's name, or the operating-system user of `healthcred trust add`). */
  addedBy: string;
}

/** An entry with a pinned DID document: its keys change only when an operator replaces the entry. */
export interface PinnedTrustEntry extends TrustEntryBase {
  didDocument: DidDocument;
}

/** An entry whose DID document is fetched over HTTPS (did:web) and cached. */
export interface ResolvedTrustEntry extends TrustEntryBase {
  resolve: 'did:web';
}

/** An entry of a DIVOC issuer: its keys bound to key ids that do not resolve, its namespaces, its revocation route. */
export interface DivocTrustEntry extends Omit<TrustEntryBase, 'contextBaseUrls'> {
  divoc: DivocTrust;
}

/** One entry of the trust list file: pinned, resolved, or a DIVOC issuer's. */
export type TrustEntry = PinnedTrustEntry | ResolvedTrustEntry | DivocTrustEntry;

/** What an operator gives to add an entry (`POST /admin/trust`, `healthcred trust add`). */
export type NewTrustEntry = Omit<PinnedTrustEntry, 'added' | 'addedBy'> | Omit<ResolvedTrustEntry, 'added' | 'addedBy'>
  | Omit<DivocTrustEntry, 'added' | 'addedBy'>;

/** Whether an entry pins its DID document. */
export function isPinned(entry: TrustEntry | NewTrustEntry): entry is PinnedTrustEntry {
  return 'didDocument' in entry;
}

/** Whether an entry's DID document is fetched over HTTPS (did:web), so it must be resolved before it is used. */
export function isResolved(entry: TrustEntry | NewTrustEntry): entry is ResolvedTrustEntry {
  return 'resolve' in entry;
}

/** Whether an entry is a DIVOC issuer's. */
export function isDivocEntry(entry: TrustEntry | NewTrustEntry): entry is DivocTrustEntry {
  return 'divoc' in entry;
}

/** How an entry's keys are known, for listings and the audit log. */
export function entryKeySource(entry: TrustEntry | NewTrustEntry): 'pinned' | 'resolved (did:web)' | 'DIVOC keys' {
  return isDivocEntry(entry) ? 'DIVOC keys' : isPinned(entry) ? 'pinned' : 'resolved (did:web)';
}

const NAME_RULES = { maxLength: 200 };
// ISO 3166-1 alpha-2, by the rule the configuration applies too (isCountryCode).
function readCountry(reader: InputReader): string {
  const country = reader.string({ maxLength: 10 });
  if (!isCountryCode(country)) reader.fail('must be an ISO 3166-1 alpha-2 country code in capitals, e.g. LK');
  return country;
}

function baseUrl(reader: InputReader): string {
  const text = reader.string({ maxLength: 500 });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return reader.fail('must be an http(s) base URL such as https://certificates.example.org');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username) {
    reader.fail('must be an http(s) base URL without query, fragment or credentials');
  }
  return text.replace(/\/+$/, '');
}

function readNewEntry(reader: InputReader): NewTrustEntry {
  if (!reader.field('divoc').isMissing) {
    for (const other of ['didDocument', 'resolve', 'contextBaseUrls']) {
      if (!reader.field(other).isMissing) reader.field(other).fail('is not given for a DIVOC issuer (its keys and namespaces are in "divoc")');
    }
    const did = readDivocIssuer(reader.field('did'));
    const name = reader.field('name').string(NAME_RULES);
    return { did, name, country: readCountry(reader.field('country')), divoc: readDivocTrust(reader.field('divoc')) };
  }
  const didReader = reader.field('did');
  const did = didReader.string({ maxLength: 500 });
  assertTrustableDid(did, didReader.path);
  const name = reader.field('name').string(NAME_RULES);
  const country = readCountry(reader.field('country'));
  const contextBaseUrls = reader.field('contextBaseUrls').optional((urls) => urls.array({ minItems: 1, maxItems: 10 }).map(baseUrl));
  const base = { did, name, country, ...(contextBaseUrls === undefined ? {} : { contextBaseUrls }) };
  const document = reader.field('didDocument');
  const resolve = reader.field('resolve');
  if (!document.isMissing && !resolve.isMissing) reader.fail('give either didDocument (pinned) or resolve: "did:web", not both');
  if (!resolve.isMissing) return { ...base, resolve: resolve.oneOf(['did:web'] as const) };
  if (document.isMissing) reader.fail('needs didDocument (a pinned DID document) or resolve: "did:web"');
  return { ...base, didDocument: readIssuerDidDocument(document.value, { did, source: document.path }) };
}

const ENTRY_FIELDS = ['did', 'name', 'country', 'contextBaseUrls', 'didDocument', 'resolve', 'divoc', 'added', 'addedBy'];

/**
 * Reads what an operator gives to add an issuer: `{did, name, country, didDocument | resolve: "did:web",
 * contextBaseUrls?}`. The DID must be a did:web DID; a pinned document must be that DID's. A DIVOC issuer is
 * `{did: <its certificates' issuer>, name, country, divoc: {keys, contexts, revocationUrl?}}` (see `readDivocTrust`).
 *
 * @param name - How the input is called in messages; '' names fields bare (`country`), as an HTTP body's.
 * @throws HealthcredError `invalid_input` naming the field.
 */
export function parseNewTrustEntry(json: unknown, name = ''): NewTrustEntry {
  const reader = InputReader.of(json, name);
  reader.onlyKeys(ENTRY_FIELDS.slice(0, 7));
  return readNewEntry(reader);
}

/**
 * Reads the trust list file (HEALTHCRED_TRUST_LIST_FILE): a JSON array of entries `{did, name, country,
 * didDocument | resolve: "did:web", contextBaseUrls?, added, addedBy}`. A DID may appear once.
 *
 * @param source - The file's name in messages, e.g. its path.
 * @throws HealthcredError `invalid_input` naming the entry and field (`<source>[2].country: ...`).
 */
export function parseTrustListFile(json: unknown, source: string): TrustEntry[] {
  const seen = new Map<string, number>();
  return InputReader.of(json, source).array({ maxItems: 1000 }).map((reader, index) => {
    reader.onlyKeys(ENTRY_FIELDS);
    const entry = readNewEntry(reader);
    const first = seen.get(entry.did);
    if (first !== undefined) reader.field('did').fail(`names ${entry.did} again (also entry ${first})`);
    seen.set(entry.did, index);
    const added = reader.field('added').dateTime();
    return { ...entry, added, addedBy: reader.field('addedBy').string(NAME_RULES) };
  });
}

/**
 * The list with `entry` added, stamped with who and when.
 * @throws HealthcredError `conflict` when the DID is already on the list.
 */
export function addTrustEntry(
  entries: readonly TrustEntry[], entry: NewTrustEntry, stamp: { addedBy: string; now: Date },
): TrustEntry[] {
  if (entries.some((existing) => existing.did === entry.did)) {
    throw new HealthcredError('conflict', `${entry.did} is already on the trust list: remove it first to replace it.`);
  }
  return [...entries, { ...entry, added: stamp.now.toISOString(), addedBy: stamp.addedBy } as TrustEntry];
}

/**
 * The list without the entry of `did`, and that entry.
 * @throws HealthcredError `not_found` when `did` is not on the list.
 */
export function removeTrustEntry(entries: readonly TrustEntry[], did: string): { entries: TrustEntry[]; removed: TrustEntry } {
  const removed = entries.find((entry) => entry.did === did);
  if (!removed) throw new HealthcredError('not_found', `${did} is not on the trust list.`);
  return { entries: entries.filter((entry) => entry !== removed), removed };
}

/**
 * The verifier's view of an entry, with the DID document to use (the pinned one, or the resolved copy); a DIVOC
 * entry needs none.
 *
 * @throws HealthcredError `internal` when a DID entry is given no document.
 */
export function trustedIssuerOf(entry: TrustEntry | NewTrustEntry, didDocument?: DidDocument): TrustedIssuer {
  if ('divoc' in entry) return { did: entry.did, name: entry.name, country: entry.country, divoc: structuredClone(entry.divoc) };
  if (didDocument === undefined) throw new HealthcredError('internal', `No DID document for the trust entry of ${entry.did}.`);
  return {
    did: entry.did, name: entry.name, country: entry.country, didDocument,
    ...(entry.contextBaseUrls === undefined ? {} : { contextBaseUrls: [...entry.contextBaseUrls] }),
  };
}
