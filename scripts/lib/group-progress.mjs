// Where the issuer's consumer groups stand, from the event log's committed offsets (`bus.readOffsets`): how far a
// backfill has got without counting the store (on FerretDB a count reads the whole collection), and how long the
// group takes to serve a killed member's partitions again.
import { ISSUER_GROUPS } from '@healthcred/config';

const sum = (offsets, field) => offsets.reduce((total, offset) => total + Number(offset[field]), 0);

/**
 * `{mapped, certified, certifyLag, certify}` on `topics` (`{dhis2, certify}`, the names of this run's topics: the
 * groups are the same for every deployment, so they may hold offsets of other topics): DHIS2 payloads mapped
 * (committed by the dhis2 group), certification requests handled (committed by the certify group; a payload mapped
 * twice after a crash counts twice), the certify group's lag, and its offsets per partition.
 */
export async function pipelineProgress(bus, topics) {
  const read = async (group, topic) => (await bus.readOffsets(group)).filter((offset) => offset.topic === topic);
  const [dhis2, certify] = await Promise.all([read(ISSUER_GROUPS.dhis2, topics.dhis2), read(ISSUER_GROUPS.certify, topics.certify)]);
  return { mapped: sum(dhis2, 'committed'), certified: sum(certify, 'committed'), certifyLag: sum(certify, 'lag'), certify };
}

/**
 * The partitions that had work left in `before` (offsets at the kill) and whose committed offset has not moved
 * since, in `now`: those still waiting for the group to give them to a live member.
 */
export function waitingPartitions(before, now) {
  const committed = new Map(now.map((offset) => [offset.partition, offset.committed]));
  return before.filter((offset) => offset.lag > 0 && committed.get(offset.partition) === offset.committed)
    .map((offset) => offset.partition);
}
