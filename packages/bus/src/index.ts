export { openSqliteBus } from './sqlite-bus.js';
export type { SqliteBusOptions, SqliteEventBus, ReadTopicOptions } from './sqlite-bus.js';
export { connectKafkaBus } from './kafka-bus.js';
export type { KafkaBusOptions } from './kafka-bus.js';
export { partitionForKey } from './partition.js';
export type { BusMessage, OutgoingMessage, Subscription, SubscribeOptions, EventBus, GroupOffset } from './types.js';
