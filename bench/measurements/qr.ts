import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, trustEntryOf } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeCompactQrV3, encodeDivocQr, qrInfo } from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import type { OptionalCredentialField } from '@healthcred/types';
import { FULL_FIELDS, mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';

/** The benchmark record's Sinhala name apart, with a Latin form of each part: its credential is of context v2. */
const NAME_PARTS = { givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };

/**
 * QR versions (ECC M) of the benchmark credential as issued (with its revocation and suspension entries, at position
 * 1,000,000 so the list number and index have realistic length): the DIVOC zip, the compact form (HCQ2) and the
 * CBOR-LD compact form (`cborld`, HCQ3), of the minimal credential (the default); `*_v2` the same for the record with
 * its name parts and their Latin forms (what the EU DCC needs); `qr_full_*` of the full credential (every optional
 * field configured); `one_dose` a minimal credential of one dose of one. Sizes, not speeds.
 */
export const qrBenchmarks: BenchmarkModule = {
  name: 'qr',
  async setup() {
    const keys = generateIssuerKeySet({ did: 'did:web:certificates.health.example.gov.lk' });
    const minimalIssuer = createIssuer({ keys, url: ISSUER_URL });
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
    const oneDose = await issue(benchRecord({ vaccination: { ...benchRecord().vaccination, dose: 1, totalDoses: 1 } }));
    const v3 = {
      issuer: trustEntryOf(minimalIssuer, { name: 'MoH', country: 'LK' }),
      documentLoader: createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [minimalIssuer.didDocument] }),
    };
    return [{
      name: 'qr', label: 'QR versions, DIVOC zip, compact and CBOR-LD, minimal and full credential',
      async run() {
        const divoc = qrInfo(encodeDivocQr(minimal));
        const compact = qrInfo(encodeCompactQr(minimal));
        const cborld = qrInfo(await encodeCompactQrV3(minimal, v3));
        const divocV2 = qrInfo(encodeDivocQr(withNames));
        const compactV2 = qrInfo(encodeCompactQr(withNames));
        const cborldV2 = qrInfo(await encodeCompactQrV3(withNames, v3));
        const fullDivoc = qrInfo(encodeDivocQr(full));
        const fullCompact = qrInfo(encodeCompactQr(full));
        const fullCborld = qrInfo(await encodeCompactQrV3(full, v3));
        return {
          qr_divoc_version: divoc.version, qr_divoc_bytes: divoc.bytes, qr_compact_version: compact.version, qr_compact_chars: compact.bytes,
          qr_cborld_version: cborld.version, qr_cborld_chars: cborld.bytes,
          qr_divoc_version_v2: divocV2.version, qr_divoc_bytes_v2: divocV2.bytes,
          qr_compact_version_v2: compactV2.version, qr_compact_chars_v2: compactV2.bytes,
          qr_cborld_version_v2: cborldV2.version, qr_cborld_chars_v2: cborldV2.bytes,
          qr_full_divoc_version: fullDivoc.version, qr_full_divoc_bytes: fullDivoc.bytes,
          qr_full_compact_version: fullCompact.version, qr_full_compact_chars: fullCompact.bytes,
          qr_full_cborld_version: fullCborld.version, qr_full_cborld_chars: fullCborld.bytes,
          qr_cborld_version_one_dose: qrInfo(await encodeCompactQrV3(oneDose, v3)).version,
          qr_compact_version_one_dose: qrInfo(encodeCompactQr(oneDose)).version,
        };
      },
    }];
  },
};
