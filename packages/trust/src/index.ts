export { assertTrustableDid, readIssuerDidDocument } from './issuer-did.js';
export {
  parseTrustListFile, parseNewTrustEntry, addTrustEntry, removeTrustEntry, trustedIssuerOf, isPinned,
} from './trust-list-file.js';
export type {
  TrustEntry, TrustEntryBase, PinnedTrustEntry, ResolvedTrustEntry, NewTrustEntry,
} from './trust-list-file.js';
export { createDidWebResolver } from './did-web-resolver.js';
export type { DidWebResolver, DidWebResolverOptions, DidWebResolution, FetchFunction } from './did-web-resolver.js';
export { toGdhcnDocument, fromGdhcnDocument, GDHCN_CONTEXTS } from './gdhcn.js';
export type { GdhcnDidDocument, GdhcnVerificationMethod, GdhcnImport } from './gdhcn.js';
export type { PublicJwk } from './jwk.js';
export { toDccGatewayRecords, fromDccGatewayRecords } from './dcc-gateway.js';
export type { DccGatewayRecord, DccGatewayImport } from './dcc-gateway.js';
