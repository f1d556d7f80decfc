import { createHash } from 'node:crypto';
import { TEST_RESULT_CONTEXT_PATH, VACCINATION_CONTEXT_PATH } from '@healthcred/document-loader';

/** The W3C VC data model v1 context. */
export const VC_V1_CONTEXT_URL = 'https://www.w3.org/2018/credentials/v1';
/** The Ed25519Signature2020 suite context. */
export const ED25519_2020_CONTEXT_URL = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** The kinds of credential the fast path knows. */
export type KnownCredentialKind = 'vaccination' | 'test-result';

/**
 * SHA-256 of `JSON.stringify` of each context document the shapes were written from. A document loader that serves
 * anything else at a context URL (another version, an edited file) makes the fast path step aside.
 */
const CONTEXT_DIGESTS = {
  vcV1: '778eb3a2ffad5df9773231da61b42c098e9849844873a6b5bf9be95c70d73df7',
  ed25519: '9ccf2b2a579a86c1fd167f4d1dfbdebc72dae44c7b4d592715cd621e1b5c6ba8',
  vaccination: '4de50dfc624901753194dbfc9c2ede4a2b6c6b045ba7feb1b2b941ad9bc160fc',
  'test-result': 'd45f12f9466b21689da4fad5cde01d4d79838d457c540b857933f6b6da9fffd6',
} as const;

const PATHS: Readonly<Record<KnownCredentialKind, string>> = {
  vaccination: `/${VACCINATION_CONTEXT_PATH}`,
  'test-result': `/${TEST_RESULT_CONTEXT_PATH}`,
};

/** Options shared by the canonicalizers. */
export interface CanonizeOptions {
  /**
   * Base URLs the healthcred contexts are served under (`<base>/credentials/vaccination/v1`). Default: any base,
   * matched by path alone; then the caller must make sure its document loader serves the known context documents
   * at those URLs (see {@link expectedContextDigest}).
   */
  contextBaseUrls?: readonly string[];
}

function kindOfUrl(url: unknown, options: CanonizeOptions): KnownCredentialKind | undefined {
  if (typeof url !== 'string') return undefined;
  for (const kind of Object.keys(PATHS) as KnownCredentialKind[]) {
    const path = PATHS[kind];
    if (!url.endsWith(path) || !/^https?:\/\/[^/?#]/.test(url)) continue;
    const base = url.slice(0, -path.length);
    if (options.contextBaseUrls === undefined || options.contextBaseUrls.some((b) => b.replace(/\/+$/, '') === base)) {
      return kind;
    }
  }
  return undefined;
}

/**
 * The credential kind an `@context` value stands for: exactly `[VC v1, <base>/credentials/<kind>/v1,
 * Ed25519-2020]`, the order the credential builders write. Undefined for any other value.
 */
export function credentialKindOfContext(context: unknown, options: CanonizeOptions = {}): KnownCredentialKind | undefined {
  if (!Array.isArray(context) || context.length !== 3) return undefined;
  if (context[0] !== VC_V1_CONTEXT_URL || context[2] !== ED25519_2020_CONTEXT_URL) return undefined;
  return kindOfUrl(context[1], options);
}

/**
 * The SHA-256 (hex) of `JSON.stringify(document)` that the document a loader returns for `url` must have for the
 * fast path's output to be right, or undefined when `url` is not a context the fast path knows.
 */
export function expectedContextDigest(url: string, options: CanonizeOptions = {}): string | undefined {
  if (url === VC_V1_CONTEXT_URL) return CONTEXT_DIGESTS.vcV1;
  if (url === ED25519_2020_CONTEXT_URL) return CONTEXT_DIGESTS.ed25519;
  const kind = kindOfUrl(url, options);
  return kind === undefined ? undefined : CONTEXT_DIGESTS[kind];
}

/** SHA-256 (hex) of `JSON.stringify(document)`, to compare with {@link expectedContextDigest}. */
export function contextDocumentDigest(document: unknown): string {
  return createHash('sha256').update(JSON.stringify(document) ?? '').digest('hex');
}
