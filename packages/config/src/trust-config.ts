import { isCountryCode } from '@healthcred/validation';
import type { EnvReader } from './env-reader.js';
import type { Tier } from './config.js';

/** The health authority this deployment issues for: named with every verification result of its credentials. */
export interface Authority {
  /** ISSUER_AUTHORITY_NAME, at most 200 characters. */
  name: string;
  /** ISSUER_COUNTRY, ISO 3166-1 alpha-2. */
  country: string;
}

/**
 * Reads ISSUER_AUTHORITY_NAME [the ISSUER_URL host] and ISSUER_COUNTRY [DCC_COUNTRY when EU DCC is on; else `ZZ`
 * ("unknown", a user-assigned code) on the embedded tier; required on the national tier]. With EU DCC on, the two
 * countries must agree: a deployment signs for one country.
 */
export function readAuthority(
  read: EnvReader, options: { tier: Tier; issuerUrl: string; dccCountry: string | undefined },
): Authority {
  const name = read.string('ISSUER_AUTHORITY_NAME') ?? new URL(options.issuerUrl).host;
  if (name.length > 200) read.problems.push('ISSUER_AUTHORITY_NAME must be at most 200 characters');
  const given = read.string('ISSUER_COUNTRY');
  if (given !== undefined && !isCountryCode(given)) {
    read.problems.push('ISSUER_COUNTRY must be an ISO 3166-1 alpha-2 code in capitals, e.g. LK');
  } else if (given !== undefined && options.dccCountry && given !== options.dccCountry) {
    read.problems.push(`ISSUER_COUNTRY (${given}) and DCC_COUNTRY (${options.dccCountry}) must be the same country`);
  } else if (given === undefined && !options.dccCountry && options.tier === 'national') {
    read.problems.push('ISSUER_COUNTRY is required when HEALTHCRED_TIER=national (ISO 3166-1 alpha-2, e.g. LK)');
  }
  return { name, country: given ?? (options.dccCountry || 'ZZ') };
}
