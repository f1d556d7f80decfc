import type { BusMessage, EventBus } from '@healthcred/bus';
import type { Topics } from '@healthcred/config';
import type { Dhis2Mapping } from '@healthcred/dhis2';
import { backoffDelay, isHealthcredError } from '@healthcred/errors';
import { issueCertificate, issueCertificates, type IssuanceDeps } from '@healthcred/issuance';
import { parseCertificationRequest, type CertificationRequest } from '@healthcred/records';
import type { DeadLetters, SaveCause, SaveOutcome } from '@healthcred/store';
import type { Logger } from 'pino';
import { encode, type Ack, type CertifiedMessage, type DeadLetterMessage } from './messages.js';
import type { Dhis2Mapper } from './dhis2-mapper.js';
import { readPayload } from './dhis2-payloads.js';
import type { FacilitySource } from './org-unit-facilities.js';
import type { OutcomeCounter } from './progress.js';
import { restoreWithdrawn } from './withdrawals.js';

/** What the issuer's message handlers need. */
export interface IssuerDeps extends IssuanceDeps {
  bus: EventBus;
  mapping: Dhis2Mapping;
  /** Reads and maps DHIS2 payloads (on a thread of its own, say). Default: on the calling thread, with `mapping`. */
  dhis2Mapper?: Dhis2Mapper;
  /** The org unit directory (and a refresh from DHIS2): facilities of events without a configured one. */
  facilities?: FacilitySource;
  topics: Topics;
  logger: Logger;
  limits: { maxAttempts: number; retryBaseMs: number; payloadLimitBytes: number };
  sleep?: (ms: number) => Promise<void>;
  /** Counts issued, skipped and dead-lettered messages (for the progress line). */
  outcomes?: OutcomeCounter;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function ack(deps: Pick<IssuerDeps, 'bus' | 'topics' | 'now'>, acks: Omit<Ack, 'at'>[]): Promise<void> {
  const at = (deps.now?.() ?? new Date()).toISOString();
  return deps.bus.publish(deps.topics.ack, acks.map((value) => ({ key: value.sourceKey ?? value.event, value: encode({ ...value, at }) })));
}

/** Sends a message that cannot be processed to the dead letter (topic and store), with a reason a person can act on. */
async function deadLetter(deps: Omit<IssuerDeps, 'store'> & { store: DeadLetters }, message: BusMessage, error: unknown,
  attempts: number): Promise<void> {
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
  deps.outcomes?.add('deadLettered', 1);
  deps.logger.warn({ topic: message.topic, offset: message.offset, key: message.key, code, reason, attempts },
    'message sent to the dead letter');
}

/**
 * Runs `work` for one message: a retryable failure (or an unexpected one) is retried with backoff up to
 * `maxAttempts`; a permanent one, or the last attempt, goes to the dead letter. Resolves once the message is
 * done with either way, so the consumer commits it; throws when storage is `unavailable` (a full disk or a corrupt
 * file says nothing against the message) or the dead letter itself cannot be written, so the message is delivered
 * again and nothing is lost.
 */
export async function processMessage(deps: IssuerDeps, message: BusMessage, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      const retryable = !isHealthcredError(error) || error.retryable;
      if (!retryable || attempt >= deps.limits.maxAttempts) {
        // Storage, not the message, is at fault: the bus delivers it again once the disk is fixed.
        if (isHealthcredError(error) && error.code === 'unavailable') throw error;
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

/** Parses each message with `parse`; a message that fails is dead-lettered at once (a malformed payload is permanent). */
export async function parseEach<T>(deps: IssuerDeps, messages: BusMessage[], parse: (message: BusMessage, index: number) => T | Promise<T>):
  Promise<{ message: BusMessage; parsed: T }[]> {
  const valid: { message: BusMessage; parsed: T }[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      valid.push({ message, parsed: await parse(message, index) });
    } catch (error) {
      await processMessage(deps, message, () => Promise.reject(error));
    }
  }
  return valid;
}

/**
 * Runs `work` for a whole batch; if it fails, handles the batch's messages one at a time with `one` (retries,
 * dead letter), which is safe because everything the work does is idempotent.
 */
export async function processBatch(deps: IssuerDeps, messages: BusMessage[], work: () => Promise<void>,
  one: (message: BusMessage) => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    deps.logger.warn({ topic: messages[0]?.topic, messages: messages.length, err: (error as Error).message },
      'batch failed: handling its messages one at a time');
    for (const message of messages) await one(message);
  }
}

/** Announces issued certificates on `certified` (also for a duplicate: a crash between storing and announcing must
 * not lose the announcement) and acknowledges their requests. */
async function announce(deps: IssuerDeps, requests: CertificationRequest[], outcomes: SaveOutcome[]): Promise<void> {
  const supersedes = (saved: SaveOutcome) => (saved.outcome === 'superseded' ? { supersedes: saved.previous.certificateId } : {});
  await deps.bus.publish(deps.topics.certified, outcomes.map((saved) => {
    const { certificate } = saved;
    const certified: CertifiedMessage = {
      certificateId: certificate.certificateId, sourceKey: certificate.sourceKey, status: certificate.status,
      issuedAt: certificate.issuedAt, credential: certificate.credential, ...supersedes(saved),
    };
    return { key: certificate.certificateId, value: encode(certified) };
  }));
  await ack(deps, outcomes.map((saved, i) => ({
    sourceKey: requests[i]!.sourceKey, status: saved.outcome === 'inserted' ? 'issued' as const : saved.outcome,
    certificateId: saved.certificate.certificateId, ...supersedes(saved),
  })));
  for (const { outcome } of outcomes) deps.outcomes?.add(outcome === 'inserted' ? 'issued' : outcome, 1);
}

/** Who asked, for the audit entry of a supersede or withdrawal: the pipeline, and the message (the source is its key). */
export function causeOf(message: BusMessage): SaveCause {
  return { actor: 'issuer', details: { via: 'pipeline', message: `${message.topic}/${message.partition}@${message.offset}` } };
}

function parseRequest(deps: IssuerDeps, message: BusMessage): CertificationRequest {
  return parseCertificationRequest(readPayload(message.value, deps.limits.payloadLimitBytes));
}

/** Handles one certification request: issues (idempotently), stores, and announces the certificate. */
export function handleCertifyMessage(deps: IssuerDeps, message: BusMessage): Promise<void> {
  return processMessage(deps, message, async () => {
    const request = parseRequest(deps, message);
    const cause = causeOf(message);
    const [saved] = await restoreWithdrawn(deps, [request], [await issueCertificate(request, deps, cause)], [cause]);
    await announce(deps, [request], [saved!]);
    deps.logger.debug({ sourceKey: request.sourceKey, certificateId: saved!.certificate.certificateId, outcome: saved!.outcome },
      'certification request handled');
  });
}

/** Handles a batch of certification requests: signs them in one pass and stores them in one transaction. */
export async function handleCertifyBatch(deps: IssuerDeps, messages: BusMessage[]): Promise<void> {
  const valid = await parseEach(deps, messages, (message) => parseRequest(deps, message));
  await processBatch(deps, valid.map((v) => v.message), async () => {
    const requests = valid.map((v) => v.parsed);
    const causes = valid.map((v) => causeOf(v.message));
    const outcomes = await restoreWithdrawn(deps, requests, await issueCertificates(requests, deps, causes), causes);
    await announce(deps, requests, outcomes);
    deps.logger.debug({ requests: requests.length }, 'certification requests handled');
  }, (message) => handleCertifyMessage(deps, message));
}
