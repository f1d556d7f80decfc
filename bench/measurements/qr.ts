import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeDivocQr, qrInfo } from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import { mockVaccinationRecord as benchRecord } from '../../packages/credentials/test/fixtures/records.js';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';

/**
 * QR versions (ECC M) of the benchmark credential as issued (with its revocation and suspension entries, at position
 * 1,000,000 so the list number and index have realistic length): the DIVOC zip and the compact form. Sizes, not speeds.
 */
export const qrBenchmarks: BenchmarkModule = {
  name: 'qr',
  async setup() {
    const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:certificates.health.example.gov.lk' }), url: ISSUER_URL });
    const credential = await issueCredential({
      credential: buildVaccinationCredential(benchRecord(), {
        issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
        credentialStatus: statusEntryForPosition(1_000_000, ISSUER_URL),
      }), issuer,
    });
    const sizes = (payload: Uint8Array | string) => qrInfo(payload);
    return [{
      name: 'qr', label: 'QR versions, DIVOC zip and compact',
      async run() {
        const divoc = sizes(encodeDivocQr(credential));
        const compact = sizes(encodeCompactQr(credential));
        return { qr_divoc_version: divoc.version, qr_divoc_bytes: divoc.bytes, qr_compact_version: compact.version, qr_compact_chars: compact.bytes };
      },
    }];
  },
};
