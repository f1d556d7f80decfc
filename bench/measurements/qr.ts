import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeDivocQr, qrInfo } from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';

/** The benchmark record's Sinhala name apart, with a Latin form of each part: its credential is of context v2. */
const NAME_PARTS = { givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };

/**
 * QR versions (ECC M) of the benchmark credential as issued (with its revocation and suspension entries, at position
 * 1,000,000 so the list number and index have realistic length): the DIVOC zip and the compact form; `*_v2` the same
 * for the record with its name parts and their Latin forms (what the EU DCC needs). Sizes, not speeds.
 */
export const qrBenchmarks: BenchmarkModule = {
  name: 'qr',
  async setup() {
    const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:certificates.health.example.gov.lk' }), url: ISSUER_URL });
    const issue = (record: ReturnType<typeof benchRecord>) => issueCredential({
      credential: buildVaccinationCredential(record, {
        issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
        credentialStatus: statusEntryForPosition(1_000_000, ISSUER_URL),
      }), issuer,
    });
    const credential = await issue(benchRecord());
    const withNames = await issue(benchRecord({ recipient: { ...benchRecord().recipient, ...NAME_PARTS } }));
    const sizes = (payload: Uint8Array | string) => qrInfo(payload);
    return [{
      name: 'qr', label: 'QR versions, DIVOC zip and compact',
      async run() {
        const divoc = sizes(encodeDivocQr(credential));
        const compact = sizes(encodeCompactQr(credential));
        const divocV2 = sizes(encodeDivocQr(withNames));
        const compactV2 = sizes(encodeCompactQr(withNames));
        return {
          qr_divoc_version: divoc.version, qr_divoc_bytes: divoc.bytes, qr_compact_version: compact.version, qr_compact_chars: compact.bytes,
          qr_divoc_version_v2: divocV2.version, qr_divoc_bytes_v2: divocV2.bytes,
          qr_compact_version_v2: compactV2.version, qr_compact_chars_v2: compactV2.bytes,
        };
      },
    }];
  },
};
