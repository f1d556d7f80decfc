import { buildTestResultCredential, buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, normalizeCertificateId } from '@healthcred/credentials';
import { parseHealthRecord } from '@healthcred/records';
import { readIssuerKeyFile, urlFromDidWeb } from '@healthcred/issuer-identity';
import type { HealthCredential } from '@healthcred/types';
import { parseCommandArgs, requireFlag, UsageError, type Command } from '../command.js';
import { readJsonFile } from '../files.js';

const usage = `Usage: healthcred issue --record <record.json> --key <issuer-key.json> [options]

Signs a certificate for a vaccination or test-result record (Ed25519Signature2020) and prints the signed
W3C verifiable credential as JSON on stdout.

Options:
  --record <file>          A VaccinationRecord or TestResultRecord (see examples/).
  --key <file>             The issuer key file (healthcred keys generate).
  --issuer-url <url>       The issuer's public base URL, where its contexts are served.
                           Default: derived from a did:web DID (did:web:example.org -> https://example.org).
  --certificate-id <id>    Use this certificate id instead of a new random one (e.g. 7K3M-9QXP-2RB4).
  --expires <date-time>    Expiry (ISO 8601). Default: none.`;

/** `healthcred issue`. */
export const issueCommand: Command = {
  name: 'issue',
  summary: 'Sign a certificate for a record and print it',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      record: { type: 'string' }, key: { type: 'string' }, 'issuer-url': { type: 'string' },
      'certificate-id': { type: 'string' }, expires: { type: 'string' },
    });
    if (values.help) return io.stdout(`${usage}\n`), 0;
    const health = parseHealthRecord(readJsonFile(requireFlag(values, 'record')));
    const keys = readIssuerKeyFile(requireFlag(values, 'key'));
    const issuer = createIssuer({ keys, url: values['issuer-url'] ?? urlFromDidWeb(keys.did) });
    let certificateId = generateCertificateId();
    if (values['certificate-id'] !== undefined) {
      const normalized = normalizeCertificateId(values['certificate-id']);
      if (!normalized) throw new UsageError('--certificate-id must look like 7K3M-9QXP-2RB4.');
      certificateId = normalized;
    }
    const options = {
      issuer, certificateId, issuedAt: new Date().toISOString(),
      ...(values.expires === undefined ? {} : { expiresAt: values.expires }),
    };
    const credential: HealthCredential = health.kind === 'vaccination'
      ? buildVaccinationCredential(health.record, options)
      : buildTestResultCredential(health.record, options);
    const signed = await issueCredential({ credential, issuer });
    io.stdout(`${JSON.stringify(signed, null, 2)}\n`);
    return 0;
  },
};
