import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeDivocQr, qrInfo } from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import type { OptionalCredentialField } from '@healthcred/types';
import { FULL_FIELDS, mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';


/** The benchmark record's Sinhala name apart, with a Latin form of each part: its credential is of context v2. */
const NAME_PARTS = { givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };

/**
 * QR versions (ECC M) of the benchmark credential as issued (with its revocation and suspension entries, at position
 * 1,000,000 so the list number and index have realistic length): the DIVOC zip and the compact form, of the minimal
 * credential (the default); `*_v2` the same for the record with its name parts and their Latin forms (what the EU
 * DCC needs); `qr_full_*` of the full credential (every optional field configured). Sizes, not speeds.
 */
export const qrBenchmarks: BenchmarkModule = {
  name: 'qr',
  async setup() {
    const keys = generateIssuerKeySet({ did: 'did:web:certificates.health.example.gov.lk' });
    const issue = (record: ReturnType<typeof benchRecord>, credentialFields: readonly OptionalCredentialField[] = []) => {
      const issuer = createIssuer({ keys, url: ISSUER_URL, credentialFields });
      return issueCredential({
        credential: buildVaccinationCredential(record, {
          issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
          credentialStatus: statusEntryForPosition(1_000_000, ISSUER_URL),
        }), issuer,
      });
    };
    const minimal = await issue(benchRecord());
    const withNames = await issue(benchRecord({ recipient: { ...benchRecord().recipient, ...NAME_PARTS } }));
    const full = await issue(benchRecord(), FULL_FIELDS);
    return [{
      name: 'qr', label: 'QR versions, DIVOC zip and compact, minimal and full credential',
      async run() {
        const divoc = qrInfo(encodeDivocQr(minimal));
        const compact = qrInfo(encodeCompactQr(minimal));
        const divocV2 = qrInfo(encodeDivocQr(withNames));
        const compactV2 = qrInfo(encodeCompactQr(withNames));
        const fullDivoc = qrInfo(encodeDivocQr(full));
        const fullCompact = qrInfo(encodeCompactQr(full));
        return {
          qr_divoc_version: divoc.version, qr_divoc_bytes: divoc.bytes, qr_compact_version: compact.version, qr_compact_chars: compact.bytes,
          qr_divoc_version_v2: divocV2.version, qr_divoc_bytes_v2: divocV2.bytes,
          qr_compact_version_v2: compactV2.version, qr_compact_chars_v2: compactV2.bytes,
          qr_full_divoc_version: fullDivoc.version, qr_full_divoc_bytes: fullDivoc.bytes,
          qr_full_compact_version: fullCompact.version, qr_full_compact_chars: fullCompact.bytes,
        };
      },
    }];
  },
};
