import { isAbsolute, join, resolve } from 'node:path';
import { HealthcredError } from '@healthcred/errors';
import { didWebFromUrl } from '@healthcred/issuer-identity';
import type { OptionalCredentialField } from '@healthcred/types';
import type { DivocNamespaces } from '@healthcred/document-loader';
import { readBackends, readTopics, type KafkaConfig, type MongoConfig, type Topics } from './backend-config.js';
import { readDccConfig, type DccConfig } from './dcc-config.js';
import { readDivocNamespaces } from './divoc-config.js';
import { readCredentialProfile, type CredentialProfileName, type DivocIssuingConfig } from './profile-config.js';
import { EnvReader } from './env-reader.js';
import { readApiConfig, readIssuerConfig, type ApiConfig, type IssuerConfig } from './process-config.js';
import { readTokens } from './tokens.js';
import { readCredentialFields, readRetention, readStats, type RetentionConfig, type StatsConfig } from './privacy-config.js';
import { readDhis2SyncConfig, type Dhis2SyncConfig } from './dhis2-sync-config.js';
import { readAuthority, type Authority } from './trust-config.js';

/** `embedded`: SQLite store and event log in the data directory. `national`: Kafka and MongoDB. */
export type Tier = 'embedded' | 'national';

/** healthcred's configuration, read once from the environment. */
export interface Config {
  tier: Tier;
  /** Absolute path of the data directory (SQLite files, development key). */
  dataDir: string;
  /** Public base URL of the issuer: contexts, DID document and status lists are served under it. */
  issuerUrl: string;
  issuerDid: string;
  /** The issuer key: a file path, or the key file's JSON from the environment (which wins). */
  issuerKey: { file: string; json?: string };
  /** Create a development key on first start when none exists. */
  createDevKey: boolean;
  kafka?: KafkaConfig;
  mongo?: MongoConfig;
  topics: Topics;
  /** A country's DHIS2 mapping file; undefined means the shipped DHIS2 COVAC mapping. */
  dhis2MappingFile?: string;
  /** Pulling from the DHIS2 Web API; undefined (off) unless DHIS2_URL is set. */
  dhis2Sync?: Dhis2SyncConfig;
  issuer: IssuerConfig;
  api: ApiConfig;
  /** EU DCC (HC1) and WHO DDCC:VS; undefined (off) unless a DSC is configured. */
  dcc?: DccConfig;
  /** The health authority this deployment issues for, named in its own trust entry. */
  authority: Authority;
  /**
   * Absolute path of the trust list file: the other issuers whose credentials verify here (this issuer always does).
   * A missing file means this issuer alone.
   */
  trustListFile: string;
  /** The optional fields credentials carry beyond the WHO DDCC:VS core data set; empty: the minimal credential. */
  credentialFields: readonly OptionalCredentialField[];
  /** How long dead letters and attempt windows are kept. */
  retention: RetentionConfig;
  /** Programme monitoring (`GET /stats`, the push to DHIS2). */
  stats: StatsConfig;
  /**
   * DIVOC namespace URLs whose certificates verify here, each with the DIVOC context it serves (HEALTHCRED_DIVOC_CONTEXTS;
   * default none). The offline document loader serves these and no other DIVOC URL.
   */
  divocNamespaces: DivocNamespaces;
  /** The credentials this deployment issues (HEALTHCRED_CREDENTIAL_PROFILE; default `healthcred`). */
  credentialProfile: CredentialProfileName;
  /** The DIVOC issuing profile: present exactly when `credentialProfile` is `divoc` (see `src/profile-config.ts`). */
  divocIssuing?: DivocIssuingConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads healthcred's configuration from environment variables and checks all of it at once, so a deployment learns
 * every mistake from one start. Relative paths are resolved against `cwd`.
 *
 * Variables (defaults in brackets): HEALTHCRED_TIER [embedded] | national, HEALTHCRED_DATA_DIR [./data],
 * ISSUER_URL [http://localhost:8080], ISSUER_DID [did:web of ISSUER_URL], HEALTHCRED_ISSUER_KEY_FILE
 * [<data>/issuer-key.json], HEALTHCRED_ISSUER_KEY (key file JSON; wins over the file), HEALTHCRED_CREATE_DEV_KEY
 * [true when embedded], KAFKA_BROKERS (comma-separated; required when national), KAFKA_CLIENT_ID [healthcred],
 * KAFKA_SESSION_TIMEOUT_MS [30000; 6000 to 300000, within the broker's group.min/max.session.timeout.ms],
 * KAFKA_REBALANCE_TIMEOUT_MS [60000; 1000 to 1800000],
 * MONGODB_URI (required when national), MONGODB_DB [healthcred], TOPIC_DHIS2 [dhis2.hooks], TOPIC_CERTIFY [certify],
 * TOPIC_CERTIFIED [certified], TOPIC_ACK [certify_ack], TOPIC_DEAD_LETTER [error_certificate], DHIS2_MAPPING_FILE,
 * ISSUER_MAX_ATTEMPTS [5], ISSUER_RETRY_BASE_MS [200], ISSUER_PAYLOAD_LIMIT_BYTES [2097152], ISSUER_SIGNING_THREADS [cores - 1, at most 4],
 * ISSUER_CONCURRENCY [2], PORT [8080], API_PROCESSES [1; `auto`: one per core; at most 64],
 * ADMIN_TOKEN, ADMIN_TOKENS (name=token,...: named admins for the audit log), DHIS2_WEBHOOK_TOKEN (the DHIS2 webhook
 * is refused while unset), ISSUE_TOKEN (POST /credentials/issue is refused while unset): each token random (22+
 * characters, no white space, 128+ bits; `openssl rand -base64 32`) and used for one role only (see `readTokens`), ISSUER_METRICS_PORT (the standalone issuer serves /metrics on it; unset: off), TRUST_PROXY_ADDRESSES [none; the
 * proxies whose X-Forwarded-For is believed, addresses or CIDRs; TRUST_PROXY_HOPS is refused],
 * CITIZEN_TRIES_PER_MINUTE [10], VERIFY_REQUESTS_PER_MINUTE [600], STATUS_LIST_TTL_SECONDS [300], LOG_LEVEL [info].
 *
 * Trust: ISSUER_AUTHORITY_NAME [the ISSUER_URL host; at most 200 characters], ISSUER_COUNTRY (ISO 3166-1 alpha-2;
 * default DCC_COUNTRY with EU DCC on, else ZZ on the embedded tier; required on the national tier; must equal
 * DCC_COUNTRY), HEALTHCRED_TRUST_LIST_FILE [<data>/trust-list.json; a missing file trusts this issuer alone],
 * HEALTHCRED_DIVOC_CONTEXTS [none; `<namespace URL>=<vaccination/v1|vaccination/v2|test-certificate/v1>,...`, see
 * `src/divoc-config.ts`].
 * Credential profile (`src/profile-config.ts`): HEALTHCRED_CREDENTIAL_PROFILE [healthcred] | divoc, and for divoc
 * HEALTHCRED_DIVOC_NAMESPACE (required), HEALTHCRED_DIVOC_CONTEXT [vaccination/v1], HEALTHCRED_DIVOC_ISSUER,
 * HEALTHCRED_DIVOC_CERTIFICATE_BASE_URL, HEALTHCRED_DIVOC_INFO_BASE_URL, HEALTHCRED_DIVOC_FEEDBACK_BASE_URL,
 * HEALTHCRED_DIVOC_KEY_FILE [<data>/divoc-key.json].
 * CPU-heavy work of the API (`src/work-config.ts`): QR_IMAGE_MAX_SIDE [4000], QR_IMAGE_THREADS [1], QR_IMAGE_QUEUE [4],
 * QR_IMAGE_BUDGET_MS [5000], PDF_THREADS [the cores per API process], PDF_QUEUE [16], PDF_BUDGET_MS [5000], PDF_CACHE_MB [64],
 * CITIZEN_DOWNLOADS_PER_MINUTE [30].
 *
 * Privacy (`src/privacy-config.ts`): CREDENTIAL_OPTIONAL_FIELDS [none; some of gender, nationality, age, address,
 * refId, verifier], DEAD_LETTER_RETENTION_DAYS [30], ATTEMPT_RETENTION_DAYS [1], RETENTION_SWEEP_MINUTES [60],
 * STATS_TOKEN, STATS_MIN_CELL [5], STATS_AGE_BANDS [0,12,18,30,45,60,75], STATS_ORG_UNIT_LEVEL,
 * DHIS2_STATS_MAPPING_FILE, DHIS2_STATS_PUSH_MINUTES.
 *
 * EU DCC (off unless both DSC files are set): DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE (PEM; both or neither),
 * DCC_COUNTRY (ISO 3166-1 alpha-2; required with a DSC), DCC_ISSUER_NAME [the ISSUER_URL host; at most 80
 * characters], DCC_VALUE_SETS_FILE [the COVAC value sets shipped with @healthcred/dcc], DCC_TRUST_LIST_FILE (other
 * DSCs to trust when verifying, JSON as `buildTrustList` writes), DCC_VALIDITY_DAYS [365].
 *
 * DHIS2 pull (off unless DHIS2_URL is set; `src/dhis2-sync-config.ts`): DHIS2_URL, DHIS2_TOKEN or DHIS2_USERNAME +
 * DHIS2_PASSWORD, DHIS2_PROGRAM, DHIS2_SYNC_INTERVAL_SECONDS [300], DHIS2_SYNC_PAGE_SIZE [200],
 * DHIS2_SYNC_OVERLAP_SECONDS [300], DHIS2_TIMEOUT_MS [30000], DHIS2_MAX_ATTEMPTS [5].
 *
 * @throws HealthcredError `invalid_input` listing every problem, each naming its variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): Readonly<Config> {
  const read = new EnvReader(env);
  const path = (value: string) => (isAbsolute(value) ? value : resolve(cwd, value));
  const tier = read.oneOf('HEALTHCRED_TIER', ['embedded', 'national'] as const, 'embedded');
  const dataDir = path(read.string('HEALTHCRED_DATA_DIR') ?? 'data');
  const issuerUrl = read.url('ISSUER_URL', 'http://localhost:8080');
  const issuerDid = read.string('ISSUER_DID') ?? didWebFromUrl(issuerUrl);
  if (!issuerDid.startsWith('did:')) read.problems.push('ISSUER_DID must be a DID such as did:web:certificates.example.org');

  const { kafka, mongo } = readBackends(read, tier === 'national');
  const { adminTokens, webhookToken, issueToken, statsToken } = readTokens(read);
  const keyJson = read.string('HEALTHCRED_ISSUER_KEY');
  const mappingFile = read.string('DHIS2_MAPPING_FILE');
  const dhis2Sync = readDhis2SyncConfig(read);
  const dcc = readDccConfig(read, { issuerUrl, path });
  const authority = readAuthority(read, { tier, issuerUrl, dccCountry: dcc?.country });
  const trustListFile = read.string('HEALTHCRED_TRUST_LIST_FILE');
  const divocNamespaces = readDivocNamespaces(read);

  const config: Config = {
    tier,
    dataDir,
    issuerUrl,
    issuerDid,
    issuerKey: {
      file: path(read.string('HEALTHCRED_ISSUER_KEY_FILE') ?? join(dataDir, 'issuer-key.json')),
      ...(keyJson === undefined ? {} : { json: keyJson }),
    },
    createDevKey: read.boolean('HEALTHCRED_CREATE_DEV_KEY', tier === 'embedded'),
    ...(kafka ? { kafka } : {}),
    ...(mongo ? { mongo } : {}),
    topics: readTopics(read),
    ...(mappingFile === undefined ? {} : { dhis2MappingFile: path(mappingFile) }),
    ...(dhis2Sync === undefined ? {} : { dhis2Sync }),
    issuer: readIssuerConfig(read),
    api: readApiConfig(read, {
      adminTokens, ...(webhookToken === undefined ? {} : { dhis2WebhookToken: webhookToken }), ...(issueToken === undefined ? {} : { issueToken }),
    }),
    ...(dcc === undefined ? {} : { dcc }),
    authority,
    trustListFile: path(trustListFile ?? join(dataDir, 'trust-list.json')),
    credentialFields: readCredentialFields(read),
    retention: readRetention(read),
    stats: readStats(read, { ...(statsToken === undefined ? {} : { token: statsToken }), path, dhis2: dhis2Sync !== undefined }),
    divocNamespaces,
    ...readCredentialProfile(read, { issuerUrl, issuerDid, dataDir, path, divocNamespaces }),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  };
  if (read.problems.length > 0) {
    throw new HealthcredError('invalid_input', `Configuration: ${read.problems.join('; ')}.`);
  }
  return Object.freeze(config);
}
