import { UsageError } from '../command.js';
import { readTextFile } from '../files.js';

/** The options that describe a DIVOC issuer, as `healthcred trust add` and `healthcred verify` take them. */
export const DIVOC_OPTIONS = {
  'divoc-key': { type: 'string', multiple: true },
  'divoc-context': { type: 'string', multiple: true },
  'divoc-revocation-url': { type: 'string' },
} as const;

function splitPair(text: string, flag: string, form: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at < 1 || at === text.length - 1) throw new UsageError(`--${flag} must be ${form}, got "${text}".`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * The `divoc` member of a trust entry from `--divoc-key <key id>=<file>` (a PEM public key, or a file holding the
 * base58 Ed25519 key), `--divoc-context <namespace URL>=<vaccination/v1|vaccination/v2|test-certificate/v1>` and
 * `--divoc-revocation-url <url>`, for `parseNewTrustEntry` to check; undefined without `--divoc-key`.
 */
export function divocTrustOf(values: { 'divoc-key'?: string[]; 'divoc-context'?: string[]; 'divoc-revocation-url'?: string }) {
  const keys = values['divoc-key'];
  if (keys === undefined) {
    if (values['divoc-context'] || values['divoc-revocation-url']) throw new UsageError('--divoc-context and --divoc-revocation-url need --divoc-key.');
    return undefined;
  }
  if (values['divoc-context'] === undefined) {
    throw new UsageError('A DIVOC issuer needs --divoc-context <namespace URL>=<vaccination/v1|vaccination/v2|test-certificate/v1>.');
  }
  return {
    keys: keys.map((pair) => {
      const [id, file] = splitPair(pair, 'divoc-key', '<key id>=<PEM or base58 key file>');
      const text = readTextFile(file).trim();
      return text.startsWith('-----BEGIN') ? { id, publicKeyPem: text } : { id, publicKeyBase58: text };
    }),
    contexts: Object.fromEntries(values['divoc-context'].map((pair) => splitPair(pair, 'divoc-context', '<namespace URL>=<context name>'))),
    ...(values['divoc-revocation-url'] === undefined ? {} : { revocationUrl: values['divoc-revocation-url'] }),
  };
}
