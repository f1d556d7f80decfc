export {
  generateIssuerKeySet, rotateIssuerKey, revokeIssuerKey, activeIssuerKey, inactiveKeysWithSecrets, buildDidDocument,
  multikeyIdOf,
} from './issuer-keys.js';
export type { IssuerKey, IssuerKeySet, IssuerKeyStatus } from './issuer-keys.js';
export { parseDidDocument } from './did-document.js';
export { toIssuerKeyFile, parseIssuerKeyFile, readIssuerKeyFile, writeIssuerKeyFile } from './key-file.js';
export type { IssuerKeyFile, IssuerKeyFileEntry } from './key-file.js';
export { createEd25519Signer } from './signer.js';
export type { Ed25519Signer } from './signer.js';
export { didWebFromUrl, urlFromDidWeb, didDocumentUrl } from './did-web.js';
export {
  encodeMultibaseKey, decodeMultibaseKey, ED25519_PUBLIC_PREFIX, ED25519_PRIVATE_PREFIX,
} from './multibase.js';
export { importDivocKey, createDivocSigner } from './divoc-key.js';
export type { DivocKey, DivocKeyImport, DivocKeyType, DivocSigner } from './divoc-key.js';
export { toDivocKeyFile, parseDivocKeyFile, readDivocKeyFile, writeDivocKeyFile } from './divoc-key-file.js';
export type { DivocKeyFile } from './divoc-key-file.js';
