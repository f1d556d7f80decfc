import { createHash } from 'node:crypto';
import {
  ED25519_2020_CONTEXT, STATUS_LIST_2021_CONTEXT, TEST_RESULT_CONTEXT_PATH, TEST_RESULT_CONTEXT_V2_PATH,
  TEST_RESULT_CONTEXT_V3_PATH, VACCINATION_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH, VACCINATION_CONTEXT_V3_PATH,
  VC_V1_CONTEXT, VC_V2_CONTEXT,
} from '@healthcred/document-loader';

/** The kinds of credential the fast path knows. */
export type KnownCredentialKind = 'vaccination' | 'test-result';

/**
 * A version of a healthcred credential context: v2 adds the holder's name parts to v1; v3 is v2 for VC 2.0
 * credentials (`[VC v2, <base>/credentials/<kind>/v3]`, no suite context: the VC 2.0 context defines
 * `DataIntegrityProof` and the status entry).
 */
export type KnownContextVersion = 1 | 2 | 3;

/** A healthcred context the fast path knows: the credential kind and version it is for. */
export interface KnownContext {
  kind: KnownCredentialKind;
  version: KnownContextVersion;
}

/** A credential's known `@context`: its healthcred context, and whether the Status List 2021 context follows it. */
export interface KnownCredentialContext extends KnownContext {
  statusList2021: boolean;
}

/** SHA-256 of `JSON.stringify` of the W3C and suite context documents the shapes were written from. */
const W3C_DIGESTS = {
  vcV1: '778eb3a2ffad5df9773231da61b42c098e9849844873a6b5bf9be95c70d73df7',
  ed25519: '9ccf2b2a579a86c1fd167f4d1dfbdebc72dae44c7b4d592715cd621e1b5c6ba8',
  /** `@digitalbazaar/vc-status-list-context` 3.1.1. */
  statusList2021: '2420f53a4af31944aade1e7b98dc2b2e94fd243438d20864e39b1bbf74dc3c28',
  vcV2: 'bf6fd611e6773d58f649459a45dbbb81f94e8cfd058a756644cd5a4a882c4050',
} as const;

/**
 * The healthcred contexts, with the SHA-256 of `JSON.stringify` of the document each one's shapes were written from.
 * A document loader that serves anything else at a context URL (another version, an edited file) makes the fast
 * path step aside.
 */
const HEALTHCRED_CONTEXTS: readonly (KnownContext & { path: string; digest: string })[] = [
  { kind: 'vaccination', version: 1, path: `/${VACCINATION_CONTEXT_PATH}`,
    digest: '4de50dfc624901753194dbfc9c2ede4a2b6c6b045ba7feb1b2b941ad9bc160fc' },
  { kind: 'vaccination', version: 2, path: `/${VACCINATION_CONTEXT_V2_PATH}`,
    digest: '74206b9f2944f99c59ab0ede41b004d5e47b93ff1ffe4925bcc31a8fb623fe65' },
  { kind: 'test-result', version: 1, path: `/${TEST_RESULT_CONTEXT_PATH}`,
    digest: 'd45f12f9466b21689da4fad5cde01d4d79838d457c540b857933f6b6da9fffd6' },
  { kind: 'test-result', version: 2, path: `/${TEST_RESULT_CONTEXT_V2_PATH}`,
    digest: 'f7c33fb9e6de179041c072c98d19d8587f6f893dd04fc954abb10b57a800b11e' },
  { kind: 'vaccination', version: 3, path: `/${VACCINATION_CONTEXT_V3_PATH}`,
    digest: '76ec4d7b1e1e1118c3003d9fd0ff6d38e3ac05e7cae0df196c5513701bd18b91' },
  { kind: 'test-result', version: 3, path: `/${TEST_RESULT_CONTEXT_V3_PATH}`,
    digest: '060a0ccee7c7e49de2245ed3a136d265763e515a29c28c45af96c81f37565b48' },
];

/** Options shared by the canonicalizers. */
export interface CanonizeOptions {
  /**
   * Base URLs the healthcred contexts are served under (`<base>/credentials/vaccination/v1`). Default: any base,
   * matched by path alone; then the caller must make sure its document loader serves the known context documents
   * at those URLs (see {@link expectedContextDigest}).
   */
  contextBaseUrls?: readonly string[];
}

function contextOfUrl(url: unknown, options: CanonizeOptions) {
  if (typeof url !== 'string' || !/^https?:\/\/[^/?#]/.test(url)) return undefined;
  return HEALTHCRED_CONTEXTS.find(({ path }) => {
    if (!url.endsWith(path)) return false;
    const base = url.slice(0, -path.length);
    return options.contextBaseUrls === undefined || options.contextBaseUrls.some((b) => b.replace(/\/+$/, '') === base);
  });
}

/**
 * The credential kind and context version an `@context` value stands for: exactly `[VC v1,
 * <base>/credentials/<kind>/v1|v2, Ed25519-2020]` or, with Status List 2021 entries, `[VC v1,
 * <base>/credentials/<kind>/v1|v2, Status List 2021, Ed25519-2020]`, or `[VC v2, <base>/credentials/<kind>/v3]`, the
 * orders the credential builders write. Undefined for any other value.
 */
export function knownContextOf(context: unknown, options: CanonizeOptions = {}): KnownCredentialContext | undefined {
  if (!Array.isArray(context)) return undefined;
  const vc2 = context.length === 2 && context[0] === VC_V2_CONTEXT;
  const statusList2021 = context.length === 4 && context[2] === STATUS_LIST_2021_CONTEXT;
  const vc1 = (context.length === 3 || statusList2021) && context[0] === VC_V1_CONTEXT
    && context[context.length - 1] === ED25519_2020_CONTEXT;
  if (!vc1 && !vc2) return undefined;
  const known = contextOfUrl(context[1], options);
  if (known === undefined || (known.version === 3) !== vc2) return undefined;
  return { kind: known.kind, version: known.version, statusList2021 };
}

/** The credential kind an `@context` value stands for (see {@link knownContextOf}), of any version. */
export function credentialKindOfContext(context: unknown, options: CanonizeOptions = {}): KnownCredentialKind | undefined {
  return knownContextOf(context, options)?.kind;
}

/**
 * The SHA-256 (hex) of `JSON.stringify(document)` that the document a loader returns for `url` must have for the
 * fast path's output to be right, or undefined when `url` is not a context the fast path knows.
 */
export function expectedContextDigest(url: string, options: CanonizeOptions = {}): string | undefined {
  if (url === VC_V1_CONTEXT) return W3C_DIGESTS.vcV1;
  if (url === ED25519_2020_CONTEXT) return W3C_DIGESTS.ed25519;
  if (url === STATUS_LIST_2021_CONTEXT) return W3C_DIGESTS.statusList2021;
  if (url === VC_V2_CONTEXT) return W3C_DIGESTS.vcV2;
  return contextOfUrl(url, options)?.digest;
}

/** SHA-256 (hex) of `JSON.stringify(document)`, to compare with {@link expectedContextDigest}. */
export function contextDocumentDigest(document: unknown): string {
  return createHash('sha256').update(JSON.stringify(document) ?? '').digest('hex');
}
