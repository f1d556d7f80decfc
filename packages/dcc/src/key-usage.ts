import type { X509Certificate } from 'node:crypto';

/** The certificate types a DSC may sign, as EU DCC extended key usages. */
export type DccCertificateType = 'test' | 'vaccination' | 'recovery';

/** EU DCC extended key usage OIDs (eHealth Network, DCC technical specification volume 1, section 5). */
export const DCC_EXTENDED_KEY_USAGE: Readonly<Record<DccCertificateType, string>> = {
  test: '1.3.6.1.4.1.1847.2021.1.1',
  vaccination: '1.3.6.1.4.1.1847.2021.1.2',
  recovery: '1.3.6.1.4.1.1847.2021.1.3',
};

/**
 * Whether a DSC may sign certificates of `type`: a DSC without any DCC extended key usage may sign all types;
 * one with some may sign only those.
 */
export function dscAllows(certificate: X509Certificate, type: DccCertificateType): boolean {
  const known = Object.values(DCC_EXTENDED_KEY_USAGE);
  const usages = (certificate.keyUsage ?? []).filter((oid) => known.includes(oid));
  return usages.length === 0 || usages.includes(DCC_EXTENDED_KEY_USAGE[type]);
}
