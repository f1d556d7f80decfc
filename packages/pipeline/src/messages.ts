import type { StoredCertificate } from '@healthcred/store';

/** `certify_ack` values: what became of one request. */
export type AckStatus = 'issued' | 'duplicate' | 'superseded' | 'stale' | 'skipped' | 'failed';

/** One message on the `certify_ack` topic. */
export interface Ack {
  sourceKey?: string;
  event?: string;
  status: AckStatus;
  certificateId?: string;
  supersedes?: string;
  code?: string;
  reason?: string;
  at: string;
}

/** One message on the `certified` topic: the issued credential for downstream systems. */
export interface CertifiedMessage {
  certificateId: string;
  sourceKey: string;
  status: StoredCertificate['status'];
  supersedes?: string;
  issuedAt: string;
  credential: object;
}

/** One message on the dead-letter topic. */
export interface DeadLetterMessage {
  originalTopic: string;
  key?: string;
  /** The original payload (its first `payloadLimitBytes` when larger; `payloadBytes` says how large it was). */
  payload: string;
  payloadBytes: number;
  code: string;
  reason: string;
  attempts: number;
  at: string;
}

/** Encodes a message value as the topics carry it. */
export function encode(value: Ack | CertifiedMessage | DeadLetterMessage | object): string {
  return JSON.stringify(value);
}
