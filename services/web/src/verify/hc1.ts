import { isoDate, type CredentialView, type Row, type Text } from '../shared/credential-view.js';
import type { MessageKey } from '../shared/i18n.js';
import type { Verdict } from './verdict.js';

/** The parts of an EU DCC payload the page shows (eu-dcc-schema: `nam`, `dob`, one `v` or `t` entry). */
export interface DccPayload {
  nam?: { fn?: string; gn?: string; fnt?: string; gnt?: string };
  dob?: string;
  v?: Record<string, unknown>[];
  t?: Record<string, unknown>[];
}

/** What `POST /verify/qr` answers for an HC1. */
export interface Hc1Report {
  verified: boolean;
  format: 'hc1';
  errors: { check: string; code: string; message: string }[];
  dcc?: DccPayload;
}

const PREFIX = 'HC1:';

/** The HC1 text of a QR payload (text or bytes), or undefined when it is not an EU DCC. Pure. */
export function hc1Of(payload: Uint8Array | string): string | undefined {
  const text = (typeof payload === 'string' ? payload : new TextDecoder('latin1').decode(payload)).trim();
  return text.startsWith(PREFIX) ? text : undefined;
}

const REASONS: Record<string, MessageKey> = {
  bad_signature: 'reason.invalid_signature', unsupported_algorithm: 'reason.invalid_signature', key_type_mismatch: 'reason.invalid_signature',
  outside_dsc_validity: 'reason.key_not_authorized',
  unknown_kid: 'reason.unknown_key', dsc_not_valid: 'reason.unknown_key', dsc_not_allowed: 'reason.key_not_authorized',
  expired: 'reason.expired', not_yet_valid: 'reason.not_yet_valid',
};

/** The verdict of an HC1 verification: valid, else invalid with the reasons (an EU DCC has no revocation list). Pure. */
export function hc1Verdict(report: Pick<Hc1Report, 'verified' | 'errors'>): Verdict {
  if (report.verified) return { state: 'valid', reasons: [] };
  return { state: 'invalid', reasons: [...new Set(report.errors.map((error) => REASONS[error.code] ?? 'reason.malformed_credential'))] };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

function rows(entries: [MessageKey, Text | undefined][]): Row[] {
  return entries.filter((entry): entry is [MessageKey, Text] => entry[1] !== undefined).map(([label, value]) => ({ label, value }));
}

function vaccinationRows(v: Record<string, unknown>): Row[] {
  const dose = text(v.dn);
  const total = text(v.sd);
  return rows([
    ['cert.vaccine', text(v.mp)],
    ['cert.dose', dose && total ? { key: 'cert.doseOf', params: { dose, total } } : dose],
    ['cert.date', isoDate(v.dt)],
    ['cert.country', text(v.co)],
    ['cert.issuer', text(v.is)],
    ['cert.certificateId', text(v.ci)],
  ]);
}

function testRows(t: Record<string, unknown>): Row[] {
  return rows([
    ['cert.testType', text(t.nm) ?? text(t.tt)],
    ['cert.sampleDate', isoDate(t.sc)],
    ['cert.country', text(t.co)],
    ['cert.issuer', text(t.is)],
    ['cert.certificateId', text(t.ci)],
  ]);
}

/** The display model of an EU DCC payload: name as given names then family name, birth date, the vaccination or test. Pure. */
export function dccView(dcc: DccPayload): CredentialView {
  const name = [dcc.nam?.gn, dcc.nam?.fn].filter(Boolean).join(' ') || undefined;
  const isTest = (dcc.t?.length ?? 0) > 0;
  return {
    title: isTest ? 'cert.testResult' : 'cert.vaccination',
    holder: rows([['cert.name', name], ['cert.dob', text(dcc.dob)]]),
    evidence: isTest ? (dcc.t ?? []).map(testRows) : (dcc.v ?? []).map(vaccinationRows),
    issuer: [],
  };
}

/** An HC1 verification, or why there is none: the server cannot be reached, or does not check EU DCCs. */
export type Hc1Outcome = { report: Hc1Report } | { failure: 'offline' | 'unsupported' };

/**
 * Verifies an HC1 with the issuer's server (`POST /verify/qr`): 200 when verified, 400 with the report when not.
 * Never throws.
 */
export async function verifyHc1Online(hc1: string): Promise<Hc1Outcome> {
  let response: Response;
  try {
    response = await fetch('/verify/qr', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ payload: hc1 }),
    });
  } catch {
    return { failure: 'offline' };
  }
  const answered = response.status === 200 || response.status === 400;
  const report = answered ? await response.json().catch(() => undefined) as Hc1Report | undefined : undefined;
  return report?.format === 'hc1' ? { report } : { failure: 'unsupported' };
}
