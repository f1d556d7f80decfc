export { assertTrustableDid, readIssuerDidDocument } from './issuer-did.js';
export {
  parseTrustListFile, parseNewTrustEntry, addTrustEntry, removeTrustEntry, trustedIssuerOf, isPinned, isResolved,
  isDivocEntry, entryKeySource,
} from './trust-list-file.js';
export type {
  TrustEntry, TrustEntryBase, PinnedTrustEntry, ResolvedTrustEntry, DivocTrustEntry, NewTrustEntry,
} from './trust-list-file.js';
export { readDivocTrust, readDivocIssuer } from './divoc-entry.js';
export { createDidWebResolver } from './did-web-resolver.js';
export type { DidWebResolver, DidWebResolverOptions, DidWebResolution, FetchFunction } from './did-web-resolver.js';
export { toGdhcnDocument, fromGdhcnDocument, GDHCN_CONTEXTS } from './gdhcn.js';
export type { GdhcnDidDocument, GdhcnVerificationMethod, GdhcnImport } from './gdhcn.js';
export type { PublicJwk } from './jwk.js';
export { toDccGatewayRecords, fromDccGatewayRecords } from './dcc-gateway.js';
export type { DccGatewayRecord, DccGatewayImport } from './dcc-gateway.js';
export { createDivocRevocationChecker } from './divoc-revocation.js';
export { divocRevocationAnswer, divocRevocationStateOf } from './divoc-revocation-answer.js';
export type { DivocRevocationAnswer } from './divoc-revocation-answer.js';
export type { DivocRevocationCheckerOptions, RevocationFetch } from './divoc-revocation.js';
