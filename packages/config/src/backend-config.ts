import type { EnvReader } from './env-reader.js';

/** The consumer groups of the issuer's two stages (a constant: every issuer replica joins the same groups). */
export const ISSUER_GROUPS = { dhis2: 'healthcred-issuer-dhis2', certify: 'healthcred-issuer-certify' } as const;

/** The topic names of the pipeline. */
export interface Topics {
  /** Raw DHIS2 payloads (DHIS2's own Kafka event-hook default topic). */
  dhis2: string;
  /** Normalized certification requests. */
  certify: string;
  /** Issued certificates, for downstream systems. */
  certified: string;
  /** Per-request status. */
  ack: string;
  /** Dead letters: the original payload, the error code, a reason and the attempt count. */
  deadLetter: string;
}

/** The national tier's Kafka brokers and their consumer group timeouts. */
export interface KafkaConfig {
  brokers: string[]; clientId: string;
  /** How long the group keeps a silent member's partitions: the failover time after a crash. */
  sessionTimeoutMs: number;
  /** How long a rebalance waits for every member to rejoin (a member rejoins once its batch in hand is done). */
  rebalanceTimeoutMs: number;
}

/** The national tier's MongoDB. */
export interface MongoConfig {
  uri: string;
  dbName: string;
}

/**
 * Reads the national tier's servers: KAFKA_BROKERS (comma-separated host:port), KAFKA_CLIENT_ID [healthcred],
 * KAFKA_SESSION_TIMEOUT_MS [30000], KAFKA_REBALANCE_TIMEOUT_MS [60000], MONGODB_URI, MONGODB_DB [healthcred]; the
 * brokers and the URI are required when `national`. Each is absent when its variable is unset.
 */
export function readBackends(read: EnvReader, national: boolean): { kafka?: KafkaConfig; mongo?: MongoConfig } {
  const brokers = read.string('KAFKA_BROKERS')?.split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers?.some((broker) => !/^[\w.-]+:\d+$/.test(broker))) {
    read.problems.push('KAFKA_BROKERS must be a comma-separated list of host:port');
  }
  const mongoUri = read.string('MONGODB_URI');
  if (mongoUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) {
    read.problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  if (national && !brokers) read.problems.push('KAFKA_BROKERS is required when HEALTHCRED_TIER=national');
  if (national && !mongoUri) read.problems.push('MONGODB_URI is required when HEALTHCRED_TIER=national');
  return {
    ...(brokers ? {
      kafka: {
        brokers, clientId: read.string('KAFKA_CLIENT_ID') ?? 'healthcred',
        sessionTimeoutMs: read.integer('KAFKA_SESSION_TIMEOUT_MS', 30_000, 6_000, 300_000),
        rebalanceTimeoutMs: read.integer('KAFKA_REBALANCE_TIMEOUT_MS', 60_000, 1_000, 1_800_000),
      },
    } : {}),
    ...(mongoUri ? { mongo: { uri: mongoUri, dbName: read.string('MONGODB_DB') ?? 'healthcred' } } : {}),
  };
}

/** Reads the topic names: TOPIC_DHIS2 [dhis2.hooks], TOPIC_CERTIFY [certify], TOPIC_CERTIFIED [certified], TOPIC_ACK [certify_ack], TOPIC_DEAD_LETTER [error_certificate]. */
export function readTopics(read: EnvReader): Topics {
  return {
    dhis2: read.topic('TOPIC_DHIS2', 'dhis2.hooks'),
    certify: read.topic('TOPIC_CERTIFY', 'certify'),
    certified: read.topic('TOPIC_CERTIFIED', 'certified'),
    ack: read.topic('TOPIC_ACK', 'certify_ack'),
    deadLetter: read.topic('TOPIC_DEAD_LETTER', 'error_certificate'),
  };
}
