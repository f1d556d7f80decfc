import { verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { buildDidDocument, parseDidDocument, readIssuerKeyFile, urlFromDidWeb } from '@healthcred/issuer-identity';
import type { DidDocument, VerificationResult } from '@healthcred/types';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';
import { readJsonFile } from '../files.js';
import { describeCredential } from '../describe.js';

const usage = `Usage: healthcred verify <credential.json> (--did-document <did.json> | --key <issuer-key.json>)... [options]

Verifies a signed credential offline: structure, validity dates, the Ed25519Signature2020 proof, and that
the signing key belongs to the issuer and is listed for assertionMethod. Prints a summary.
Exit code 0 when valid, 1 when not (with the reason), 2 on a usage error.

Options:
  --did-document <file>  A trusted issuer's DID document (healthcred did). Repeatable.
  --key <file>           A trusted issuer's key file; only its public keys are used. Repeatable.
  --issuer-url <url>     Base URL the issuer serves its contexts under. Repeatable.
                         Default: derived from each did:web DID.
  --at <date-time>       Check validity dates at this time instead of now.
  --json                 Print the verification result as JSON.`;

function trustedDocuments(values: { 'did-document'?: string[]; key?: string[] }): DidDocument[] {
  const documents = [
    ...(values['did-document'] ?? []).map((path) => parseDidDocument(readJsonFile(path), path)),
    ...(values.key ?? []).map((path) => buildDidDocument(readIssuerKeyFile(path))),
  ];
  if (documents.length === 0) {
    throw new UsageError('Say which issuers to trust: give --did-document <did.json> or --key <issuer-key.json>.');
  }
  return documents;
}

function printResult(io: Io, credential: unknown, result: VerificationResult): void {
  if (result.verified) {
    io.stdout(`VALID\n${describeCredential(credential)}\n  checks: ${result.checks.join(', ')}\n`);
    return;
  }
  const reasons = result.errors.map((error) => `  - ${error.check}: ${error.message} [${error.code}]`);
  io.stdout(`INVALID\n${reasons.join('\n')}\n`);
}

/** `healthcred verify`. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a signed credential',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      'did-document': { type: 'string', multiple: true }, key: { type: 'string', multiple: true },
      'issuer-url': { type: 'string', multiple: true }, at: { type: 'string' }, json: { type: 'boolean' },
    }, true);
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length !== 1) throw new UsageError('Give exactly one credential file.');
    const didDocuments = trustedDocuments(values);
    const contextBaseUrls = values['issuer-url'] ??
      didDocuments.filter((doc) => doc.id.startsWith('did:web:')).map((doc) => urlFromDidWeb(doc.id));
    let now: Date | undefined;
    if (values.at !== undefined) {
      now = new Date(values.at);
      if (Number.isNaN(now.getTime())) throw new UsageError('--at must be an ISO 8601 date-time.');
    }
    const credential = readJsonFile(positionals[0]!);
    const result = await verifyCredential({
      credential, documentLoader: createDocumentLoader({ contextBaseUrls, didDocuments }), ...(now ? { now } : {}),
    });
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else printResult(io, credential, result);
    return result.verified ? 0 : 1;
  },
};
