import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { HealthcredError } from '@healthcred/errors';
import type { DccAlgorithm } from './cose.js';

/** A Document Signer Certificate with its private key, ready to sign DCCs. Made by {@link loadDsc}. */
export interface DccSigner {
  algorithm: DccAlgorithm;
  /** First 8 bytes of SHA-256 of the certificate's DER. */
  kid: Uint8Array;
  certificate: X509Certificate;
  privateKey: KeyObject;
  /** The `C=` of the certificate's subject, if any. */
  country: string | undefined;
}

/** The DCC key id of a certificate: the first 8 bytes of SHA-256 of its DER encoding. */
export function dscKid(certificateDer: Uint8Array): Uint8Array {
  return createHash('sha256').update(certificateDer).digest().subarray(0, 8);
}

/** The `C=` value of an X509Certificate subject (node writes one `KEY=value` per line). */
export function subjectCountry(certificate: X509Certificate): string | undefined {
  return certificate.subject.split('\n').find((line) => line.startsWith('C='))?.slice(2);
}

/** The algorithm a DSC's key signs with: ES256 for EC P-256, PS256 for RSA of 2048 bits or more. */
export function algorithmForKey(key: KeyObject): DccAlgorithm | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) return 'PS256';
  return undefined;
}

const CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** A key's type and size for messages, e.g. `EC P-384` or `RSA 1024-bit`. Never shows key material. */
export function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve;
    return `EC ${curve === undefined ? '(unknown curve)' : CURVE_NAMES[curve] ?? curve}`;
  }
  if (details?.modulusLength !== undefined) return `${key.asymmetricKeyType?.toUpperCase()} ${details.modulusLength}-bit`;
  return key.asymmetricKeyType ?? 'unknown';
}

function keyError(message: string, cause?: unknown): HealthcredError {
  return new HealthcredError('key_error', message, cause === undefined ? {} : { cause });
}

/** Options of {@link loadDsc}. */
export interface LoadDscOptions {
  /** The DSC as PEM (`-----BEGIN CERTIFICATE-----`). */
  certificatePem: string;
  /** Its private key as PEM (PKCS#8 or SEC1 / PKCS#1), unencrypted. */
  privateKeyPem: string;
}

/**
 * Loads a production DSC: checks that the certificate parses, that its key is EC P-256 (ES256) or RSA ≥ 2048
 * (PS256), and that the private key is the certificate's. Does not check the validity period (issuance does).
 * @throws HealthcredError `key_error` saying which check failed; never includes key material.
 */
export function loadDsc(options: LoadDscOptions): DccSigner {
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  try {
    certificate = new X509Certificate(options.certificatePem);
  } catch (cause) {
    throw keyError('The DSC certificate is not a valid PEM X.509 certificate.', cause);
  }
  try {
    privateKey = createPrivateKey(options.privateKeyPem);
  } catch (cause) {
    throw keyError('The DSC private key is not a valid unencrypted PEM private key.', cause);
  }
  const algorithm = algorithmForKey(certificate.publicKey);
  if (algorithm === undefined) throw keyError('The DSC key must be EC P-256 (ES256) or RSA of at least 2048 bits (PS256).');
  if (!certificate.checkPrivateKey(privateKey)) throw keyError('The DSC private key does not belong to the DSC certificate.');
  return { algorithm, kid: dscKid(certificate.raw), certificate, privateKey, country: subjectCountry(certificate) };
}
