export { decodeQrPayload, decodeQrPayloadWithTrust, type DecodedQr, type QrFormat } from './decode.js';
