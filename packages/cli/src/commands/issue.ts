import { loadConfig } from '@healthcred/config';
import {
  buildTestResultCredential, buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, issueDivocCredential,
  normalizeCertificateId,
} from '@healthcred/credentials';
import { buildDivocCredential } from '@healthcred/issuance';
import { parseHealthRecord } from '@healthcred/records';
import { readIssuerKeyFile, urlFromDidWeb } from '@healthcred/issuer-identity';
import { createLogger, loadDivocIssuer } from '@healthcred/runtime';
import type { HealthCredential, HealthRecord } from '@healthcred/types';
import { parseCommandArgs, requireFlag, UsageError, type Command, type Io } from '../command.js';
import { readJsonFile } from '../files.js';

const usage = `Usage: healthcred issue --record <record.json> --key <issuer-key.json> [options]
       healthcred issue --record <record.json> [--certificate-id <id>]   (HEALTHCRED_CREDENTIAL_PROFILE=divoc)

Signs a certificate for a vaccination or test-result record (Ed25519Signature2020) and prints the signed
W3C verifiable credential as JSON on stdout. Without --key, on a deployment configured with
HEALTHCRED_CREDENTIAL_PROFILE=divoc, signs it in DIVOC's form with the DIVOC key (HEALTHCRED_DIVOC_KEY_FILE) under
the configured DIVOC profile, as the issuer does.

Options:
  --record <file>          A VaccinationRecord or TestResultRecord (see examples/).
  --key <file>             The issuer key file (healthcred keys generate). Required unless the DIVOC profile is configured.
  --issuer-url <url>       The issuer's public base URL, where its contexts are served.
                           Default: derived from a did:web DID (did:web:example.org -> https://example.org).
  --certificate-id <id>    Use this certificate id instead of a new random one (e.g. 7K3M-9QXP-2RB4).
  --expires <date-time>    Expiry (ISO 8601). Default: none.`;

/** `healthcred issue`. */
export const issueCommand: Command = {
  name: 'issue',
  summary: 'Sign a certificate for a record and print it',
  usage,
  async run(args, io, env = process.env) {
    const { values } = parseCommandArgs(args, {
      record: { type: 'string' }, key: { type: 'string' }, 'issuer-url': { type: 'string' },
      'certificate-id': { type: 'string' }, expires: { type: 'string' },
    });
    if (values.help) return io.stdout(`${usage}\n`), 0;
    const health = parseHealthRecord(readJsonFile(requireFlag(values, 'record')));
    let certificateId = generateCertificateId();
    if (values['certificate-id'] !== undefined) {
      const normalized = normalizeCertificateId(values['certificate-id']);
      if (!normalized) throw new UsageError('--certificate-id must look like 7K3M-9QXP-2RB4.');
      certificateId = normalized;
    }
    if (values.key === undefined) {
      if (values['issuer-url'] !== undefined || values.expires !== undefined) {
        throw new UsageError('--issuer-url and --expires go with --key; the DIVOC form takes its issuer from the profile and has no expiry.');
      }
      return issueDivoc(health, certificateId, io, env);
    }
    const keys = readIssuerKeyFile(requireFlag(values, 'key'));
    const issuer = createIssuer({ keys, url: values['issuer-url'] ?? urlFromDidWeb(keys.did) });
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

/** Signs `health` in DIVOC's form with the configured DIVOC profile and key, or says --key is needed without one. */
async function issueDivoc(health: HealthRecord, certificateId: string, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig(env);
  const divoc = loadDivocIssuer(config, createLogger({ name: 'cli', level: config.logLevel }));
  if (divoc === undefined) throw new UsageError('--key is required (or HEALTHCRED_CREDENTIAL_PROFILE=divoc, to sign in DIVOC\'s form).');
  const now = new Date();
  const credential = buildDivocCredential(health, divoc, { certificateId, now });
  io.stdout(`${JSON.stringify(await issueDivocCredential({ credential, issuer: divoc, now }), null, 2)}\n`);
  return 0;
}
