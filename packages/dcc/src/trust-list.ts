import { createHash, X509Certificate } from 'node:crypto';
import { dscKid, subjectCountry } from './dsc.js';
import { invalidInput } from './fail.js';

/**
 * One DSC in a trust list, with the field names of the EU DCC Gateway's `/trustList/DSC` items (without the
 * gateway's CMS `signature` and `timestamp`).
 */
export interface TrustListEntry {
  certificateType: 'DSC';
  /** ISO 3166-1 alpha-2 country of the DSC. */
  country: string;
  /** Base64 of the first 8 bytes of SHA-256 of the DER. */
  kid: string;
  /** Hex SHA-256 of the DER. */
  thumbprint: string;
  /** Base64 of the certificate's DER. */
  rawData: string;
}

/** A list of DSCs a verifier trusts. */
export type TrustList = TrustListEntry[];

function entryFor(certificate: X509Certificate, at: string): TrustListEntry {
  const country = subjectCountry(certificate);
  if (country === undefined || !/^[A-Z]{2}$/.test(country)) throw invalidInput(at, 'has no two-letter C= in its subject.');
  return {
    certificateType: 'DSC', country,
    kid: Buffer.from(dscKid(certificate.raw)).toString('base64'),
    thumbprint: createHash('sha256').update(certificate.raw).digest('hex'),
    rawData: certificate.raw.toString('base64'),
  };
}

/**
 * The trust list of some DSCs (PEM certificates, public only), for an endpoint to publish as JSON. Kids and
 * thumbprints are computed from the certificates.
 * @throws HealthcredError `invalid_input` naming `dscs[i]` when a certificate does not parse or has no country.
 */
export function buildTrustList(dscs: string[]): TrustList {
  return dscs.map((pem, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch (cause) {
      throw invalidInput(`dscs[${index}]`, 'is not a PEM X.509 certificate.', cause);
    }
    return entryFor(certificate, `dscs[${index}]`);
  });
}

/**
 * Reads a trust list from JSON (e.g. fetched from another issuer). Each entry's certificate must parse and its
 * `kid` must be the one computed from `rawData`, so a list cannot pair a key id with another certificate.
 * @throws HealthcredError `invalid_input` naming `trustList[i]`.
 */
export function parseTrustList(json: unknown): TrustList {
  if (!Array.isArray(json)) throw invalidInput('trustList', 'must be an array.');
  return json.map((item: unknown, index) => {
    const at = `trustList[${index}]`;
    const rawData = (item as { rawData?: unknown } | null)?.rawData;
    if (typeof rawData !== 'string') throw invalidInput(`${at}.rawData`, 'must be the base64 DER of a certificate.');
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(rawData, 'base64'));
    } catch (cause) {
      throw invalidInput(`${at}.rawData`, 'is not a DER X.509 certificate.', cause);
    }
    const entry = entryFor(certificate, at);
    if ((item as { kid?: unknown }).kid !== entry.kid) throw invalidInput(`${at}.kid`, 'is not the key id of rawData.');
    return entry;
  });
}
