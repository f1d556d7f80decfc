import type { EnvReader } from './env-reader.js';

/** Settings of the EU Digital COVID Certificate (HC1) and WHO DDCC:VS outputs. Present only when a DSC is configured. */
export interface DccConfig {
  /** Absolute path of the Document Signer Certificate (PEM). */
  dscCertificateFile: string;
  /** Absolute path of the DSC's unencrypted private key (PEM). */
  dscKeyFile: string;
  /** ISO 3166-1 alpha-2 issuing country, e.g. `LK`. */
  country: string;
  /** Certificate issuer (`is`), at most 80 characters. */
  issuerName: string;
  /** A country's EU value-set mapping; undefined means the mapping shipped with @healthcred/dcc. */
  valueSetsFile?: string;
  /** Other countries' DSCs to trust when verifying (a trust list as `buildTrustList` writes it). */
  trustListFile?: string;
  /** Days an issued HC1 is valid (CWT `exp`). */
  validityDays: number;
}

const OPTIONAL = ['DCC_COUNTRY', 'DCC_ISSUER_NAME', 'DCC_VALUE_SETS_FILE', 'DCC_TRUST_LIST_FILE', 'DCC_VALIDITY_DAYS'];

/**
 * Reads the DCC_* variables. EU DCC is on when DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE are both set; the other DCC_*
 * variables without them are a mistake, reported rather than ignored.
 */
export function readDccConfig(
  read: EnvReader, options: { issuerUrl: string; path: (value: string) => string },
): DccConfig | undefined {
  const certificate = read.string('DCC_DSC_CERT_FILE');
  const key = read.string('DCC_DSC_KEY_FILE');
  if (certificate === undefined || key === undefined) {
    if (certificate !== undefined || key !== undefined) {
      read.problems.push('DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE must be set together');
    } else {
      const stray = OPTIONAL.filter((name) => read.string(name) !== undefined);
      if (stray.length > 0) read.problems.push(`${stray.join(', ')} need DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE (EU DCC is off without a DSC)`);
    }
    return undefined;
  }
  const country = read.string('DCC_COUNTRY');
  if (country === undefined) read.problems.push('DCC_COUNTRY is required when a DSC is configured (ISO 3166-1 alpha-2, e.g. LK)');
  else if (!/^[A-Z]{2}$/.test(country)) read.problems.push('DCC_COUNTRY must be an ISO 3166-1 alpha-2 code in capitals, e.g. LK');
  const issuerName = read.string('DCC_ISSUER_NAME') ?? new URL(options.issuerUrl).host;
  if (issuerName.length > 80) read.problems.push('DCC_ISSUER_NAME must be at most 80 characters');
  const valueSets = read.string('DCC_VALUE_SETS_FILE');
  const trustList = read.string('DCC_TRUST_LIST_FILE');
  return {
    dscCertificateFile: options.path(certificate),
    dscKeyFile: options.path(key),
    country: country ?? '',
    issuerName,
    ...(valueSets === undefined ? {} : { valueSetsFile: options.path(valueSets) }),
    ...(trustList === undefined ? {} : { trustListFile: options.path(trustList) }),
    validityDays: read.integer('DCC_VALIDITY_DAYS', 365, 1, 3650),
  };
}
