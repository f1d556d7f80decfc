export { BASE58_ALPHABET, decodeBase58, encodeBase58 } from './base58.js';
