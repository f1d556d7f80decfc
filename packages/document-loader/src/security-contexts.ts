import { contexts } from '@digitalbazaar/security-context';

/** The Security Vocabulary v1 context, which DIVOC's keys and controller documents name. */
export const SECURITY_V1_CONTEXT = 'https://w3id.org/security/v1';
/** The Security Vocabulary v2 context (it imports v1), in which jsonld-signatures 6 canonizes a proof's options. */
export const SECURITY_V2_CONTEXT = 'https://w3id.org/security/v2';

/** Security v1 and v2, from the npm package `@digitalbazaar/security-context`. */
export const SECURITY_CONTEXTS: ReadonlyMap<string, object> = new Map([
  [SECURITY_V1_CONTEXT, contexts.get(SECURITY_V1_CONTEXT) as object],
  [SECURITY_V2_CONTEXT, contexts.get(SECURITY_V2_CONTEXT) as object],
]);
