import { constants, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { buildDivocVaccinationCredential, createDivocIssuer, generateCertificateId, issueDivocCredential, type DivocIssuer } from '@healthcred/credentials';
import { type DivocProfile } from '@healthcred/types';
import { importDivocKey, toDivocKeyFile } from '@healthcred/issuer-identity';
import { countryKey, divocAppVerify, mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import { opsPerSecond, type BenchmarkModule, type Measurement } from '../measure.js';

const require = createRequire(import.meta.url);
const divocSigner = require('certificate-signer-library/signer');
const { vaccinationContext } = require('vaccination-context');

const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';
const KEY_ID = 'did:srilanka:moh';
const PROFILE: DivocProfile = {
  context: 'vaccination/v1', namespaceUrl: NAMESPACE, issuer: 'https://moh.example.gov.lk/',
  certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/', infoBaseUrl: 'https://moh.example.gov.lk/?',
  feedbackBaseUrl: 'https://moh.example.gov.lk/?',
};

/** DIVOC's signer logs every context it loads and every certificate it signs; the bench measures it without. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { log, info } = console;
  console.log = console.info = () => {};
  try {
    return await work();
  } finally {
    Object.assign(console, { log, info });
  }
}

/** DIVOC's `signJSON`, configured as DIVOC's certificate_signer configures it (setDocumentLoader with its keys). */
function configureDivoc(key: ReturnType<typeof importDivocKey>): void {
  const file = toDivocKeyFile(key);
  const common = { CERTIFICATE_DID: KEY_ID, CERTIFICATE_PUBKEY_ID: 'https://example.com/i/country', CERTIFICATE_CONTROLLER_ID: 'https://example.com/' };
  divocSigner.setDocumentLoader({ [NAMESPACE]: vaccinationContext }, file.type === 'RsaVerificationKey2018'
    ? { ...common, keyType: 'RSA', publicKeyPem: file.publicKeyPem, privateKeyPem: file.privateKeyPem }
    : { ...common, keyType: 'ED25519', publicKeyBase58: file.publicKeyBase58, privateKeyBase58: file.privateKeyBase58 });
}

async function pair(keyType: 'RSA' | 'ED25519', prefix: string): Promise<Measurement[]> {
  const country = countryKey(keyType, KEY_ID);
  const key = importDivocKey(country.material, 'bench');
  const issuer: DivocIssuer = createDivocIssuer({ profile: PROFILE, key });
  const credential = buildDivocVaccinationCredential(benchRecord(), {
    profile: PROFILE, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
  });
  const app = { ...country.app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2` };
  configureDivoc(key);
  const theirs = await quietly(() => divocSigner.signJSON(structuredClone(credential)));
  for (const signed of [await issueDivocCredential({ credential, issuer }), theirs]) {
    if (!(await divocAppVerify(app, JSON.stringify(signed))).verified) throw new Error(`A ${keyType} DIVOC benchmark credential does not verify.`);
  }
  const signingInput = Buffer.alloc(57 + 1 + 64);
  const rsa = { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  const rawSign = keyType === 'RSA' ? () => sign('sha256', signingInput, rsa) : () => sign(null, signingInput, key.privateKey);
  return [
    {
      name: `${prefix}_jws_sign_per_s`, label: `crypto.sign ${keyType} of a JWS signing input, one core (the floor of one proof)`,
      run: (options) => opsPerSecond(rawSign, options),
    },
    {
      name: `${prefix}_divoc_library_issue_per_s`, label: `DIVOC's signJSON (certificate-signer-library), ${keyType}`,
      run: (options) => {
        configureDivoc(key);
        return quietly(() => opsPerSecond(() => divocSigner.signJSON(structuredClone(credential)), options));
      },
    },
    {
      name: `${prefix}_divoc_issue_per_s`, label: `issueDivocCredential, ${keyType}, one at a time`,
      run: (options) => opsPerSecond(() => issueDivocCredential({ credential, issuer }), options),
    },
    {
      name: `${prefix}_divoc_issue_per_s_all_cores`, label: `issueDivocCredential, ${keyType}, batches of 200 (as issuance signs them)`,
      run: async (options) => 200 * await opsPerSecond(() => Promise.all(Array.from({ length: 200 }, () => issueDivocCredential({ credential, issuer }))), options),
    },
  ];
}

/**
 * The DIVOC profile's signing on one core against DIVOC's own signer on the same credential and key, RSA and
 * Ed25519 (each signature checked once by DIVOC's verifier first), beside the raw signature alone: RSA-2048's private
 * key operation bounds what any RSA signer reaches.
 */
export const divocBenchmarks: BenchmarkModule = {
  name: 'divoc',
  async setup() {
    return [...await pair('RSA', 'rsa'), ...await pair('ED25519', 'ed25519')];
  },
};
