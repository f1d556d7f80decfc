import { unwatchFile, watchFile } from 'node:fs';
import type { Config } from '@healthcred/config';
import { ownTrustEntries, type IssuerHolder } from '@healthcred/credentials';
import {
  createDidWebResolver, isDivocEntry, isPinned, isResolved, trustedIssuerOf, type DidWebResolution, type DidWebResolver, type FetchFunction,
  type NewTrustEntry, type TrustEntry,
} from '@healthcred/trust';
import type { DidDocument, TrustedIssuer } from '@healthcred/types';
import type { Logger } from './logger.js';
import { addTrustedIssuer, parseTrustListText, readTrustListText, removeTrustedIssuer } from './trust-list-file.js';

/** An entry of the trust list file with what the process knows of it now. */
export interface TrustEntryState {
  entry: TrustEntry;
  /** Whether verification uses it now (a did:web entry only once its document was fetched). */
  active: boolean;
  /** For a did:web entry: when its document was fetched, and the last failure. */
  resolution?: DidWebResolution;
}

/** The deployment's trust list, live. */
export interface TrustedIssuers {
  /**
   * What verification trusts now: this issuer first (with its current DID document, which key rotation replaces),
   * then the file's entries (pinned, or did:web with the last good resolved copy). The same array object while
   * nothing changed, so the verifier's index of it is reused.
   */
  list(): readonly TrustedIssuer[];
  /** The file's entries and their state, for operators. */
  entries(): TrustEntryState[];
  /** Adds an entry to the file (did:web resolved first) and uses it at once. See `addTrustedIssuer`. */
  add(entry: NewTrustEntry, stamp: { addedBy: string; now?: Date }): Promise<TrustEntry>;
  /** Removes an entry from the file and stops trusting it at once. See `removeTrustedIssuer`. */
  remove(did: string): TrustEntry;
  /** Fetches the did:web entries' documents again now (each failure keeps its last good copy, logged). */
  refresh(): Promise<void>;
  /** Stops following the file and refreshing. */
  stop(): void;
}

/** Options of {@link loadTrustedIssuers}. */
export interface LoadTrustedIssuersOptions {
  config: Config;
  /** This deployment's issuer, read at each call: a key rotation replaces it (and its DID document). */
  issuer: IssuerHolder;
  logger: Logger;
  /** Fetches did:web documents. Default: the global `fetch`. Ignored when `resolver` is given. */
  fetch?: FetchFunction;
  resolver?: DidWebResolver;
  /** How often the file is checked for changes. Default 2000 ms. */
  intervalMs?: number;
  /** How often did:web documents are fetched again. Default one hour. */
  refreshMs?: number;
}

/**
 * Loads the trust list of a running process (HEALTHCRED_TRUST_LIST_FILE; none = this issuer alone) and keeps it
 * current: the file is followed as the issuer key file is (an edit by `healthcred trust`, another replica or an
 * operator is used within `intervalMs`; a file that does not parse is logged and the current list kept), and did:web
 * entries are resolved in the background and refreshed every `refreshMs`.
 *
 * @throws HealthcredError `invalid_input` when the file exists but cannot be used: a start fails loudly.
 */
export function loadTrustedIssuers(options: LoadTrustedIssuersOptions): TrustedIssuers {
  const { config, logger } = options;
  const issuer = () => options.issuer.current();
  const file = config.trustListFile;
  const resolver = options.resolver ?? createDidWebResolver({ fetch: options.fetch ?? fetch });
  let text = readTrustListText(file);
  let entries = parseTrustListText(text, file);
  let built: { own: DidDocument; entries: readonly TrustEntry[]; documents: (DidDocument | undefined)[]; list: readonly TrustedIssuer[] } | undefined;

  const documentOf = (entry: TrustEntry) =>
    (isPinned(entry) ? entry.didDocument : isResolved(entry) ? resolver.state(entry.did)?.document : undefined);
  const refresh = async () => {
    await Promise.all(entries.filter(isResolved).map((entry) => resolver.resolve(entry.did).catch((error: Error) => {
      logger.warn({ did: entry.did, err: error.message }, 'a trusted did:web issuer cannot be resolved; its credentials do not verify yet');
    })));
  };
  const use = (nextText: string | undefined) => {
    const next = parseTrustListText(nextText, file);
    text = nextText;
    entries = next;
    const { did, divoc } = issuer();
    const own = entries.find((entry) => entry.did === did);
    if (own) logger.warn({ did: own.did }, 'the trust list names this issuer, which is always trusted; the entry is ignored');
    const ownDivoc = entries.find((entry) => entry.did === divoc?.profile.issuer);
    if (ownDivoc) {
      logger.warn({ did: ownDivoc.did }, 'the trust list names the DIVOC profile\'s own issuer, which is always trusted with the DIVOC key; the entry is ignored');
    }
    logger.info({ file, issuers: entries.length }, 'trust list loaded');
    void refresh();
  };
  use(text);

  watchFile(file, { interval: options.intervalMs ?? 2000 }, (current, previous) => {
    if (current.mtimeMs === previous.mtimeMs) return;
    try {
      const nextText = readTrustListText(file);
      if (nextText !== text) use(nextText);
    } catch (error) {
      logger.error({ file, err: (error as Error).message }, 'the trust list file changed but cannot be used; keeping the current list');
    }
  });
  const timer = setInterval(() => void refresh(), options.refreshMs ?? 3_600_000);
  timer.unref();
  const reload = () => use(readTrustListText(file));

  return {
    list() {
      const self = issuer();
      const own = self.didDocument;
      const documents = entries.map(documentOf);
      if (built && built.own === own && built.entries === entries && documents.every((document, i) => document === built!.documents[i])) {
        return built.list;
      }
      const others = entries.flatMap((entry, i) => {
        const document = documents[i];
        if (entry.did === self.did || entry.did === self.divoc?.profile.issuer) return [];
        if (isDivocEntry(entry)) return [trustedIssuerOf(entry)];
        return document === undefined ? [] : [trustedIssuerOf(entry, document)];
      });
      built = { own, entries, documents, list: [...ownTrustEntries(self, config.authority), ...others] };
      return built.list;
    },
    entries() {
      return entries.map((entry) => {
        const resolution = isResolved(entry) ? resolver.state(entry.did) : undefined;
        const active = entry.did !== issuer().did && (isDivocEntry(entry) || documentOf(entry) !== undefined);
        return { entry, active, ...(resolution ? { resolution } : {}) };
      });
    },
    async add(entry, stamp) {
      const added = await addTrustedIssuer({ file, ownDid: issuer().did, entry, resolver, ...stamp });
      reload();
      return added;
    },
    remove(did) {
      const removed = removeTrustedIssuer({ file, did });
      reload();
      return removed;
    },
    refresh,
    stop() {
      unwatchFile(file);
      clearInterval(timer);
    },
  };
}
