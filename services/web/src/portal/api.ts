import type { MessageKey } from '../shared/i18n.js';

/** Why a lookup failed, as the page tells the citizen. */
export type LookupError =
  | { kind: 'not_found' } | { kind: 'rate_limited'; retryAfterSeconds: number } | { kind: 'network' } | { kind: 'unexpected' };

export type Lookup = { credential: Record<string, unknown> } | { error: LookupError };

/** One certificate of the same person, as `GET /certificates/{id}/holder` lists them. */
export interface HolderCertificate {
  certificateId: string;
  kind: 'vaccination' | 'test-result';
  status: 'issued' | 'revoked' | 'suspended' | 'superseded';
  issuedAt: string;
  vaccine?: string;
  dose?: number;
  totalDoses?: number;
  date?: string;
  disease?: string;
  result?: string;
  sampleCollectionTimestamp?: string;
}

/** The parts of a one-line summary of a holder's certificate, after its kind: what, and when. Pure. */
export function summaryParts(certificate: HolderCertificate): string[] {
  const parts = certificate.kind === 'vaccination'
    ? [certificate.vaccine, certificate.dose && certificate.totalDoses ? `${certificate.dose}/${certificate.totalDoses}` : undefined,
      certificate.date?.slice(0, 10)]
    : [certificate.disease, certificate.result, certificate.sampleCollectionTimestamp?.slice(0, 10)];
  const known = parts.filter((part): part is string => typeof part === 'string' && part !== '');
  return known.length > 0 ? known : [certificate.issuedAt.slice(0, 10)];
}

/** `7k3m 9qxp 2rb4` → `7K3M9QXP2RB4`: spaces and case do not matter to the API either. */
export function cleanCertificateId(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** The URL of a certificate resource for the holder (`''`, `/pdf`, `/qr.png`, `/holder`). */
export function certificateUrl(id: string, dob: string, resource = ''): string {
  return `/certificates/${encodeURIComponent(id)}${resource}?dob=${encodeURIComponent(dob)}`;
}

/** The message for a failed lookup. Pure. */
export function lookupErrorMessage(error: LookupError): { key: MessageKey; params?: Record<string, number> } {
  switch (error.kind) {
    case 'not_found': return { key: 'portal.error.notFound' };
    case 'rate_limited': return { key: 'portal.error.rateLimited', params: { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) } };
    case 'network': return { key: 'error.network' };
    default: return { key: 'error.unexpected' };
  }
}

/** Fetches the signed credential for a certificate id and birth date. Never throws. */
export async function fetchCertificate(id: string, dob: string): Promise<Lookup> {
  let response: Response;
  try {
    response = await fetch(certificateUrl(id, dob), { headers: { Accept: 'application/json' } });
  } catch {
    return { error: { kind: 'network' } };
  }
  if (response.ok) return { credential: await response.json() as Record<string, unknown> };
  if (response.status === 404) return { error: { kind: 'not_found' } };
  if (response.status === 429) {
    return { error: { kind: 'rate_limited', retryAfterSeconds: Number(response.headers.get('Retry-After')) || 60 } };
  }
  return { error: { kind: 'unexpected' } };
}

/** All certificates of the holder, or an empty list when they cannot be listed. */
export async function fetchHolderCertificates(id: string, dob: string): Promise<HolderCertificate[]> {
  try {
    const response = await fetch(certificateUrl(id, dob, '/holder'), { headers: { Accept: 'application/json' } });
    const body = response.ok ? await response.json() as { certificates?: unknown } : undefined;
    return Array.isArray(body?.certificates) ? body.certificates as HolderCertificate[] : [];
  } catch {
    return [];
  }
}
