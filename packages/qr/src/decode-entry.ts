export { decodeQrPayload, decodeQrPayloadWithTrust, preloadCompactQrV3, type DecodedQr, type QrFormat } from './decode.js';
