import { loadConfig } from '@healthcred/config';
import {
  buildTrustList, parseTrustList, reportHc1Verification, verifyHc1, type DccPayload, type Hc1Report, type TrustList,
} from '@healthcred/dcc';
import { UsageError, type Io } from '../command.js';
import { readJsonFile, readTextFile } from '../files.js';

/**
 * The DSCs to trust: the `--trust-list` files, or else the configured DSC (DCC_DSC_CERT_FILE) with
 * DCC_TRUST_LIST_FILE.
 */
function readTrustList(files: string[] | undefined, env: NodeJS.ProcessEnv): TrustList {
  if (files !== undefined && files.length > 0) return files.flatMap((file) => parseTrustList(readJsonFile(file)));
  const { dcc } = loadConfig(env);
  if (dcc === undefined) {
    throw new UsageError('Say which DSCs to trust: give --trust-list <trust-list.json>, or set DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE.');
  }
  return [
    ...buildTrustList([readTextFile(dcc.dscCertificateFile)]),
    ...(dcc.trustListFile === undefined ? [] : parseTrustList(readJsonFile(dcc.trustListFile))),
  ];
}

/** A few human lines about a verified DCC; written defensively, as other countries' DCCs may hold recovery entries. */
function describeDcc(dcc: DccPayload): string[] {
  const groups = dcc as unknown as Record<'v' | 't' | 'r', Record<string, unknown>[] | undefined>;
  const [kind, entry] = groups.v ? ['vaccination', groups.v[0]] : groups.t ? ['test', groups.t[0]] : ['recovery', groups.r?.[0]];
  const field = (name: string) => String(entry?.[name] ?? '?');
  const transliterated = [dcc.nam.fnt, dcc.nam.gnt].filter(Boolean).join('<<');
  const lines = [
    `  EU DCC ${kind}  ${field('ci')}`,
    `  holder:  ${[dcc.nam.fn, dcc.nam.gn].filter(Boolean).join(', ') || transliterated} (${transliterated}), born ${dcc.dob}`,
  ];
  if (kind === 'vaccination') lines.push(`  vaccine: ${field('mp')} (${field('ma')}), dose ${field('dn')} of ${field('sd')}, ${field('dt')}`);
  if (kind === 'test') lines.push(`  test:    ${field('tt')} for ${field('tg')}: ${field('tr')}, sampled ${field('sc').slice(0, 10)}`);
  if (kind === 'recovery') lines.push(`  recovery from ${field('tg')}, valid ${field('df')} to ${field('du')}`);
  lines.push(`  issuer:  ${field('is')}, ${field('co')}`);
  return lines;
}

/**
 * Verifies an HC1 (EU DCC) against a trust list and prints the result as `healthcred verify` does for credentials.
 * Returns the exit code: 0 when valid, 1 when not.
 */
export function verifyHc1Command(options: {
  hc1: string; trustListFiles: string[] | undefined; env: NodeJS.ProcessEnv; now: Date | undefined; json: boolean; io: Io;
}): number {
  const { io } = options;
  const trustList = readTrustList(options.trustListFiles, options.env);
  const result = reportHc1Verification(verifyHc1({ hc1: options.hc1, trustList, now: options.now ?? new Date() }));
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else if (result.verified && result.dcc) {
    io.stdout(`VALID\n${describeDcc(result.dcc).join('\n')}\n  signed:  DSC ${result.kid} (${result.issuerCountry}), ` +
      `expires ${result.expiresAt}\n  checks: ${result.checks.join(', ')}\n`);
  } else {
    io.stdout(`INVALID\n${result.errors.map((e) => `  - ${e.check}: ${e.message} [${e.code}]`).join('\n')}\n`);
  }
  return result.verified ? 0 : 1;
}
