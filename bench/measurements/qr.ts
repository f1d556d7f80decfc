import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, trustEntryOf } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { encodeCompactQr, encodeCompactQrV3, encodeDivocQr, qrInfo } from '@healthcred/qr';
import { statusEntryForPosition } from '@healthcred/status-list';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';

/** The benchmark record's Sinhala name apart, with a Latin form of each part: its credential is of context v2. */
const NAME_PARTS = { givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' };

/**
 * QR versions (ECC M) of the benchmark credential as issued (with its revocation and suspension entries, at position
 * 1,000,000 so the list number and index have realistic length): the DIVOC zip and the compact form; `*_v2` the same
 * for the record with its name parts and their Latin forms (what the EU DCC needs); `cborld`: compact v3 (HCQ3);
 * `one_dose`: one dose, without the optional address, age and refId.
 * Sizes, not speeds.
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
    const { address: _address, age: _age, refId: _refId, ...fewer } = benchRecord().recipient;
    const oneDose = await issue(benchRecord({ recipient: fewer, vaccination: { ...benchRecord().vaccination, dose: 1, totalDoses: 1 } }));
    const sizes = (payload: Uint8Array | string) => qrInfo(payload);
    const v3 = { issuer: trustEntryOf(issuer, { name: 'MoH', country: 'LK' }), documentLoader: createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [issuer.didDocument] }) };
    return [{
      name: 'qr', label: 'QR versions, DIVOC zip and compact',
      async run() {
        const divoc = sizes(encodeDivocQr(credential));
        const compact = sizes(encodeCompactQr(credential));
        const divocV2 = sizes(encodeDivocQr(withNames));
        const compactV2 = sizes(encodeCompactQr(withNames));
        const cborld = sizes(await encodeCompactQrV3(credential, v3));
        const cborldV2 = sizes(await encodeCompactQrV3(withNames, v3));
        const cborldOneDose = sizes(await encodeCompactQrV3(oneDose, v3));
        return {
          qr_divoc_version: divoc.version, qr_divoc_bytes: divoc.bytes, qr_compact_version: compact.version, qr_compact_chars: compact.bytes,
          qr_divoc_version_v2: divocV2.version, qr_divoc_bytes_v2: divocV2.bytes,
          qr_compact_version_v2: compactV2.version, qr_compact_chars_v2: compactV2.bytes,
          qr_cborld_version: cborld.version, qr_cborld_chars: cborld.bytes, qr_cborld_version_v2: cborldV2.version, qr_cborld_chars_v2: cborldV2.bytes,
          qr_cborld_version_one_dose: cborldOneDose.version, qr_compact_version_one_dose: sizes(encodeCompactQr(oneDose)).version,
        };
      },
    }];
  },
};
