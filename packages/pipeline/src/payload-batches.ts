import { dhis2PayloadOrgUnits, parseDhis2Payload, type Dhis2Mapping, type FacilityLookup } from '@healthcred/dhis2';
import { HealthcredError } from '@healthcred/errors';
import { encodeMapped, readPayload, type MappedPayload } from './dhis2-payloads.js';

/** What became of one payload: a value, or the error that ends it (dead-lettered with its reason). */
export type Outcome<T> = { value: T } | { error: unknown };

/**
 * DHIS2 payloads between reading and mapping, on the thread that maps them: `read` parses a batch's payloads and
 * keeps those that parse, so the caller can look up the facilities of the org units they name; `map` then maps the
 * kept ones with those facilities (and forgets them), `drop` forgets them unmapped.
 */
export class PayloadBatches {
  readonly #mapping: Dhis2Mapping;
  readonly #kept = new Map<number, unknown[]>();

  constructor(mapping: Dhis2Mapping) {
    this.#mapping = mapping;
  }

  /** The org units each payload names, or why it cannot be read (too large, not JSON). */
  read(batch: number, values: string[], limit: number): Outcome<string[]>[] {
    const kept: unknown[] = [];
    this.#kept.set(batch, kept);
    return values.map((value) => {
      try {
        const json = readPayload(value, limit);
        kept.push(json);
        return { value: dhis2PayloadOrgUnits(json) };
      } catch (error) {
        return { error };
      }
    });
  }

  /** Each payload `read` kept for `batch`, in order, mapped with its requests encoded, or why it cannot be. */
  map(batch: number, facilities: FacilityLookup): Outcome<MappedPayload>[] {
    const kept = this.#kept.get(batch);
    if (kept === undefined) throw new HealthcredError('internal', `DHIS2 batch ${batch} was not read on this thread.`, { retryable: true });
    this.#kept.delete(batch);
    return kept.map((json) => {
      try {
        return { value: encodeMapped(parseDhis2Payload(json, this.#mapping, { facilities })) };
      } catch (error) {
        return { error };
      }
    });
  }

  drop(batch: number): void {
    this.#kept.delete(batch);
  }
}
