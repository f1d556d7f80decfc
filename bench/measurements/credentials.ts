import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, toVc2Credential, trustEntryOf,
  verifyCredential,
} from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { vc2StatusEntryForPosition } from '@healthcred/status-list';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import { opsPerSecond, type BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';
const ISSUER_DID = 'did:web:certificates.health.example.gov.lk';

/**
 * Issuing and verifying one vaccination credential on one core: `@digitalbazaar/vc` with the stock key signer
 * (what a plain vc integration does) against healthcred's `issueCredential` / `verifyCredential` (issuing on every
 * core is `cores.ts`); and the same credential in its VC 2.0 form (the `vc2` profile: DataIntegrityProof,
 * eddsa-rdfc-2022, its two status entries), by `vc.issue` with `@digitalbazaar/data-integrity` against
 * `issueCredential`.
 */
export const credentialBenchmarks: BenchmarkModule = {
  name: 'credentials',
  async setup() {
    const issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: ISSUER_URL });
    const credential = buildVaccinationCredential(benchRecord(), {
      issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
    });
    const stockKey = await Ed25519VerificationKey2020.generate({ controller: ISSUER_DID });
    const verifierLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [issuer.didDocument] });
    const signed = await issueCredential({ credential, issuer });
    const trustedIssuers = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })];
    const stockVerified = await vc.verifyCredential({
      credential: signed, suite: new Ed25519Signature2020(), documentLoader: verifierLoader,
    });
    if (!stockVerified.verified || !(await verifyCredential({ credential: signed, documentLoader: verifierLoader, trustedIssuers })).verified) {
      throw new Error('The benchmark credential does not verify.');
    }
    const vc2Issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: ISSUER_URL, dataModel: 'vc2' });
    const vc2Credential = toVc2Credential(buildVaccinationCredential(benchRecord(), {
      issuer: vc2Issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
      credentialStatus: vc2StatusEntryForPosition(1_000_000, ISSUER_URL),
    }), ISSUER_URL);
    const vc2Signed = await issueCredential({ credential: vc2Credential, issuer: vc2Issuer });
    const vc2Trusted = [trustEntryOf(vc2Issuer, { name: 'Ministry of Health', country: 'LK' })];
    if (!(await verifyCredential({ credential: vc2Signed, documentLoader: verifierLoader, trustedIssuers: vc2Trusted })).verified) {
      throw new Error('The VC 2.0 benchmark credential does not verify.');
    }
    return [
      {
        name: 'stock_issue_per_s', label: 'vc.issue, stock key signer',
        run: (options) => opsPerSecond(() => vc.issue({
          credential: structuredClone(credential), suite: new Ed25519Signature2020({ signer: stockKey.signer() }),
          documentLoader: issuer.documentLoader,
        }), options),
      },
      {
        name: 'issue_per_s', label: 'issueCredential',
        run: (options) => opsPerSecond(() => issueCredential({ credential, issuer }), options),
      },
      {
        name: 'stock_issue_vc2_per_s', label: 'vc.issue, DataIntegrityProof eddsa-rdfc-2022 (VC 2.0)',
        run: (options) => opsPerSecond(() => vc.issue({
          credential: structuredClone(vc2Credential), documentLoader: vc2Issuer.documentLoader,
          suite: new DataIntegrityProof({ signer: vc2Issuer.multikeySigner, cryptosuite }),
        }), options),
      },
      {
        name: 'issue_vc2_per_s', label: 'issueCredential, VC 2.0 (vc2 profile)',
        run: (options) => opsPerSecond(() => issueCredential({ credential: vc2Credential, issuer: vc2Issuer }), options),
      },
      {
        name: 'stock_verify_per_s', label: 'vc.verifyCredential',
        run: (options) => opsPerSecond(() => vc.verifyCredential({
          credential: signed, suite: new Ed25519Signature2020(), documentLoader: verifierLoader,
        }), options),
      },
      {
        name: 'verify_per_s', label: 'verifyCredential',
        run: (options) => opsPerSecond(() => verifyCredential({ credential: signed, documentLoader: verifierLoader, trustedIssuers }), options),
      },
    ];
  },
};
