import type { MessageKey } from '../shared/i18n.js';
import { lookupErrorMessage, type LookupError } from './api.js';

/**
 * Why an EU DCC or WHO DDCC download was refused: the certificate is revoked or suspended (409), its record cannot be
 * an EU DCC (422, e.g. a vaccine without an EU code or a name in a non-Latin script), or a lookup failure.
 */
export type DccError = { kind: 'not_current' | 'not_eligible'; detail: string } | LookupError;

export type DccDownload = { blob: Blob } | { error: DccError };

/** Whether this server issues EU DCCs: `/dcc/trust-list` answers 200 only when a DSC is configured. Never throws. */
export async function isDccEnabled(): Promise<boolean> {
  try {
    return (await fetch('/dcc/trust-list', { headers: { Accept: 'application/json' } })).ok;
  } catch {
    return false;
  }
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = await response.json() as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : '';
  } catch {
    return '';
  }
}

/** Fetches an EU DCC QR code or a WHO DDCC bundle of the holder. Never throws. */
export async function fetchDccDownload(url: string): Promise<DccDownload> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return { error: { kind: 'network' } };
  }
  if (response.ok) return { blob: await response.blob() };
  switch (response.status) {
    case 409: return { error: { kind: 'not_current', detail: await errorDetail(response) } };
    case 422: return { error: { kind: 'not_eligible', detail: await errorDetail(response) } };
    case 404: return { error: { kind: 'not_found' } };
    case 429: return { error: { kind: 'rate_limited', retryAfterSeconds: Number(response.headers.get('Retry-After')) || 60 } };
    default: return { error: { kind: 'unexpected' } };
  }
}

/** The message for a refused download, and the server's own reason when it gave one. Pure. */
export function dccErrorMessage(error: DccError): { key: MessageKey; params?: Record<string, number>; detail?: string } {
  if (!('detail' in error)) return lookupErrorMessage(error);
  const key = error.kind === 'not_current' ? 'portal.dcc.error.notCurrent' : 'portal.dcc.error.notEligible';
  return error.detail ? { key, detail: error.detail } : { key };
}
