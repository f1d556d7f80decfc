// DIVOC's verification app, as far as it decides: DIVOC's own npm library (certificate-signer-library 2.0.5) and
// contexts (vaccination-context, security-context), configured as verification-app/src/components/CertificateStatus
// configures them for one country: its public key baked in under one key id, DIVOC's contexts at its namespace URLs.
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { encodeBase58 } from '@healthcred/base58';
import { readDivocContexts } from '@healthcred/document-loader';
import type { DivocKeyImport } from '@healthcred/issuer-identity';

const require = createRequire(import.meta.url);
const library = require('certificate-signer-library');
const { vaccinationContext, vaccinationContextV2 } = require('vaccination-context');
const { contexts } = require('security-context');
const credentialsV1 = require('certificate-signer-library/credentials.json');

/** What a country builds its verifier app with (the app's REACT_APP_* settings). */
export interface DivocAppSettings {
  keyType: 'RSA' | 'ED25519';
  /** REACT_APP_CERTIFICATE_PUBLIC_KEY (RSA) */
  publicKeyPem?: string;
  /** REACT_APP_CERTIFICATE_PUBLIC_KEY_BASE58 (Ed25519) */
  publicKeyBase58?: string;
  /** REACT_APP_CERTIFICATE_DID, the key id proofs must name, e.g. `did:srilanka:moh`. */
  keyId: string;
  /** REACT_APP_CERTIFICATE_NAMESPACE and _V2. */
  namespace: string;
  namespaceV2: string;
  /**
   * The test-certificate namespace, for a country whose app also reads DIVOC test certificates (DIVOC's own app maps
   * the vaccination namespaces only): served DIVOC's test-certificate context.
   */
  testNamespace?: string;
}

async function quietly<T>(work: () => Promise<T>): Promise<T> {
  // DIVOC's loader logs every URL it looks up with console.log.
  const log = console.log;
  console.log = () => {};
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

/**
 * DIVOC's app's verdict on a certificate's JSON text (what it gets from the QR code's `certificate.json`): it
 * `JSON.parse`s it and calls the library's `verifyJSON` after `init_signer`, exactly as the app does.
 */
export async function divocAppVerify(settings: DivocAppSettings, certificateText: string): Promise<{ verified: boolean; error?: unknown }> {
  const signingConfig = {
    publicKeyPem: settings.publicKeyPem, publicKeyBase58: settings.publicKeyBase58,
    CERTIFICATE_DID: settings.keyId, CERTIFICATE_PUBKEY_ID: 'https://example.com/i/country',
    CERTIFICATE_CONTROLLER_ID: 'https://example.com/', keyType: settings.keyType,
  };
  const mapping = {
    [settings.keyId]: settings.publicKeyPem,
    'https://example.com/i/country': settings.publicKeyPem,
    'https://w3id.org/security/v1': contexts.get('https://w3id.org/security/v1'),
    'https://www.w3.org/2018/credentials#': credentialsV1,
    'https://www.w3.org/2018/credentials/v1': credentialsV1,
    [settings.namespace]: vaccinationContext,
    [settings.namespaceV2]: vaccinationContextV2,
    ...(settings.testNamespace === undefined ? {} : { [settings.testNamespace]: readDivocContexts().get('test-certificate/v1') }),
  };
  return quietly(async () => {
    await library.init_signer(signingConfig, {}, mapping);
    try {
      return await library.verifyJSON(JSON.parse(certificateText));
    } catch (error) {
      return { verified: false, error };
    }
  });
}

/** A country's DIVOC key pair of either kind: what to import into healthcred and what its app has baked in. */
export function countryKey(keyType: 'RSA' | 'ED25519', keyId: string): { material: DivocKeyImport; app: Pick<DivocAppSettings, 'keyType' | 'publicKeyPem' | 'publicKeyBase58' | 'keyId'> } {
  if (keyType === 'RSA') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      material: { keyId, privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() },
      app: { keyType, keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return {
    material: { keyId, privateKeyBase58: encodeBase58(Buffer.concat([seed, raw])) },
    app: { keyType, keyId, publicKeyBase58: encodeBase58(raw) },
  };
}

/**
 * What DIVOC's app makes of a scanned QR code (verification-app VerifyCertificate `handleScan`): zbar's symbol
 * decoded as text, handed to JSZip as a (binary) string, `certificate.json` read as text; the scanned text itself when
 * that is no zip.
 *
 * @param scanned - The QR code's bytes (`zbarimg -Sbinary`), which zbar.wasm's `decode()` reads as UTF-8.
 */
export async function divocAppScan(scanned: Uint8Array): Promise<string> {
  const JSZip = require('jszip');
  const data = new TextDecoder('utf-8').decode(scanned);
  try {
    const contents = await new JSZip().loadAsync(data);
    return await contents.files['certificate.json'].async('text');
  } catch {
    return data;
  }
}

/**
 * DIVOC's app's whole verdict on a scanned certificate (verification-app CertificateStatus): `verifyJSON`, then for a
 * verified one the revocation check it makes with axios (`axios.post("/divoc/api/v1/certificate/revoked", signedJSON)`,
 * the app's host being `origin`): 404 valid, 200 revoked, anything else invalid.
 */
export async function divocAppVerdict(settings: DivocAppSettings, certificateText: string, origin: string): Promise<'valid' | 'revoked' | 'invalid'> {
  const axios = require('axios');
  if (!(await divocAppVerify(settings, certificateText)).verified) return 'invalid';
  const response = await axios.create({ baseURL: origin }).post('/divoc/api/v1/certificate/revoked', JSON.parse(certificateText))
    .catch((error: { response?: { status: number } }) => error.response);
  if (response?.status === 404) return 'valid';
  return response?.status === 200 ? 'revoked' : 'invalid';
}
