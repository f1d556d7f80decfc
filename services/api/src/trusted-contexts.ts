import { contextBaseUrlsOf } from '@healthcred/credentials';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import type { TrustedIssuer } from '@healthcred/types';

/**
 * The context loader verification runs with: the healthcred contexts under every trusted issuer's base URLs (another
 * country's credentials name its own), built once per trust list object. DIDs and keys come from the trust list.
 */
export function trustedContextLoader(
  trustedIssuers: () => readonly TrustedIssuer[], contexts: ReadonlyMap<string, object>,
): DocumentLoader {
  const loaders = new WeakMap<readonly TrustedIssuer[], DocumentLoader>();
  return (url) => {
    const list = trustedIssuers();
    let loader = loaders.get(list);
    if (!loader) {
      loader = createDocumentLoader({ contextBaseUrls: contextBaseUrlsOf(list), contexts });
      loaders.set(list, loader);
    }
    return loader(url);
  };
}
