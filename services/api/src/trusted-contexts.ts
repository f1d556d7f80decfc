import { contextBaseUrlsOf, divocNamespacesOf } from '@healthcred/credentials';
import { createDocumentLoader, type DivocNamespaces, type DocumentLoader } from '@healthcred/document-loader';
import type { TrustedIssuer } from '@healthcred/types';

/**
 * The context loader verification runs with: the healthcred contexts under every trusted issuer's base URLs (another
 * country's credentials name its own), DIVOC's contexts at the namespace URLs the trusted DIVOC issuers name and at
 * `divocNamespaces` (configured), built once per trust list object. DIDs and keys come from the trust list.
 */
export function trustedContextLoader(
  trustedIssuers: () => readonly TrustedIssuer[], contexts: ReadonlyMap<string, object>, divocNamespaces: DivocNamespaces = {},
): DocumentLoader {
  const loaders = new WeakMap<readonly TrustedIssuer[], DocumentLoader>();
  return (url) => {
    const list = trustedIssuers();
    let loader = loaders.get(list);
    if (!loader) {
      loader = createDocumentLoader({
        contextBaseUrls: contextBaseUrlsOf(list), contexts, divocNamespaces: { ...divocNamespaces, ...divocNamespacesOf(list) },
      });
      loaders.set(list, loader);
    }
    return loader(url);
  };
}
