import type { Dhis2PayloadResult } from '@healthcred/dhis2';
import { HealthcredError } from '@healthcred/errors';
import { parseJson } from '@healthcred/validation';
import { encode } from './messages.js';

/** A mapped DHIS2 payload as the issuer publishes it: each request already encoded as its `certify` message. */
export interface MappedPayload {
  requests: { sourceKey: string; value: string }[];
  skipped: Dhis2PayloadResult['skipped'];
  withdrawals: Dhis2PayloadResult['withdrawals'];
}

/** The JSON of a bus message's value, refused over `limit` bytes. */
export function readPayload(value: string, limit: number): unknown {
  const bytes = Buffer.byteLength(value);
  if (bytes > limit) {
    throw new HealthcredError('invalid_input', `The payload is ${bytes} bytes, over the limit of ${limit} bytes.`);
  }
  return parseJson(value, 'The payload');
}

/** `result` with its requests encoded as `certify` messages. */
export function encodeMapped(result: Dhis2PayloadResult): MappedPayload {
  return {
    requests: result.requests.map((request) => ({
      sourceKey: request.sourceKey,
      value: encode({ sourceKey: request.sourceKey, kind: request.kind, record: request.record, source: request.source }),
    })),
    skipped: result.skipped,
    withdrawals: result.withdrawals,
  };
}
