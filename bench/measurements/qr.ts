import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeDivocQr, qrInfo } from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import type { OptionalCredentialField } from '@healthcred/types';
import { mockVaccinationRecord as benchRecord } from '../../packages/credentials/test/fixtures/records.js';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';

/** Every optional field: the credential as it was before the minimal form, for deployments that ask for it. */
const FULL_FIELDS: readonly OptionalCredentialField[] = ['gender', 'nationality', 'age', 'address', 'refId', 'verifier'];

/**
 * QR versions (ECC M) of the benchmark credential as issued (with its revocation and suspension entries, at position
 * 1,000,000 so the list number and index have realistic length): the DIVOC zip and the compact form, of the minimal
 * credential (the default) and of the full one (every optional field configured). Sizes, not speeds.
 */
export const qrBenchmarks: BenchmarkModule = {
  name: 'qr',
  async setup() {
    const keys = generateIssuerKeySet({ did: 'did:web:certificates.health.example.gov.lk' });
    const issue = (credentialFields: readonly OptionalCredentialField[]) => {
      const issuer = createIssuer({ keys, url: ISSUER_URL, credentialFields });
      return issueCredential({
        credential: buildVaccinationCredential(benchRecord(), {
          issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
          credentialStatus: statusEntryForPosition(1_000_000, ISSUER_URL),
        }), issuer,
      });
    };
    const minimal = await issue([]);
    const full = await issue(FULL_FIELDS);
    return [{
      name: 'qr', label: 'QR versions, DIVOC zip and compact, minimal and full credential',
      async run() {
        const divoc = qrInfo(encodeDivocQr(minimal));
        const compact = qrInfo(encodeCompactQr(minimal));
        const fullDivoc = qrInfo(encodeDivocQr(full));
        const fullCompact = qrInfo(encodeCompactQr(full));
        return {
          qr_divoc_version: divoc.version, qr_divoc_bytes: divoc.bytes, qr_compact_version: compact.version,
          qr_compact_chars: compact.bytes, qr_full_divoc_version: fullDivoc.version, qr_full_divoc_bytes: fullDivoc.bytes,
          qr_full_compact_version: fullCompact.version, qr_full_compact_chars: fullCompact.bytes,
        };
      },
    }];
  },
};
