import { loadConfig } from '@healthcred/config';
import { contextBaseUrlsOf, divocNamespacesOf, trustEntryOf, unsafeJsonResult, verifyCredential } from '@healthcred/credentials';
import { HC1_PREFIX } from '@healthcred/dcc';
import { createDocumentLoader, type DivocNamespaces } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { buildDidDocument, parseDidDocument, readIssuerKeyFile } from '@healthcred/issuer-identity';
import { loadConfiguredTrustList } from '@healthcred/runtime';
import { createDivocRevocationChecker, parseNewTrustEntry, trustedIssuerOf } from '@healthcred/trust';
import { COMPACT_V3_PREFIX, decodeQrPayload, decodeQrPayloadWithTrust, readQrImage, type QrFormat } from '@healthcred/qr';
import { readFileSync } from 'node:fs';
import type { DidDocument, TrustedIssuer, VerificationResult } from '@healthcred/types';
import { isUnsafeJsonError, parseStrictJson } from '@healthcred/validation';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { readJsonFile, readTextFile } from '../files.js';
import { describeCredential } from '../describe.js';
import { verifyHc1Command } from './verify-hc1.js';
import { statusCheckerFor } from './verify-status.js';
import { DIVOC_OPTIONS, divocTrustOf } from './divoc-keys.js';

const usage = `Usage: healthcred verify <credential.json|qr.png|qr.jpg|payload.txt> [--did-document <did.json> | --key <issuer-key.json>]... [options]
       healthcred verify <divoc-certificate.json|qr.png> --divoc-issuer <issuer> --divoc-key <key id>=<key file>... --divoc-context <url>=<context>...
       healthcred verify <HC1:...|qr.png|hc1.txt> [--trust-list <trust-list.json>]... [options]

Verifies a signed credential offline: that an issuer you trust signed exactly this (its published contexts
only), that it names its holder, its validity dates, the Ed25519Signature2020 proof, and that the signing key
is the issuer's, not revoked, and listed for assertionMethod. Prints a summary naming the issuer.
The credential may be a JSON file, a PNG or JPEG image of its QR code, or a file holding the QR's payload
(a DIVOC zip, its UTF-8 text form, or a compact HCQ1: payload); the QR's form is detected.
A DIVOC certificate (RsaSignature2018 or Ed25519Signature2018) verifies against a DIVOC issuer of the trust list or
the --divoc-* options; its revocation is asked of the issuer's DIVOC revocation route if one is configured, else
it is reported NOT checked (exit 3).
An EU DCC (HC1: text given as the argument, in a file or in a QR image) is verified against the trusted DSCs
instead: COSE signature, DSC validity and key usage, expiry.
Revocation and suspension are read from the credential's status lists, fetched over HTTP(S) (each list must
itself verify), or from saved copies (--status-list). With neither (--offline and no saved list, or a list
that cannot be fetched) it says that revocation was NOT checked.
Exit code 0 when valid and not revoked, 1 when not valid, revoked or suspended (with the reason), 2 on a
usage error, 3 when valid but its revocation could not be checked.

Options:
  --did-document <file>  A trusted issuer's DID document (healthcred did). Repeatable.
  --key <file>           A trusted issuer's key file; only its public keys are used. Repeatable.
                         Without either: the configured trust list (this deployment's issuer, as
                         ISSUER_URL and its key file say, and HEALTHCRED_TRUST_LIST_FILE; see healthcred trust).
  --divoc-issuer <iss>   A DIVOC issuer to trust: its certificates' issuer as DIVOC writes it (https://cowin.gov.in/),
                         with --divoc-key <key id>=<PEM or base58 key file> (repeatable), --divoc-context
                         <namespace URL>=<vaccination/v1|vaccination/v2|test-certificate/v1> (repeatable) and
                         --divoc-revocation-url <url> (optional), as healthcred trust add takes them.
  --issuer-url <url>     Base URL the issuer serves its contexts under. Repeatable.
                         Default: derived from each did:web DID.
  --trust-list <file>    EU DCC: DSCs to trust (JSON, as healthcred dcc keys writes). Repeatable.
                         Default: the configured DSC (DCC_DSC_CERT_FILE) and DCC_TRUST_LIST_FILE.
  --status-list <file>   A saved status list credential (GET <issuer>/status/...), used instead of fetching
                         its URL. Repeatable.
  --offline              Fetch nothing (no status list, no DIVOC revocation route); without --status-list,
                         revocation is not checked (exit 3).
  --at <date-time>       Check validity dates at this time instead of now.
  --json                 Print the verification result as JSON.`;

function trustedDocuments(values: { 'did-document'?: string[]; key?: string[] }): DidDocument[] {
  return [
    ...(values['did-document'] ?? []).map((path) => parseDidDocument(readJsonFile(path), path)),
    // A key file's keys are trusted in both forms: Ed25519VerificationKey2020 (VC 1.1) and Multikey (VC 2.0).
    ...(values.key ?? []).map((path) => buildDidDocument(readIssuerKeyFile(path), { multikey: true })),
  ];
}

/**
 * The configured trust list (this deployment's issuer and HEALTHCRED_TRUST_LIST_FILE), saying what it left out, and
 * the DIVOC namespaces configured besides it (HEALTHCRED_DIVOC_CONTEXTS).
 */
async function configuredTrust(env: NodeJS.ProcessEnv, io: Io, quiet: boolean): Promise<{ trusted: TrustedIssuer[]; divocNamespaces: DivocNamespaces }> {
  const config = loadConfig(env);
  const { trustedIssuers, unresolved } = await loadConfiguredTrustList(config);
  for (const { did, error } of unresolved) io.stderr(`warning: trusted issuer ${did} left out: ${error}\n`);
  if (trustedIssuers.length === 0) {
    throw new UsageError('No issuer is trusted: no issuer key is configured and the trust list is empty. ' +
      'Give --did-document <did.json> or --key <issuer-key.json>, or add issuers with healthcred trust add.');
  }
  if (!quiet) io.stdout(`Trusting the configured list: ${trustedIssuers.map((issuer) => issuer.name).join(', ')}.\n`);
  return { trusted: trustedIssuers, divocNamespaces: config.divocNamespaces };
}

/** The issuers given on the command line, each trusted under the name "given with --did-document/--key". */
function trustedIssuers(documents: readonly DidDocument[], baseUrls: readonly string[] | undefined): TrustedIssuer[] {
  return documents.map((didDocument) => {
    const entry = trustEntryOf({ did: didDocument.id, url: '', didDocument }, { name: 'given on the command line', country: 'ZZ' });
    const { contextBaseUrls: _derived, ...rest } = entry;
    return baseUrls === undefined ? rest : { ...rest, contextBaseUrls: [...baseUrls] };
  });
}

/** The DIVOC issuer given with --divoc-issuer and --divoc-key, checked as a trust entry, trusted as "given on the command line". */
function divocIssuerOf(values: Parameters<typeof divocTrustOf>[0] & { 'divoc-issuer'?: string }): TrustedIssuer | undefined {
  const divoc = divocTrustOf(values);
  if ((divoc === undefined) !== (values['divoc-issuer'] === undefined)) throw new UsageError('--divoc-issuer and --divoc-key go together.');
  if (divoc === undefined) return undefined;
  return trustedIssuerOf(parseNewTrustEntry({ did: values['divoc-issuer'], name: 'given on the command line', country: 'ZZ', divoc }));
}

/** Largest QR image or payload file read (a phone photo is a few megabytes). */
const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** Whether QR bytes hold an EU DCC (`HC1:` text). */
function isHc1(payload: Uint8Array): boolean {
  return Buffer.from(payload.subarray(0, 16)).toString('latin1').trimStart().startsWith(HC1_PREFIX);
}

/** Whether QR bytes hold a compact v3 payload, which is decoded once the trust list is known. */
function isCompactV3(payload: Uint8Array): boolean {
  return Buffer.from(payload.subarray(0, 16)).toString('latin1').trimStart().startsWith(COMPACT_V3_PREFIX);
}

/**
 * Reads the input: HC1 text, or a credential from a JSON file (as before), a QR image or a QR payload file; a compact
 * v3 payload as is (`v3`), as its tables come from the trust list.
 */
function readInput(path: string): { hc1: string } | { v3: Uint8Array } | { credential: unknown; format?: QrFormat } {
  if (path.startsWith(HC1_PREFIX)) return { hc1: path.trim() };
  if (/\.json$/i.test(path)) return { credential: parseStrictJson(readTextFile(path), path) };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new HealthcredError('invalid_input', `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, { cause });
  }
  if (bytes.length > MAX_INPUT_BYTES) throw new HealthcredError('invalid_input', `${path} is larger than 20 MB.`);
  const isImage = (bytes[0] === 0x89 && bytes[1] === 0x50) || (bytes[0] === 0xff && bytes[1] === 0xd8);
  const payload = isImage ? readQrImage(bytes) : bytes;
  if (isHc1(payload)) return { hc1: Buffer.from(payload).toString('latin1').trim() };
  return isCompactV3(payload) ? { v3: payload } : decodeQrPayload(payload);
}

function issuerLine(result: VerificationResult): string {
  const issuer = result.issuer;
  if (issuer === undefined) return '';
  return issuer.trusted ? `  trusted: ${issuer.name} (${issuer.country}), ${issuer.id}\n` : `  issuer:  ${issuer.id} (NOT trusted)\n`;
}

/** Exit code 3: valid in every other respect, but whether it was revoked is unknown. */
const NOT_CHECKED = 3;

/** Whether the only thing wrong is that the status could not be read: the credential may be valid or revoked. */
function statusUnknown(result: VerificationResult): boolean {
  if (result.verified) return result.warnings.some((warning) => warning.code === 'status_not_checked');
  return result.errors.length > 0 && result.errors.every((error) => error.code === 'status_unavailable');
}

function printResult(io: Io, credential: unknown, result: VerificationResult): void {
  if (statusUnknown(result)) {
    io.stdout(`NOT CHECKED: revocation was NOT checked, so this may be a revoked certificate.\n${describeCredential(credential)}\n` +
      `${issuerLine(result)}  ${[...result.warnings, ...result.errors].map((item) => item.message).join('\n  ')}\n`);
    return;
  }
  if (result.verified) {
    io.stdout(`VALID\n${describeCredential(credential)}\n${issuerLine(result)}  checks: ${result.checks.join(', ')}\n`);
    return;
  }
  const reasons = result.errors.map((error) => `  - ${error.check}: ${error.message} [${error.code}]`);
  io.stdout(`INVALID\n${reasons.join('\n')}\n${issuerLine(result)}`);
}

/** `healthcred verify`. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a signed credential',
  usage,
  async run(args, io, env = {}) {
    const { values, positionals } = parseCommandArgs(args, {
      'did-document': { type: 'string', multiple: true }, key: { type: 'string', multiple: true },
      'trust-list': { type: 'string', multiple: true },
      'issuer-url': { type: 'string', multiple: true }, at: { type: 'string' }, json: { type: 'boolean' },
      'status-list': { type: 'string', multiple: true }, offline: { type: 'boolean' },
      'divoc-issuer': { type: 'string' }, ...DIVOC_OPTIONS,
    }, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length !== 1) throw new UsageError('Give exactly one credential file or HC1: text.');
    let now: Date | undefined;
    if (values.at !== undefined) {
      now = new Date(values.at);
      if (Number.isNaN(now.getTime())) throw new UsageError('--at must be an ISO 8601 date-time.');
    }
    let input: ReturnType<typeof readInput>;
    try {
      input = readInput(positionals[0]!);
    } catch (error) {
      if (!isUnsafeJsonError(error)) throw error;
      const result = unsafeJsonResult(error);
      if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else printResult(io, undefined, result);
      return 1;
    }
    if ('hc1' in input) {
      if (!values.json) io.stdout('Read an EU DCC (HC1).\n');
      return verifyHc1Command({
        hc1: input.hc1, trustListFiles: values['trust-list'], env, now, json: values.json ?? false, io,
      });
    }
    const didDocuments = trustedDocuments(values);
    const divocIssuer = divocIssuerOf(values);
    const given = [...trustedIssuers(didDocuments, values['issuer-url']), ...(divocIssuer ? [divocIssuer] : [])];
    const { trusted, divocNamespaces } = given.length > 0 ? { trusted: given, divocNamespaces: {} } : await configuredTrust(env, io, values.json ?? false);
    const contextBaseUrls = values['issuer-url'] ?? contextBaseUrlsOf(trusted);
    const documentLoader = createDocumentLoader({ contextBaseUrls, divocNamespaces: { ...divocNamespaces, ...divocNamespacesOf(trusted) } });
    const { credential, format } = 'v3' in input
      ? await decodeQrPayloadWithTrust(input.v3, { trustedIssuers: trusted, documentLoader })
      : input;
    if (format !== undefined && !values.json) io.stdout(`Read from a QR payload (${format}).\n`);
    const checkStatus = statusCheckerFor({
      files: values['status-list'] ?? [], offline: values.offline ?? false, trustedIssuers: trusted, documentLoader,
    });
    const result = await verifyCredential({
      credential, documentLoader, trustedIssuers: trusted, ...(now ? { now } : {}), ...(checkStatus ? { checkStatus } : {}),
      ...(values.offline ? {} : { checkDivocRevocation: createDivocRevocationChecker({ fetch }) }),
    });
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else printResult(io, credential, result);
    if (statusUnknown(result)) return NOT_CHECKED;
    return result.verified ? 0 : 1;
  },
};
