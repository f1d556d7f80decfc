import QRCode, { type QRCodeSegment } from 'qrcode';
import { HealthcredError } from '@healthcred/errors';
import { BASE45_ALPHABET } from '@healthcred/qr';
import { HC1_PREFIX } from './hc1.js';

/** Options of the DCC QR renderers. */
export interface DccQrRenderOptions {
  /** Pixels per module (PNG); for SVG only a scale. Default 4. */
  scale?: number;
  /** Quiet zone in modules. Default 4. */
  margin?: number;
}

/** What an HC1 becomes as a QR code. */
export interface DccQrInfo {
  /** QR version, 1 to 40. */
  version: number;
  /** Always `alphanumeric`: HC1 text is in the QR alphanumeric set. */
  mode: 'alphanumeric';
  /** Always `Q`, as the EU DCC specification recommends. */
  ecc: 'Q';
  characters: number;
}

const ALPHANUMERIC = new Set(BASE45_ALPHABET);

function segments(hc1: string): QRCodeSegment[] {
  if (!hc1.startsWith(HC1_PREFIX) || ![...hc1].every((char) => ALPHANUMERIC.has(char))) {
    throw new HealthcredError('invalid_input', 'hc1: must be HC1 text in the QR alphanumeric set.', { field: 'hc1' });
  }
  return [{ data: hc1, mode: 'alphanumeric' }];
}

function create(hc1: string): ReturnType<typeof QRCode.create> {
  try {
    return QRCode.create(segments(hc1), { errorCorrectionLevel: 'Q' });
  } catch (cause) {
    if (cause instanceof HealthcredError) throw cause;
    throw new HealthcredError('invalid_input', 'hc1: does not fit in a QR code at error correction Q.', { cause, field: 'hc1' });
  }
}

/**
 * The QR version and mode of an HC1 (one alphanumeric segment, error correction Q).
 * @throws HealthcredError `invalid_input` when it is not HC1 alphanumeric text or does not fit.
 */
export function dccQrInfo(hc1: string): DccQrInfo {
  return { version: create(hc1).version, mode: 'alphanumeric', ecc: 'Q', characters: hc1.length };
}

function renderOptions(hc1: string, options: DccQrRenderOptions) {
  create(hc1);
  return { errorCorrectionLevel: 'Q' as const, scale: options.scale ?? 4, margin: options.margin ?? 4 };
}

/**
 * Renders an HC1 as a black-on-white PNG QR code: alphanumeric mode, error correction Q.
 * @throws HealthcredError `invalid_input` when it is not HC1 alphanumeric text or does not fit.
 */
export async function renderDccQrPng(hc1: string, options: DccQrRenderOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(segments(hc1), { ...renderOptions(hc1, options), type: 'png' });
}

/**
 * Renders an HC1 as an SVG QR code (see {@link renderDccQrPng}).
 * @throws HealthcredError `invalid_input` when it is not HC1 alphanumeric text or does not fit.
 */
export async function renderDccQrSvg(hc1: string, options: DccQrRenderOptions = {}): Promise<string> {
  return QRCode.toString(segments(hc1), { ...renderOptions(hc1, options), type: 'svg' });
}
