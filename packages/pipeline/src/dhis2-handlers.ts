import type { BusMessage } from '@healthcred/bus';
import type { FacilityLookup } from '@healthcred/dhis2';
import type { SaveCause } from '@healthcred/store';
import { mapOnThisThread, type Dhis2Mapper } from './dhis2-mapper.js';
import type { MappedPayload } from './dhis2-payloads.js';
import { ack, causeOf, parseEach, processBatch, processMessage, type IssuerDeps } from './handlers.js';
import { lookUpFacilities } from './org-unit-facilities.js';
import type { Outcome } from './payload-batches.js';
import { withdrawEvents } from './withdrawals.js';

const mapperOf = (deps: IssuerDeps): Dhis2Mapper => deps.dhis2Mapper ?? mapOnThisThread(deps.mapping);

function valueOf<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** The requests of payloads, less those of an event a later payload of the batch withdraws. */
function requestsOf(mapped: MappedPayload[]): MappedPayload['requests'] {
  const withdrawnLater = new Set<string>();
  const kept: MappedPayload['requests'][] = [];
  for (const { requests, withdrawals } of [...mapped].reverse()) {
    // A request's key is its event's withdrawal prefix followed by the dose.
    kept.push(requests.filter((r) => !withdrawnLater.has(r.sourceKey.slice(0, r.sourceKey.lastIndexOf(':') + 1))));
    withdrawals.forEach((w) => withdrawnLater.add(w.sourceKeyPrefix));
  }
  return kept.reverse().flat();
}

/** Publishes the requests of mapped payloads and acknowledges their skipped events; revokes what they withdraw. */
async function publishMapped(deps: IssuerDeps, mapped: MappedPayload[], causes: SaveCause[]): Promise<void> {
  const withdrawals = mapped.flatMap((m) => m.withdrawals);
  if (withdrawals.length > 0) {
    const acks = await withdrawEvents(deps, withdrawals, mapped.flatMap((m, i) => m.withdrawals.map(() => causes[i]!)));
    await ack(deps, acks);
    deps.outcomes?.add('withdrawn', acks.filter((a) => a.status === 'withdrawn').length);
  }
  const requests = requestsOf(mapped);
  const skipped = mapped.flatMap((m) => m.skipped);
  if (requests.length > 0) {
    await deps.bus.publish(deps.topics.certify, requests.map(({ sourceKey, value }) => ({ key: sourceKey, value })));
  }
  if (skipped.length > 0) {
    await ack(deps, skipped.map((s) => ({ event: s.event, status: 'skipped' as const, reason: s.reason })));
    deps.outcomes?.add('skipped', skipped.length);
  }
}

/**
 * Handles one raw DHIS2 payload: maps its completed vaccination events to certification requests, and revokes the
 * certificates of the vaccination events it says are deleted (see `withdrawEvents`).
 */
export function handleDhis2Message(deps: IssuerDeps, message: BusMessage): Promise<void> {
  const mapper = mapperOf(deps);
  return processMessage(deps, message, async () => {
    const { batch, outcomes: [read] } = await mapper.read([message.value], deps.limits.payloadLimitBytes);
    let facilities: FacilityLookup;
    try {
      facilities = await lookUpFacilities([valueOf(read!)], deps.mapping, deps.facilities);
    } catch (error) {
      mapper.drop(batch);
      throw error;
    }
    const [mapped] = await mapper.map(batch, facilities);
    const payload = valueOf(mapped!);
    await publishMapped(deps, [payload], [causeOf(message)]);
    deps.logger.debug({ offset: message.offset, requests: payload.requests.length, skipped: payload.skipped.length,
      withdrawals: payload.withdrawals.length }, 'DHIS2 payload mapped');
  });
}

/**
 * Handles a batch of raw DHIS2 payloads: reads them (with `deps.dhis2Mapper`), looks up the facilities of all their
 * org units at once, maps them all, then publishes their requests in one go. A payload that cannot be read or mapped
 * is dead-lettered; a failed look-up (storage) sends the batch one message at a time.
 */
export async function handleDhis2Batch(deps: IssuerDeps, messages: BusMessage[]): Promise<void> {
  const mapper = mapperOf(deps);
  const { batch, outcomes } = await mapper.read(messages.map((message) => message.value), deps.limits.payloadLimitBytes);
  let read: { message: BusMessage; parsed: string[] }[] | undefined;
  let facilities: FacilityLookup;
  try {
    read = await parseEach(deps, messages, (_, i) => valueOf(outcomes[i]!));
    facilities = await lookUpFacilities(read.map((r) => r.parsed), deps.mapping, deps.facilities);
  } catch (error) {
    // The mapper holds the batch's payloads until it maps them: a batch that stops here is forgotten there too.
    mapper.drop(batch);
    if (read === undefined) throw error;
    for (const { message } of read) await handleDhis2Message(deps, message);
    return;
  }
  const mappedOutcomes = await mapper.map(batch, facilities);
  const valid = await parseEach(deps, read.map((r) => r.message), (_, i) => valueOf(mappedOutcomes[i]!));
  await processBatch(deps, valid.map((v) => v.message), () => publishMapped(deps, valid.map((v) => v.parsed), valid.map((v) => causeOf(v.message))),
    (message) => handleDhis2Message(deps, message));
}
