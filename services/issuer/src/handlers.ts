import type { BusMessage, EventBus } from '@healthcred/bus';
import type { Topics } from '@healthcred/config';
import { parseDhis2Payload, type Dhis2Mapping } from '@healthcred/dhis2';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import { parseJson } from '@healthcred/validation';
import { issueCertificate, parseCertificationRequest, type IssuanceDeps } from '@healthcred/issuance';
import type { Logger } from 'pino';
import { encode, type Ack, type CertifiedMessage, type DeadLetterMessage } from './messages.js';
import { backoffDelay } from './retry.js';

/** What the issuer's message handlers need. */
export interface IssuerDeps extends IssuanceDeps {
  bus: EventBus;
  mapping: Dhis2Mapping;
  topics: Topics;
  logger: Logger;
  limits: { maxAttempts: number; retryBaseMs: number; payloadLimitBytes: number };
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parsePayload(message: BusMessage, limit: number): unknown {
  const bytes = Buffer.byteLength(message.value);
  if (bytes > limit) {
    throw new HealthcredError('invalid_input', `The payload is ${bytes} bytes, over the limit of ${limit} bytes.`);
  }
  return parseJson(message.value, 'The payload');
}

function ack(deps: IssuerDeps, acks: Omit<Ack, 'at'>[]): Promise<void> {
  const at = (deps.now?.() ?? new Date()).toISOString();
  return deps.bus.publish(deps.topics.ack, acks.map((value) => ({ key: value.sourceKey ?? value.event, value: encode({ ...value, at }) })));
}

/** Sends a message that cannot be processed to the dead letter (topic and store), with a reason a person can act on. */
async function deadLetter(deps: IssuerDeps, message: BusMessage, error: unknown, attempts: number): Promise<void> {
  const code = isHealthcredError(error) ? error.code : 'internal';
  const reason = isHealthcredError(error)
    ? error.message
    : `Unexpected error (${(error as Error)?.name ?? 'unknown'}): ${String((error as Error)?.message ?? error).slice(0, 300)}`;
  const at = (deps.now?.() ?? new Date()).toISOString();
  const payloadBytes = Buffer.byteLength(message.value);
  const payload = payloadBytes > deps.limits.payloadLimitBytes
    ? Buffer.from(message.value).subarray(0, deps.limits.payloadLimitBytes).toString() : message.value;
  const letter: DeadLetterMessage = {
    originalTopic: message.topic, ...(message.key === undefined ? {} : { key: message.key }), payload, payloadBytes,
    code, reason, attempts, at,
  };
  await deps.store.saveDeadLetter({
    topic: message.topic, ...(message.key === undefined ? {} : { key: message.key }), payload, code, reason, attempts, at,
  });
  await deps.bus.publish(deps.topics.deadLetter, [{ ...(message.key === undefined ? {} : { key: message.key }), value: encode(letter) }]);
  if (message.topic === deps.topics.certify && message.key !== undefined) {
    await ack(deps, [{ sourceKey: message.key, status: 'failed', code, reason }]);
  }
  deps.logger.warn({ topic: message.topic, offset: message.offset, key: message.key, code, reason, attempts },
    'message sent to the dead letter');
}

/**
 * Runs `work` for one message: a retryable failure (or an unexpected one) is retried with backoff up to
 * `maxAttempts`; a permanent one, or the last attempt, goes to the dead letter. Resolves once the message is
 * done with either way, so the consumer commits it; throws only when the dead letter itself cannot be written,
 * so the message is delivered again and nothing is lost.
 */
async function processMessage(deps: IssuerDeps, message: BusMessage, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      const retryable = !isHealthcredError(error) || error.retryable;
      if (!retryable || attempt >= deps.limits.maxAttempts) {
        await deadLetter(deps, message, error, attempt);
        return;
      }
      const delay = backoffDelay(attempt, { baseMs: deps.limits.retryBaseMs });
      deps.logger.warn({ topic: message.topic, offset: message.offset, attempt, delay, err: (error as Error).message },
        'transient failure, retrying');
      await (deps.sleep ?? sleepFor)(delay);
    }
  }
}

/** Handles one raw DHIS2 payload: maps its completed vaccination events to certification requests. */
export function handleDhis2Message(deps: IssuerDeps, message: BusMessage): Promise<void> {
  return processMessage(deps, message, async () => {
    const { requests, skipped } = parseDhis2Payload(parsePayload(message, deps.limits.payloadLimitBytes), deps.mapping);
    if (requests.length > 0) {
      await deps.bus.publish(deps.topics.certify, requests.map((request) => ({
        key: request.sourceKey,
        value: encode({ sourceKey: request.sourceKey, kind: request.kind, record: request.record, source: request.source }),
      })));
    }
    if (skipped.length > 0) {
      await ack(deps, skipped.map((s) => ({ event: s.event, status: 'skipped' as const, reason: s.reason })));
    }
    deps.logger.debug({ offset: message.offset, requests: requests.length, skipped: skipped.length }, 'DHIS2 payload mapped');
  });
}

/** Handles one certification request: issues (idempotently), stores, and announces the certificate. */
export function handleCertifyMessage(deps: IssuerDeps, message: BusMessage): Promise<void> {
  return processMessage(deps, message, async () => {
    const request = parseCertificationRequest(parsePayload(message, deps.limits.payloadLimitBytes));
    const saved = await issueCertificate(request, deps);
    const { certificate } = saved;
    const supersedes = saved.outcome === 'superseded' ? saved.previous.certificateId : undefined;
    const certified: CertifiedMessage = {
      certificateId: certificate.certificateId, sourceKey: certificate.sourceKey, status: certificate.status,
      issuedAt: certificate.issuedAt, credential: certificate.credential, ...(supersedes ? { supersedes } : {}),
    };
    // Also re-announced for a duplicate: a crash between storing and announcing must not lose the announcement.
    await deps.bus.publish(deps.topics.certified, [{ key: certificate.certificateId, value: encode(certified) }]);
    const status = saved.outcome === 'inserted' ? 'issued' : saved.outcome;
    await ack(deps, [{ sourceKey: request.sourceKey, status, certificateId: certificate.certificateId, ...(supersedes ? { supersedes } : {}) }]);
    deps.logger.info({ sourceKey: request.sourceKey, certificateId: certificate.certificateId, outcome: saved.outcome, supersedes },
      'certification request handled');
  });
}
