import { collectTrackedEntities } from './payload-shapes.js';

/**
 * The bus key of a DHIS2 payload: the UID of its tracked entity when it concerns exactly one, so all of one person's
 * payloads land in one partition and are mapped in the order they arrived (an event's correction after the event);
 * undefined for a payload of several people or one that cannot be read (the issuer dead-letters that with the reason).
 */
export function dhis2PayloadKey(json: unknown): string | undefined {
  try {
    const uids = new Set(collectTrackedEntities(json).map((entity) => entity.uid));
    return uids.size === 1 ? [...uids][0] : undefined;
  } catch {
    // Whatever makes a payload unreadable (even nesting too deep to walk) is the issuer's to report, not the sender's.
    return undefined;
  }
}
