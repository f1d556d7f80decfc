import { join } from 'node:path';
import type { DivocNamespaces } from '@healthcred/document-loader';
import type { DivocProfile } from '@healthcred/types';
import type { EnvReader } from './env-reader.js';

/**
 * Which credentials a deployment issues: healthcred's own (VC 1.1, Ed25519Signature2020, status lists), the same as
 * VC Data Model 2.0 credentials (`vc2`: DataIntegrityProof with eddsa-rdfc-2022, Bitstring Status List entries of
 * VC 2.0), or DIVOC's.
 */
export type CredentialProfileName = 'healthcred' | 'vc2' | 'divoc';

/** The DIVOC issuing profile as configured: the profile and the file of the country's key. */
export interface DivocIssuingConfig extends DivocProfile {
  /** Absolute path of the DIVOC key file (`healthcred keys import-divoc` writes it). */
  keyFile: string;
}

// An absolute http(s) IRI written verbatim in canonical N-Quads: RFC 3986 characters only.
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const PLAIN_DID = /^did:[a-z0-9]+(:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+)?$/;

function plainUrl(read: EnvReader, name: string, fallback: string | undefined, { did = false } = {}): string | undefined {
  const value = read.string(name) ?? fallback;
  if (value === undefined) {
    read.problems.push(`${name} is required when HEALTHCRED_CREDENTIAL_PROFILE=divoc`);
  } else if (!PLAIN_URL.test(value) && !(did && PLAIN_DID.test(value))) {
    read.problems.push(`${name} must be an http(s) URL${did ? ' or a DID' : ''} of plain URL characters (no spaces), such as https://moh.example.gov.lk/`);
  }
  return value;
}

/**
 * Reads HEALTHCRED_CREDENTIAL_PROFILE [healthcred] | vc2 | divoc (`vc2` takes no other setting) and, for `divoc`: HEALTHCRED_DIVOC_NAMESPACE (required;
 * the country's DIVOC namespace URL, e.g. https://cowin.gov.in/credentials/vaccination/v1), HEALTHCRED_DIVOC_CONTEXT
 * [vaccination/v1] | vaccination/v2, HEALTHCRED_DIVOC_ISSUER [<ISSUER_URL>/], HEALTHCRED_DIVOC_CERTIFICATE_BASE_URL
 * [<ISSUER_URL>/vaccine/], HEALTHCRED_DIVOC_INFO_BASE_URL and HEALTHCRED_DIVOC_FEEDBACK_BASE_URL [<ISSUER_URL>/?],
 * HEALTHCRED_DIVOC_KEY_FILE [<data>/divoc-key.json], HEALTHCRED_DIVOC_TEST_NAMESPACE [none: vaccinations only; the
 * namespace URL of DIVOC's test-certificate context v1, for test certificates]. A namespace may also be listed in
 * HEALTHCRED_DIVOC_CONTEXTS, with the same context only.
 */
export function readCredentialProfile(
  read: EnvReader, deps: { issuerUrl: string; issuerDid: string; dataDir: string; path: (value: string) => string; divocNamespaces: DivocNamespaces },
): { credentialProfile: CredentialProfileName; divocIssuing?: DivocIssuingConfig } {
  const credentialProfile = read.oneOf('HEALTHCRED_CREDENTIAL_PROFILE', ['healthcred', 'vc2', 'divoc'] as const, 'healthcred');
  if (credentialProfile !== 'divoc') return { credentialProfile };
  const context = read.oneOf('HEALTHCRED_DIVOC_CONTEXT', ['vaccination/v1', 'vaccination/v2'] as const, 'vaccination/v1');
  const namespaceUrl = plainUrl(read, 'HEALTHCRED_DIVOC_NAMESPACE', undefined) ?? '';
  const listed = deps.divocNamespaces[namespaceUrl];
  if (listed !== undefined && listed !== context) {
    read.problems.push(`HEALTHCRED_DIVOC_CONTEXTS maps HEALTHCRED_DIVOC_NAMESPACE (${namespaceUrl}) to ${listed}, but HEALTHCRED_DIVOC_CONTEXT is ${context}`);
  }
  const testNamespace = read.string('HEALTHCRED_DIVOC_TEST_NAMESPACE') === undefined ? undefined : plainUrl(read, 'HEALTHCRED_DIVOC_TEST_NAMESPACE', undefined);
  if (testNamespace !== undefined && testNamespace === namespaceUrl) {
    read.problems.push('HEALTHCRED_DIVOC_TEST_NAMESPACE must differ from HEALTHCRED_DIVOC_NAMESPACE: each serves its own context');
  }
  const testListed = testNamespace === undefined ? undefined : deps.divocNamespaces[testNamespace];
  if (testListed !== undefined && testListed !== 'test-certificate/v1') {
    read.problems.push(`HEALTHCRED_DIVOC_CONTEXTS maps HEALTHCRED_DIVOC_TEST_NAMESPACE (${testNamespace}) to ${testListed}, not test-certificate/v1`);
  }
  const base = deps.issuerUrl;
  const keyFile = read.string('HEALTHCRED_DIVOC_KEY_FILE');
  const issuer = plainUrl(read, 'HEALTHCRED_DIVOC_ISSUER', `${base}/`, { did: true })!;
  if (issuer === deps.issuerDid) {
    read.problems.push('HEALTHCRED_DIVOC_ISSUER must differ from ISSUER_DID: the DIVOC certificates\' issuer is a trust entry of its own');
  }
  return {
    credentialProfile,
    divocIssuing: {
      context, namespaceUrl, issuer,
      certificateBaseUrl: plainUrl(read, 'HEALTHCRED_DIVOC_CERTIFICATE_BASE_URL', `${base}/vaccine/`)!,
      infoBaseUrl: plainUrl(read, 'HEALTHCRED_DIVOC_INFO_BASE_URL', `${base}/?`)!,
      feedbackBaseUrl: plainUrl(read, 'HEALTHCRED_DIVOC_FEEDBACK_BASE_URL', `${base}/?`)!,
      ...(testNamespace === undefined ? {} : { testNamespaceUrl: testNamespace }),
      keyFile: deps.path(keyFile ?? join(deps.dataDir, 'divoc-key.json')),
    },
  };
}
