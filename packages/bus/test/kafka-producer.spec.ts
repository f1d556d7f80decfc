import { expect } from 'chai';
import { partitionForKey } from '@healthcred/bus';
import { stablePartitioner } from '../src/kafka-producer.js';

const partitionMetadata = Array.from({ length: 4 }, (_, partitionId) => ({ partitionId, leader: 0 })) as never;

describe('stablePartitioner()', () => {
  it('should put a keyless message on the same partition each time kafkajs partitions it (as on a retry)', () => {
    const partition = stablePartitioner();
    for (const value of ['m-0', 'm-1', 'm-2', 'm-3', 'm-4']) {
      const picks = new Set(Array.from({ length: 8 }, () => partition({ topic: 't', partitionMetadata, message: { value } })));
      expect([...picks], value).to.have.length(1);
    }
  });

  it("should put a keyed message where Kafka's own partitioner does (murmur2 of the key)", () => {
    const partition = stablePartitioner();
    for (const key of ['TE0001', 'k-1', 'ΔΘ-ශ්‍රී']) {
      expect(partition({ topic: 't', partitionMetadata, message: { key, value: 'v' } })).to.equal(partitionForKey(key, 4));
    }
  });
});
