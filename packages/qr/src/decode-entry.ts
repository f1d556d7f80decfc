export { decodeQrPayload, type DecodedQr, type QrFormat } from './decode.js';
