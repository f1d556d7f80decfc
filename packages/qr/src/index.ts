export { encodeDivocQr, defaultDivocLayout, type DivocLayout, type EncodeDivocQrOptions } from './divoc.js';
export { encodeCompactQr, decodeCompactQr } from './compact.js';
export { COMPACT_V1_PREFIX, COMPACT_V2_PREFIX, COMPACT_V3_PREFIX, COMPACT_V4_PREFIX } from './compact-template.js';
export { decodeQrPayload, decodeQrPayloadWithTrust, type DecodedQr, type QrFormat } from './decode.js';
export { renderQrPng, renderQrSvg, qrInfo, qrModules, type QrEcc, type QrInfo, type QrPayload, type QrRenderOptions } from './render.js';
export { readQrImage } from './read-image.js';
export { checkQrImage, type ImageHeader, type QrImageLimits } from './image-header.js';
export { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_INFLATED_BYTES, MAX_QR_PAYLOAD_BYTES } from './limits.js';
export { BASE45_ALPHABET, encodeBase45, decodeBase45 } from './base45.js';
export {
  decodeCompactQrV3, encodeCompactQrV3, type DecodeCompactQrV3Options, type EncodeCompactQrV3Options,
  type QrDocumentLoader,
} from './compact-v3.js';
