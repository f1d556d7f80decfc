import { VC_V1_CONTEXT } from '@healthcred/document-loader/browser';
import { fail, type Failure, type Json } from './rules.js';

/** The DIVOC context documents each kind of DIVOC certificate may name. */
const DIVOC_KIND_CONTEXTS: Readonly<Record<string, readonly string[]>> = {
  ProofOfVaccinationCredential: ['vaccination/v1', 'vaccination/v2'],
  ProofOfTestCertificateCredential: ['test-certificate/v1'],
};

/** What a DIVOC certificate must name to say whose it is: DIVOC v1 writes an `age`, not a date of birth. */
export const DIVOC_HOLDER: readonly string[] = ['name'];

/**
 * The `@context` of a DIVOC certificate must be exactly the VC v1 context and one of its issuer's namespace URLs
 * whose DIVOC context fits the certificate's kind (a vaccination or a test-certificate context), in that order.
 *
 * @param namespaces - The issuer's namespace URLs, each with the DIVOC context it serves (its trust entry's).
 */
export function checkDivocContexts(credential: Json, namespaces: Readonly<Record<string, string>>): Failure | undefined {
  const context = credential['@context'];
  const kind = (credential.type as string[])[1]!;
  const fits = Object.keys(namespaces).filter((url) => DIVOC_KIND_CONTEXTS[kind]?.includes(namespaces[url]!));
  if (Array.isArray(context) && context.length === 2 && context[0] === VC_V1_CONTEXT && fits.includes(context[1])) return undefined;
  if (fits.length === 0) return fail('unknown_context', `This issuer's trust entry names no DIVOC context for a ${kind}.`);
  return fail('unknown_context', `"@context" must be exactly ["${VC_V1_CONTEXT}", X] with X one of ${fits.join(', ')}.`);
}
