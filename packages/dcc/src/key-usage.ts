import type { X509Certificate } from 'node:crypto';

/** The certificate types a DSC may sign, as EU DCC extended key usages. */
export type DccCertificateType = 'test' | 'vaccination' | 'recovery';

/**
 * EU DCC extended key usage OIDs (hcert specification, annex A.4; eHealth Network, DCC technical specification
 * volume 1, section 5). Issued DSCs carry these.
 */
export const DCC_EXTENDED_KEY_USAGE: Readonly<Record<DccCertificateType, string>> = {
  test: '1.3.6.1.4.1.1847.2021.1.1',
  vaccination: '1.3.6.1.4.1.1847.2021.1.2',
  recovery: '1.3.6.1.4.1.1847.2021.1.3',
};

/**
 * The same usages as the hcert specification first wrote them (`1.3.6.1.4.1.0.1847…`, until its change of
 * 2021-05-07 to the Joint Research Centre's IANA enterprise number). DSCs made in 2021, and many of the EU test
 * data's, carry these; verification honours them like the current ones. Never written by this package.
 */
export const DCC_LEGACY_EXTENDED_KEY_USAGE: Readonly<Record<DccCertificateType, string>> = {
  test: '1.3.6.1.4.1.0.1847.2021.1.1',
  vaccination: '1.3.6.1.4.1.0.1847.2021.1.2',
  recovery: '1.3.6.1.4.1.0.1847.2021.1.3',
};

const TYPE_OF_OID: ReadonlyMap<string, DccCertificateType> = new Map(
  [DCC_EXTENDED_KEY_USAGE, DCC_LEGACY_EXTENDED_KEY_USAGE].flatMap((oids) =>
    (Object.keys(oids) as DccCertificateType[]).map((type) => [oids[type], type] as const)),
);

/**
 * Whether a DSC may sign certificates of `type` (hcert annex A.4): a DSC without any DCC extended key usage, in
 * either OID form, may sign all types; one with some may sign only those. Other extended key usages are ignored.
 */
export function dscAllows(certificate: X509Certificate, type: DccCertificateType): boolean {
  const types = (certificate.keyUsage ?? []).flatMap((oid) => TYPE_OF_OID.get(oid) ?? []);
  return types.length === 0 || types.includes(type);
}
