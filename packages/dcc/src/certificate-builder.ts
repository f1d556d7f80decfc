import { createHash, sign, type KeyObject } from 'node:crypto';
import {
  derBitString, derBoolean, derExplicit, derImplicit, derInteger, derOctetString, derOid, derPrintableString,
  derSequence, derSet, derTime, derUtf8String,
} from './der.js';

/** The subject or issuer of a certificate. */
export interface DistinguishedName {
  /** ISO 3166-1 alpha-2. */
  country: string;
  organization?: string;
  commonName: string;
}

/** What goes into a certificate signed with an ECDSA P-256 key. */
export interface CertificateSpec {
  serial: Uint8Array;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKey: KeyObject;
  /** The issuer's public key, for the authority key identifier. */
  issuerPublicKey: KeyObject;
  /** The issuer's ECDSA P-256 private key; the signature is ecdsa-with-SHA256. */
  signingKey: KeyObject;
  /** CA (`keyCertSign`, `cRLSign`, basicConstraints CA) or end entity (`digitalSignature`). */
  ca: boolean;
  /** Extended key usage OIDs, if any. */
  extendedKeyUsage?: string[];
}

const ECDSA_WITH_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'));

function encodeName(name: DistinguishedName): Uint8Array {
  const rdn = (oid: string, value: Uint8Array) => derSet(derSequence(derOid(oid), value));
  return derSequence(
    rdn('2.5.4.6', derPrintableString(name.country)),
    ...(name.organization === undefined ? [] : [rdn('2.5.4.10', derUtf8String(name.organization))]),
    rdn('2.5.4.3', derUtf8String(name.commonName)),
  );
}

/** A key identifier: SHA-1 of the SubjectPublicKeyInfo (RFC 5280 4.2.1.2 allows any unique method). */
function keyId(key: KeyObject): Uint8Array {
  return createHash('sha1').update(key.export({ type: 'spki', format: 'der' })).digest();
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));
}

function extensions(spec: CertificateSpec): Uint8Array {
  const list = [
    spec.ca
      ? extension('2.5.29.19', true, derSequence(derBoolean(true), derInteger(0)))
      : extension('2.5.29.19', true, derSequence()),
    extension('2.5.29.15', true, spec.ca ? derBitString(Uint8Array.of(0x06), 1) : derBitString(Uint8Array.of(0x80), 7)),
    extension('2.5.29.14', false, derOctetString(keyId(spec.subjectPublicKey))),
    extension('2.5.29.35', false, derSequence(derImplicit(0, keyId(spec.issuerPublicKey)))),
  ];
  if (spec.extendedKeyUsage?.length) {
    list.push(extension('2.5.29.37', false, derSequence(...spec.extendedKeyUsage.map(derOid))));
  }
  return derExplicit(3, derSequence(...list));
}

/** An X.509 v3 certificate (DER) signed with ecdsa-with-SHA256. */
export function buildCertificateDer(spec: CertificateSpec): Buffer {
  const tbs = derSequence(
    derExplicit(0, derInteger(2)),
    derInteger(spec.serial),
    ECDSA_WITH_SHA256,
    encodeName(spec.issuer),
    derSequence(derTime(spec.notBefore), derTime(spec.notAfter)),
    encodeName(spec.subject),
    spec.subjectPublicKey.export({ type: 'spki', format: 'der' }),
    extensions(spec),
  );
  const signature = sign('sha256', tbs, spec.signingKey);
  return Buffer.from(derSequence(tbs, ECDSA_WITH_SHA256, derBitString(signature)));
}
