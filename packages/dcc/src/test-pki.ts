import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { buildCertificateDer } from './certificate-builder.js';
import type { DccAlgorithm } from './cose.js';
import { invalidInput } from './fail.js';
import { DCC_EXTENDED_KEY_USAGE, type DccCertificateType } from './key-usage.js';

/** Options of {@link createDccTestPki}. */
export interface CreateDccTestPkiOptions {
  /** ISO 3166-1 alpha-2 country of both certificates, e.g. `LK`. */
  country: string;
  /** Organization in both subjects. Default `healthcred test`. */
  organization?: string;
  /** Start of validity. Default: now. */
  now?: Date;
  /** Days the CSCA is valid. Default 1461 (4 years). */
  cscaValidityDays?: number;
  /** Days the DSC is valid. Default 365. */
  dscValidityDays?: number;
  /** ES256 (EC P-256 DSC, default) or PS256 (RSA-2048 DSC). The CSCA is always EC P-256. */
  algorithm?: DccAlgorithm;
  /** Types the DSC may sign (extended key usages). Default all three. */
  certificateTypes?: DccCertificateType[];
}

/** A certificate and its private key, both PEM. */
export interface PemKeyPair {
  certificatePem: string;
  privateKeyPem: string;
}

/** A test CSCA and a DSC it signed. */
export interface DccTestPki {
  csca: PemKeyPair;
  dsc: PemKeyPair;
}

const DAY_MS = 86_400_000;

function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function privatePem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A positive 16-byte serial (RFC 5280 allows up to 20 octets). */
function serial(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f | 0x01;
  return bytes;
}

/**
 * Makes a throw-away PKI for tests and demos: a self-signed CSCA (EC P-256) and a DSC signed by it with the EU DCC
 * extended key usages. Never use it for real certificates: production DSCs come from the country's CSCA, see
 * `loadDsc`.
 * @throws HealthcredError `invalid_input` for a malformed country or validity.
 */
export function createDccTestPki(options: CreateDccTestPkiOptions): DccTestPki {
  if (!/^[A-Z]{2}$/.test(options.country)) throw invalidInput('country', 'must be an ISO 3166-1 alpha-2 code, e.g. LK.');
  const cscaDays = options.cscaValidityDays ?? 1461;
  const dscDays = options.dscValidityDays ?? 365;
  if (!(dscDays > 0 && cscaDays >= dscDays)) throw invalidInput('dscValidityDays', 'must be positive and within the CSCA validity.');
  const now = options.now ?? new Date();
  const organization = options.organization ?? 'healthcred test';
  const csca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const dsc = options.algorithm === 'PS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cscaName = { country: options.country, organization, commonName: `${options.country} healthcred test CSCA` };
  const cscaDer = buildCertificateDer({
    serial: serial(), issuer: cscaName, subject: cscaName, notBefore: now, notAfter: new Date(now.getTime() + cscaDays * DAY_MS),
    subjectPublicKey: csca.publicKey, issuerPublicKey: csca.publicKey, signingKey: csca.privateKey, ca: true,
  });
  const dscDer = buildCertificateDer({
    serial: serial(), issuer: cscaName,
    subject: { country: options.country, organization, commonName: `${options.country} healthcred test DSC` },
    notBefore: now, notAfter: new Date(now.getTime() + dscDays * DAY_MS),
    subjectPublicKey: dsc.publicKey, issuerPublicKey: csca.publicKey, signingKey: csca.privateKey, ca: false,
    extendedKeyUsage: (options.certificateTypes ?? ['test', 'vaccination', 'recovery']).map((t) => DCC_EXTENDED_KEY_USAGE[t]),
  });
  return {
    csca: { certificatePem: toPem(cscaDer), privateKeyPem: privatePem(csca.privateKey) },
    dsc: { certificatePem: toPem(dscDer), privateKeyPem: privatePem(dsc.privateKey) },
  };
}
