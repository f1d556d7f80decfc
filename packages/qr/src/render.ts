import QRCode, { type QRCodeSegment } from 'qrcode';
import { HealthcredError } from '@healthcred/errors';
import { BASE45_ALPHABET } from './base45.js';
import { maskSymbol } from './mask.js';

/** QR error correction level. */
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

/** A QR payload: bytes (DIVOC zip) or text (compact payload, JSON). */
export type QrPayload = Uint8Array | string;

/** Options of the QR renderers and {@link qrInfo}. */
export interface QrRenderOptions {
  /** Error correction level. Default `M`. */
  ecc?: QrEcc;
  /** Pixels per module. Default 4 (PNG); for SVG the size is in user units, so it only scales. */
  scale?: number;
  /** Quiet zone in modules. Default 4, as the QR standard asks. */
  margin?: number;
}

/** What a payload becomes as a QR code. */
export interface QrInfo {
  /** QR version, 1 (21x21 modules) to 40 (177x177). */
  version: number;
  ecc: QrEcc;
  /** `alphanumeric` for text in the QR alphanumeric set (compact payloads), else `byte`. */
  mode: 'byte' | 'alphanumeric';
  /** Payload size: bytes in byte mode, characters in alphanumeric mode. */
  bytes: number;
}

const ALPHANUMERIC = new Set(BASE45_ALPHABET);

function segment(payload: QrPayload): QRCodeSegment & { mode: 'byte' | 'alphanumeric' } {
  if (typeof payload === 'string' && [...payload].every((char) => ALPHANUMERIC.has(char))) {
    return { data: payload, mode: 'alphanumeric' };
  }
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return { data: Buffer.from(bytes), mode: 'byte' };
}

/** The symbol with mask 0, which qrcode makes without evaluating the masks (see {@link maskSymbol}). */
function create(payload: QrPayload, ecc: QrEcc) {
  try {
    return QRCode.create([segment(payload)], { errorCorrectionLevel: ecc, maskPattern: 0 });
  } catch (cause) {
    throw new HealthcredError('invalid_input', `The payload does not fit in a QR code at error correction ${ecc}.`, { cause, field: 'qr' });
  }
}

/**
 * The QR version, ECC level, mode and size of `payload` (the smallest version that holds it).
 * @throws HealthcredError `invalid_input` when it does not fit in a QR code (version 40).
 */
export function qrInfo(payload: QrPayload, options: Pick<QrRenderOptions, 'ecc'> = {}): QrInfo {
  const ecc = options.ecc ?? 'M';
  const { mode, data } = segment(payload);
  return { version: create(payload, ecc).version, ecc, mode, bytes: data.length };
}

function renderOptions(payload: QrPayload, options: QrRenderOptions) {
  const ecc = options.ecc ?? 'M';
  const maskPattern = maskSymbol(create(payload, ecc), ecc).mask;
  return { errorCorrectionLevel: ecc, maskPattern, scale: options.scale ?? 4, margin: options.margin ?? 4 };
}

/**
 * Renders `payload` as a black-on-white PNG. Byte payloads go in byte mode; text in the alphanumeric set in
 * alphanumeric mode; other text as UTF-8 bytes.
 * @throws HealthcredError `invalid_input` when the payload does not fit in a QR code.
 */
export async function renderQrPng(payload: QrPayload, options: QrRenderOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer([segment(payload)], { ...renderOptions(payload, options), type: 'png' });
}

/**
 * Renders `payload` as an SVG document (see {@link renderQrPng}).
 * @throws HealthcredError `invalid_input` when the payload does not fit in a QR code.
 */
export async function renderQrSvg(payload: QrPayload, options: QrRenderOptions = {}): Promise<string> {
  return QRCode.toString([segment(payload)], { ...renderOptions(payload, options), type: 'svg' });
}

/**
 * The modules of the QR code of `payload`, row by row (`true` = dark), without the quiet zone: for drawing it as
 * vectors, e.g. in a PDF.
 * @throws HealthcredError `invalid_input` when the payload does not fit in a QR code.
 */
export function qrModules(payload: QrPayload, options: Pick<QrRenderOptions, 'ecc'> = {}): boolean[][] {
  const ecc = options.ecc ?? 'M';
  const { size, modules: data } = maskSymbol(create(payload, ecc), ecc);
  const rows: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const modules: boolean[] = [];
    for (let col = 0; col < size; col++) modules.push(data[row * size + col] === 1);
    rows.push(modules);
  }
  return rows;
}
