import { expect } from 'chai';
import { Partitioners } from 'kafkajs';
import { partitionForKey } from '@healthcred/bus';
// @ts-expect-error plain JS module shared with the backfill scripts
import { backfillUid as uid } from '@healthcred/testing';

/** The partition kafkajs's default (Java-compatible) partitioner picks for `key`: the independent reference. */
function kafkaPartition(key: string, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }));
  return partitioner({ topic: 't', partitionMetadata: partitionMetadata as never, message: { key, value: '' } });
}

describe('partitionForKey()', () => {
  it("should pick the partition Kafka's default partitioner picks, for every key length and partition count", () => {
    const keys = [
      '', 'a', 'ab', 'abc', 'abcd', 'abcde', 'k-0', 'k-1', 'dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1', 'කමල්', 'Nguyễn Hương', '🙂🙂',
      // Multi-byte UTF-8 in the 1-, 2- and 3-byte tails (bytes of 0x80 and above).
      'aaaé', 'é', '€', 'aé', 'aaé', 'aaaaé', 'a€', '€€', 'ééé',
      ...Array.from({ length: 300 }, (_, n) => `certificate-${n * 7919}`),
    ];
    for (const partitions of [1, 2, 3, 4, 12, 64]) {
      for (const key of keys) expect(partitionForKey(key, partitions), `${key} of ${partitions}`).to.equal(kafkaPartition(key, partitions));
    }
  });

  it("should hash as Kafka's Utils.murmur2 does on Kafka's own test values", () => {
    const kafka: [string, number][] = [
      ['21', -973932308], ['foobar', -790332482], ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829], ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    // Modulo 2^31 the partition is the positive hash itself.
    for (const [key, hash] of kafka) expect(partitionForKey(key, 2 ** 31), key).to.equal(hash & 0x7fffffff);
  });

  it('should spread the source keys of a DHIS2 backfill evenly over the partitions', () => {
    const counts = [0, 0, 0, 0];
    for (let n = 0; n < 4000; n++) counts[partitionForKey(`dhis2:${uid('T', n)}:${uid('V', n)}:1`, 4)]! += 1;
    for (const count of counts) expect(count).to.be.within(850, 1150);
  });
});
