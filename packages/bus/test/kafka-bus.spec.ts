import { connectKafkaBus } from '@healthcred/bus';
import type { EventBus } from '@healthcred/bus';
import { describeBusContract } from './contract/bus-contract.js';

const brokers = process.env['KAFKA_BROKERS'];

if (brokers === undefined || brokers === '') {
  console.log('NOTICE: Kafka contract suite skipped: KAFKA_BROKERS is not set');
} else {
  const connect = () => connectKafkaBus({ brokers: brokers.split(','), clientId: 'healthcred-contract', retryDelayMs: 100 });
  describeBusContract({
    name: 'Kafka',
    async createHarness() {
      const opened: EventBus[] = [await connect()];
      return {
        bus: opened[0]!,
        async connectAgain() {
          opened.push(await connect());
          return opened[opened.length - 1]!;
        },
        async destroy() {
          await Promise.all(opened.map((bus) => bus.close()));
        },
      };
    },
  });
}
