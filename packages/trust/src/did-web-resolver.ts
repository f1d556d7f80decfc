import { HealthcredError } from '@healthcred/errors';
import { didDocumentUrl } from '@healthcred/issuer-identity';
import type { DidDocument } from '@healthcred/types';
import { parseStrictJson, readBoundedText } from '@healthcred/validation';
import { assertTrustableDid, readIssuerDidDocument } from './issuer-did.js';

/** The part of `fetch` the resolver uses (injected: tests and the CLI pass their own). */
export type FetchFunction = (url: string, init: { signal: AbortSignal; redirect: 'error'; headers: Record<string, string> }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}>;

/** Options of {@link createDidWebResolver}. */
export interface DidWebResolverOptions {
  fetch: FetchFunction;
  /** Longest a fetch may take. Default 5000 ms. */
  timeoutMs?: number;
  /** Largest DID document accepted. Default 256 KiB. */
  maxBytes?: number;
  /** How long a fetched document is used before it is fetched again. Default one hour. */
  ttlMs?: number;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** What the resolver knows of one DID: the last good document and the last failure, for operators. */
export interface DidWebResolution {
  did: string;
  /** The last good copy, the same object until the published document changes. */
  document?: DidDocument;
  /** When the last good copy was fetched (ISO 8601). */
  fetchedAt?: string;
  /** Why the last attempt failed, when it did (the last good copy, if any, is still used). */
  error?: string;
  /** When the last attempt failed (ISO 8601). */
  failedAt?: string;
}

/** Resolves did:web DIDs over HTTPS, with a cache that keeps the last good copy. */
export interface DidWebResolver {
  /**
   * The DID document of `did`: the cached copy while it is fresh, else fetched now. When the fetch fails and a copy was
   * fetched before, that copy is returned (and the failure recorded in {@link DidWebResolver.state}).
   * @throws HealthcredError `invalid_input` for a DID that is not did:web (did:key and other methods are never
   *   resolved), `unknown_document` (retryable) when the document cannot be fetched or is not the DID's own, and no
   *   copy was fetched before.
   */
  resolve(did: string): Promise<DidDocument>;
  /** What is known of `did`, without any I/O. */
  state(did: string): DidWebResolution | undefined;
}

/** Why a fetch failed, for operators: fetch's own "fetch failed" hides the cause (refused, redirect, DNS). */
function failureReason(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { message?: unknown; code?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return detail === undefined ? error.message : `${error.message} (${detail})`;
}

/**
 * A did:web resolver (https://w3c-ccg.github.io/did-method-web/): `did:web:host:path` is fetched from
 * `https://host/path/did.json` (`/.well-known/did.json` for a bare host; plain http only for localhost), with a
 * timeout, a size limit, no redirects, and the strict JSON reader. A document whose `id` is not the DID is refused.
 * Fetched documents are cached for `ttlMs`; a failed refresh keeps the last good copy.
 */
export function createDidWebResolver(options: DidWebResolverOptions): DidWebResolver {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, DidWebResolution & { fetchedMs?: number; text?: string }>();
  const inFlight = new Map<string, Promise<DidDocument>>();

  const fetchDocument = async (did: string): Promise<{ text: string; document: DidDocument }> => {
    const url = didDocumentUrl(did);
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await options.fetch(url, { signal, redirect: 'error', headers: { Accept: 'application/did+json, application/json' } });
    if (response.status !== 200) throw new Error(`${url} answered HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > maxBytes || response.body === null) throw new Error(length > maxBytes ? `the document is larger than ${maxBytes} bytes` : 'the answer has no body');
    const text = await readBoundedText(response.body, maxBytes, () => new Error(`the document is larger than ${maxBytes} bytes`));
    return { text, document: readIssuerDidDocument(parseStrictJson(text, url), { did, source: url }) };
  };

  const refresh = async (did: string): Promise<DidDocument> => {
    const previous = known.get(did);
    try {
      const { text, document } = await fetchDocument(did);
      const unchanged = previous?.document !== undefined && previous.text === text;
      const kept = unchanged ? previous.document! : document;
      known.set(did, { did, document: kept, text, fetchedMs: now(), fetchedAt: new Date(now()).toISOString() });
      return kept;
    } catch (cause) {
      const reason = failureReason(cause as Error, timeoutMs);
      known.set(did, { ...previous, did, error: reason, failedAt: new Date(now()).toISOString() });
      if (previous?.document) return previous.document;
      throw new HealthcredError('unknown_document', `Cannot resolve ${did}: ${reason}.`, { cause, retryable: true });
    }
  };

  return {
    async resolve(did) {
      assertTrustableDid(did, 'did');
      const cached = known.get(did);
      if (cached?.document && cached.fetchedMs !== undefined && now() - cached.fetchedMs < ttlMs) return cached.document;
      const pending = inFlight.get(did) ?? refresh(did).finally(() => inFlight.delete(did));
      inFlight.set(did, pending);
      return pending;
    },
    state(did) {
      const entry = known.get(did);
      if (!entry) return undefined;
      const { fetchedMs: _ms, text: _text, ...state } = entry;
      return state;
    },
  };
}
