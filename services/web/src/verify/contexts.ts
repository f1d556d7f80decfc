import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contextBaseUrlsOf, divocNamespacesOf } from '@healthcred/credentials/verify';
import {
  contextUrl, createMapLoader, divocContextDocuments, SECURITY_CONTEXTS, STATUS_LIST_2021_CONTEXTS, type DivocContextName,
  type DocumentLoader,
} from '@healthcred/document-loader/browser';
import type { TrustedIssuer } from '@healthcred/types';
import didContext from 'did-context';
import ed25519Context from 'ed25519-signature-2020-context';

/** The repository's contexts/ files, keyed by their path under an issuer's base URL (as the API serves them). */
const HEALTHCRED_CONTEXTS = Object.entries(
  import.meta.glob<object>('../../../../contexts/credentials/**/*.json', { eager: true, import: 'default' }),
).map(([file, context]) => [file.replace(/^.*\/contexts\//, '').replace(/\.json$/, ''), context] as const);

/** DIVOC's contexts (contexts/divoc/), by name (`vaccination/v1`, ...). */
const DIVOC_CONTEXTS = new Map(Object.entries(
  import.meta.glob<object>('../../../../contexts/divoc/**/*.json', { eager: true, import: 'default' }),
).map(([file, context]) => [file.replace(/^.*\/contexts\/divoc\//, '').replace(/\.json$/, '') as DivocContextName, context] as const));

const W3C_CONTEXTS: readonly (readonly [string, object])[] = [
  ...credentialsContexts, ...ed25519Context.contexts, ...didContext.contexts, ...SECURITY_CONTEXTS, ...STATUS_LIST_2021_CONTEXTS,
];

const loaders = new WeakMap<readonly TrustedIssuer[], DocumentLoader>();

/**
 * The contexts bundled with the page, served offline: the W3C, suite, Security and Status List 2021 contexts, the healthcred contexts
 * under every base URL the trusted issuers name, and DIVOC's at every namespace URL the trusted DIVOC issuers name.
 * One loader per trust list object; any other URL fails.
 */
export function contextLoaderFor(trustedIssuers: readonly TrustedIssuer[]): DocumentLoader {
  let loader = loaders.get(trustedIssuers);
  if (loader) return loader;
  const documents = new Map<string, unknown>(W3C_CONTEXTS);
  for (const base of contextBaseUrlsOf(trustedIssuers)) {
    for (const [path, context] of HEALTHCRED_CONTEXTS) documents.set(contextUrl(base, path), context);
  }
  for (const [url, context] of divocContextDocuments(divocNamespacesOf(trustedIssuers), DIVOC_CONTEXTS)) documents.set(url, context);
  loader = createMapLoader(documents);
  loaders.set(trustedIssuers, loader);
  return loader;
}
