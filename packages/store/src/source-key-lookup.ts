import type { StoredCertificate } from './certificate-types.js';

/** The most certificates {@link SourceKeyLookup.listCurrentBySourceKeyPrefix} returns. */
export const SOURCE_KEY_PREFIX_LIMIT = 100;

/**
 * Finds current certificates by the start of their `sourceKey`: every dose certified from one DHIS2 event
 * (`dhis2:<trackedEntity>:<event>:`) when the dose of a withdrawn event cannot be read. Part of the
 * {@link CertificateStore} port; each adapter serves it from its index on current source keys.
 */
export interface SourceKeyLookup {
  /**
   * The current (not superseded) certificates whose `sourceKey` starts with `prefix`, whatever their status,
   * ordered by `sourceKey`, at most {@link SOURCE_KEY_PREFIX_LIMIT}.
   * @throws TypeError when `prefix` is not a string of 3 to 300 characters ending in `:`.
   */
  listCurrentBySourceKeyPrefix(prefix: string): Promise<StoredCertificate[]>;
}

/**
 * The half-open range [`from`, `to`) of keys starting with `prefix` (its last character, `:`, moved one up), so an
 * engine finds them by a range scan of its index.
 * @throws TypeError like {@link SourceKeyLookup.listCurrentBySourceKeyPrefix}.
 */
export function sourceKeyRange(prefix: string): { from: string; to: string } {
  if (typeof prefix !== 'string' || prefix.length < 3 || prefix.length > 300 || !prefix.endsWith(':')) {
    throw new TypeError('"prefix" must be a string of 3 to 300 characters ending in ":".');
  }
  return { from: prefix, to: `${prefix.slice(0, -1)};` };
}
