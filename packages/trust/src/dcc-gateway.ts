import { X509Certificate } from 'node:crypto';
import type { TrustList, TrustListEntry } from '@healthcred/dcc';
import { InputReader } from '@healthcred/validation';
import { checkedDsc } from './dsc-entry.js';

/**
 * One record of the EU DCC Gateway's trust list (`GET /trustList`, `/trustList/DSC`): the certificate (`rawData`,
 * base64 DER), its `kid` (base64 of the first 8 bytes of its SHA-256), `thumbprint` (hex SHA-256), `country`,
 * `certificateType` (`DSC`, `CSCA`, `UPLOAD`, `AUTHENTICATION`), `timestamp`, and `signature`: the CMS signature
 * of the uploading country's upload certificate.
 */
export interface DccGatewayRecord {
  kid: string;
  timestamp: string;
  country: string;
  certificateType: string;
  thumbprint: string;
  rawData: string;
  /** Absent in what healthcred publishes itself: it holds no gateway upload certificate to sign with. */
  signature?: string;
}

/**
 * The gateway records of DSCs (e.g. this deployment's own), `timestamp` the start of each certificate's validity, so
 * a record does not change while its certificate does not. No `signature`: only the gateway's upload process makes it.
 */
export function toDccGatewayRecords(dscs: readonly TrustListEntry[]): DccGatewayRecord[] {
  return dscs.map((dsc) => ({
    kid: dsc.kid,
    timestamp: new Date(new X509Certificate(Buffer.from(dsc.rawData, 'base64')).validFrom).toISOString(),
    country: dsc.country, certificateType: dsc.certificateType, thumbprint: dsc.thumbprint, rawData: dsc.rawData,
  }));
}

/** What gateway records yield: their DSCs, and the records left out (other certificate types) and why. */
export interface DccGatewayImport {
  dscs: TrustList;
  skipped: { kid: string; reason: string }[];
}

/**
 * Reads EU DCC Gateway trust list records: an array, or a national backend's `{certificates: [...]}`. Each DSC is
 * checked against its certificate: `kid`, `thumbprint` and `country` must be the certificate's own (a record cannot
 * pair one country's name or key id with another's certificate). Records of other types (CSCA, UPLOAD,
 * AUTHENTICATION) are skipped. The gateway's CMS `signature` is not checked (that needs the gateway's trust anchor):
 * import only records fetched from the gateway or another source you trust.
 *
 * @throws HealthcredError `invalid_input` naming the record and field (`<source>[3].thumbprint`).
 */
export function fromDccGatewayRecords(json: unknown, source = 'records'): DccGatewayImport {
  const wrapped = typeof json === 'object' && json !== null && !Array.isArray(json);
  const root = wrapped ? InputReader.of(json, source).field('certificates') : InputReader.of(json, source);
  const dscs: TrustListEntry[] = [];
  const skipped: DccGatewayImport['skipped'] = [];
  for (const record of root.array({ maxItems: 10_000 })) {
    const kid = record.field('kid').string({ maxLength: 100 });
    const type = record.field('certificateType').string({ maxLength: 40 });
    if (type !== 'DSC') {
      skipped.push({ kid, reason: `a ${type} certificate, not a document signer` });
      continue;
    }
    const rawData = record.field('rawData').string({ maxLength: 20_000 });
    const dsc = checkedDsc({ kid, rawData }, (member, problem) => record.field(member).fail(problem));
    if (record.field('thumbprint').string({ maxLength: 100 }).toLowerCase() !== dsc.thumbprint) {
      record.field('thumbprint').fail('is not the SHA-256 of rawData');
    }
    if (record.field('country').string({ maxLength: 10 }) !== dsc.country) {
      record.field('country').fail(`is not the country of the certificate (${dsc.country})`);
    }
    if (dscs.some((known) => known.kid === dsc.kid)) skipped.push({ kid, reason: 'the same DSC again' });
    else dscs.push(dsc);
  }
  return { dscs, skipped };
}
