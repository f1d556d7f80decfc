import type { Config } from '@healthcred/config';
import { trustEntryOf } from '@healthcred/credentials';
import { buildDidDocument } from '@healthcred/issuer-identity';
import { createDidWebResolver, isDivocEntry, isPinned, trustedIssuerOf, type DidWebResolver, type FetchFunction } from '@healthcred/trust';
import type { TrustedIssuer } from '@healthcred/types';
import { readConfiguredDivocEntry } from './divoc-issuer.js';
import { readConfiguredIssuerKeys } from './issuer-keys.js';
import { readTrustListFile } from './trust-list-file.js';

/** The configured trust list, and the did:web entries that could not be resolved (left out). */
export interface ConfiguredTrustList {
  trustedIssuers: TrustedIssuer[];
  unresolved: { did: string; error: string }[];
}

/**
 * The trust list the configuration gives (`loadConfig(env)`), for a command that verifies once (`healthcred verify`
 * without --did-document/--key): this issuer's own entry when its key is configured (public keys only; no key is
 * created), and its DIVOC entry under the DIVOC profile, then the entries of HEALTHCRED_TRUST_LIST_FILE, did:web ones resolved now. An entry that cannot be
 * resolved is left out and reported in `unresolved`.
 *
 * @throws HealthcredError `invalid_input` when the trust list file is unusable; `key_error` when the configured issuer
 *   key is.
 */
export async function loadConfiguredTrustList(
  config: Config, options: { fetch?: FetchFunction; resolver?: DidWebResolver } = {},
): Promise<ConfiguredTrustList> {
  const keys = readConfiguredIssuerKeys(config);
  const divoc = readConfiguredDivocEntry(config);
  const own: TrustedIssuer[] = [
    ...(keys === undefined ? [] : [trustEntryOf({ did: keys.did, url: config.issuerUrl, didDocument: buildDidDocument(keys) }, config.authority)]),
    ...(divoc === undefined ? [] : [divoc]),
  ];
  const resolver = options.resolver ?? createDidWebResolver({ fetch: options.fetch ?? fetch });
  const unresolved: ConfiguredTrustList['unresolved'] = [];
  const others = await Promise.all(readTrustListFile(config.trustListFile)
    .filter((entry) => !own.some((mine) => mine.did === entry.did))
    .map(async (entry) => {
      if (isDivocEntry(entry)) return [trustedIssuerOf(entry)];
      if (isPinned(entry)) return [trustedIssuerOf(entry, entry.didDocument)];
      try {
        return [trustedIssuerOf(entry, await resolver.resolve(entry.did))];
      } catch (error) {
        unresolved.push({ did: entry.did, error: (error as Error).message });
        return [];
      }
    }));
  return { trustedIssuers: [...own, ...others.flat()], unresolved };
}
