import { createPublicKey } from 'node:crypto';
import { decodeBase58 } from '@healthcred/base58';
import { DIVOC_CONTEXT_NAMES } from '@healthcred/document-loader';
import type { DivocKey, DivocTrust } from '@healthcred/types';
import { InputReader } from '@healthcred/validation';

const URI_RULES = { maxLength: 500, printable: true };

/** Whether `text` is an absolute URI (`https://cowin.gov.in/`, `did:india`): what DIVOC writes as issuer and key id. */
function isUri(text: string): boolean {
  try {
    new URL(text);
    return !/\s/.test(text);
  } catch {
    return false;
  }
}

function readUri(reader: InputReader, what: string): string {
  const text = reader.string(URI_RULES);
  if (!isUri(text)) reader.fail(`must be ${what}`);
  return text;
}

function readHttpUrl(reader: InputReader): string {
  const text = reader.string(URI_RULES);
  const url = isUri(text) ? new URL(text) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.hash) {
    reader.fail('must be an http(s) URL without credentials or fragment');
  }
  return text;
}

/**
 * The issuer a DIVOC trust entry is for: the certificates' `issuer` exactly as DIVOC writes it (an absolute URI such as
 * `https://cowin.gov.in/`). Its certificates verify only with that `issuer`.
 *
 * @throws HealthcredError `invalid_input` naming the field.
 */
export function readDivocIssuer(reader: InputReader): string {
  return readUri(reader, "the certificates' issuer as DIVOC writes it, an absolute URI such as https://cowin.gov.in/");
}

function readKey(reader: InputReader): DivocKey {
  reader.onlyKeys(['id', 'type', 'publicKeyPem', 'publicKeyBase58', 'revoked']);
  const id = readUri(reader.field('id'), 'the key id the certificates name in proof.verificationMethod, e.g. did:india');
  const revoked = reader.field('revoked').optional((field) => field.dateTime());
  const pem = reader.field('publicKeyPem');
  const base58 = reader.field('publicKeyBase58');
  if (pem.isMissing === base58.isMissing) reader.fail('needs publicKeyPem (an RSA key) or publicKeyBase58 (an Ed25519 key), one of them');
  const type = reader.field('type').optional((field) => field.oneOf(['RsaVerificationKey2018', 'Ed25519VerificationKey2018'] as const));
  const extra = revoked === undefined ? {} : { revoked };
  if (!pem.isMissing) {
    if (type === 'Ed25519VerificationKey2018') reader.field('type').fail('is Ed25519VerificationKey2018, but the key is a PEM');
    const publicKeyPem = pem.string({ maxLength: 4000 });
    let size: number | undefined;
    try {
      const key = createPublicKey(publicKeyPem);
      size = key.asymmetricKeyType === 'rsa' ? key.asymmetricKeyDetails?.modulusLength : undefined;
    } catch {
      pem.fail('is not a PEM public key (-----BEGIN PUBLIC KEY-----)');
    }
    if (size === undefined || size < 2048) pem.fail('must be an RSA public key of at least 2048 bits');
    return { id, type: 'RsaVerificationKey2018', publicKeyPem: `${publicKeyPem}\n`, ...extra };
  }
  if (type === 'RsaVerificationKey2018') reader.field('type').fail('is RsaVerificationKey2018, but the key is base58');
  const publicKeyBase58 = base58.string({ maxLength: 4000 });
  if (decodeBase58(publicKeyBase58)?.length !== 32) base58.fail('must be a 32-byte Ed25519 public key in base58');
  return { id, type: 'Ed25519VerificationKey2018', publicKeyBase58, ...extra };
}

/**
 * Reads what a trust entry says of a DIVOC issuer: `{keys: [{id, publicKeyPem | publicKeyBase58, type?, revoked?}],
 * contexts: {<namespace URL>: "vaccination/v1" | "vaccination/v2" | "test-certificate/v1"}, revocationUrl?}`. RSA keys
 * must be 2048 bits or more; key ids are not resolved (DIVOC's `did:india` names no document).
 *
 * @throws HealthcredError `invalid_input` naming the field.
 */
export function readDivocTrust(reader: InputReader): DivocTrust {
  reader.onlyKeys(['keys', 'contexts', 'revocationUrl']);
  const keys = reader.field('keys').array({ minItems: 1, maxItems: 20 }).map(readKey);
  const contextsReader = reader.field('contexts');
  const urls = contextsReader.isMissing || typeof contextsReader.value !== 'object' || Array.isArray(contextsReader.value)
    ? contextsReader.fail('must be an object of namespace URL to DIVOC context name, e.g. {"https://cowin.gov.in/credentials/vaccination/v1": "vaccination/v1"}')
    : Object.keys(contextsReader.value as object);
  if (urls.length === 0 || urls.length > 10) contextsReader.fail('must name 1 to 10 namespace URLs');
  const contexts: Record<string, string> = {};
  for (const url of urls) {
    const field = contextsReader.field(url);
    readHttpUrl(InputReader.of(url, `${field.path} (the namespace URL)`));
    contexts[url] = field.oneOf(DIVOC_CONTEXT_NAMES);
  }
  const revocationUrl = reader.field('revocationUrl').optional(readHttpUrl);
  return { keys, contexts, ...(revocationUrl === undefined ? {} : { revocationUrl }) };
}
