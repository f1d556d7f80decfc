import { availableParallelism } from 'node:os';
import type { EnvReader } from './env-reader.js';
import { readTrustedProxies } from './proxy-config.js';
import { readWorkLimits, type WorkLimits } from './work-config.js';

/** Most API processes behind one port: far more than any host's cores would only multiply memory and threads. */
const MAX_PROCESSES = 64;

/**
 * API_PROCESSES [1]: how many API processes answer on PORT (node:cluster: one primary hands the connections out in
 * turn); `auto` runs one per core (`os.availableParallelism()`).
 */
export function readApiProcesses(read: EnvReader): number {
  const text = read.string('API_PROCESSES');
  if (text?.toLowerCase() === 'auto') return Math.min(MAX_PROCESSES, availableParallelism());
  return read.integer('API_PROCESSES', 1, 1, MAX_PROCESSES);
}

/** Settings of the HTTP API. */
export interface ApiConfig {
  port: number;
  /** API processes answering on `port` (API_PROCESSES, `auto`: one per core); 1 runs the API in this process alone. */
  processes: number;
  /** Admin credentials: token → the name recorded in the audit log (ADMIN_TOKEN is named `admin`). */
  adminTokens: ReadonlyMap<string, string>;
  dhis2WebhookToken?: string;
  /** Bearer token of systems allowed to call `POST /credentials/issue`. */
  issueToken?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY_ADDRESSES); empty: none. */
  trustedProxies: string[];
  /** Wrong certificate id / birth date pairs a client may send per minute before it is refused. */
  citizenTriesPerMinute: number;
  /** Verification requests a client may send per minute (each of `processes` API processes counts its share). */
  verifyRequestsPerMinute: number;
  /** How long verifiers and CDNs may cache a status list. */
  statusListTtlSeconds: number;
  /** Worker threads, queues, time budgets and limits of the CPU-heavy work (QR images, PDFs). */
  work: WorkLimits;
}

/** Settings of the issuer process. */
export interface IssuerConfig {
  maxAttempts: number; retryBaseMs: number; payloadLimitBytes: number;
  /** Worker threads that sign; 0 signs on the main thread. */
  signingThreads: number;
  /** Partitions each issuer consumer group handles at once, so batches overlap their signing and storing. */
  concurrency: number;
  /** Port on which the standalone issuer serves `/metrics` (consumption, progress); undefined: none. */
  metricsPort?: number;
}

/** Reads the issuer's settings (ISSUER_*; see `loadConfig`). */
export function readIssuerConfig(read: EnvReader): IssuerConfig {
  return {
    maxAttempts: read.integer('ISSUER_MAX_ATTEMPTS', 5, 1, 100),
    retryBaseMs: read.integer('ISSUER_RETRY_BASE_MS', 200, 1, 60_000),
    payloadLimitBytes: read.integer('ISSUER_PAYLOAD_LIMIT_BYTES', 2 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    signingThreads: read.integer('ISSUER_SIGNING_THREADS', Math.min(4, availableParallelism() - 1), 0, 64),
    concurrency: read.integer('ISSUER_CONCURRENCY', 2, 1, 64),
    ...(read.string('ISSUER_METRICS_PORT') === undefined ? {} : { metricsPort: read.integer('ISSUER_METRICS_PORT', 0, 1, 65_535) }),
  };
}

/** Reads the API's settings (PORT, API_PROCESSES, the limits, the work limits; see `loadConfig`), with its tokens read already. */
export function readApiConfig(read: EnvReader, tokens: Pick<ApiConfig, 'adminTokens' | 'dhis2WebhookToken' | 'issueToken'>): ApiConfig {
  const processes = readApiProcesses(read);
  return {
    port: read.integer('PORT', 8080, 1, 65_535),
    processes,
    ...(tokens.dhis2WebhookToken === undefined ? {} : { dhis2WebhookToken: tokens.dhis2WebhookToken }),
    ...(tokens.issueToken === undefined ? {} : { issueToken: tokens.issueToken }),
    adminTokens: tokens.adminTokens,
    trustedProxies: readTrustedProxies(read),
    citizenTriesPerMinute: read.integer('CITIZEN_TRIES_PER_MINUTE', 10, 1, 10_000),
    verifyRequestsPerMinute: read.integer('VERIFY_REQUESTS_PER_MINUTE', 600, 1, 10_000_000),
    statusListTtlSeconds: read.integer('STATUS_LIST_TTL_SECONDS', 300, 0, 86_400),
    work: readWorkLimits(read, processes),
  };
}
