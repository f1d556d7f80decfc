import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import didContext from 'did-context';
import ed25519Context from 'ed25519-signature-2020-context';
import type { DidDocument } from '@healthcred/types';

/** What `jsonld` and `@digitalbazaar/vc` expect a document loader to return. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** The repository's contexts/ files, keyed by the path they are served at under the issuer's URL (as the API does). */
const HEALTHCRED_CONTEXTS = Object.entries(
  import.meta.glob<object>('../../../../contexts/**/*.json', { eager: true, import: 'default' }),
).map(([file, context]) => [file.replace(/^.*\/contexts\//, '').replace(/\.json$/, ''), context] as const);

/** The base URL a did:web DID resolves under (http for loopback hosts, https otherwise), or undefined. */
export function baseUrlOfDidWeb(did: string): string | undefined {
  const match = /^did:web:([^:#?/]+)((?::[^:#?/]+)*)$/.exec(did);
  if (!match) return undefined;
  const host = decodeURIComponent(match[1]!);
  const path = match[2]!.split(':').filter(Boolean).map(decodeURIComponent);
  const scheme = ['localhost', '127.0.0.1', '[::1]'].includes(host.replace(/:\d+$/, '')) ? 'http' : 'https';
  return [`${scheme}://${host}`, ...path].join('/');
}

/** Every document the offline verifier may load: bundled contexts, trusted DID documents and their keys. */
export function trustedDocuments(options: { didDocuments: readonly DidDocument[]; contextBaseUrls: readonly string[] }) {
  const documents = new Map<string, unknown>([
    ...credentialsContexts, ...ed25519Context.contexts, ...didContext.contexts,
  ]);
  for (const base of options.contextBaseUrls) {
    for (const [path, context] of HEALTHCRED_CONTEXTS) documents.set(`${base.replace(/\/+$/, '')}/${path}`, context);
  }
  for (const didDocument of options.didDocuments) {
    documents.set(didDocument.id, didDocument);
    for (const method of didDocument.verificationMethod) {
      documents.set(method.id, { '@context': ed25519Context.CONTEXT_URL, ...method });
    }
  }
  return documents;
}

/**
 * A loader over `documents` that never touches the network: any other URL fails, and is reported to `onMiss` so the
 * caller can tell an unknown key from an unknown context.
 */
export function createDocumentLoader(documents: ReadonlyMap<string, unknown>, onMiss: (url: string) => void): DocumentLoader {
  return async (url: string) => {
    const document = documents.get(url);
    if (document === undefined) {
      onMiss(url);
      throw new Error(`No offline copy of "${url}".`);
    }
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}
