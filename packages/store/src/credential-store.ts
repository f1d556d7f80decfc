import type { AttemptCounter } from './attempt-counter.js';
import type { AuditLog } from './audit-log.js';
import type { CertificateStore } from './certificate-store.js';
import type { DeadLetters } from './dead-letters.js';
import type { PrivacyStore } from './privacy-store.js';
import type { StatusPositions } from './status-positions.js';

/**
 * The credential store: every port by concern on one database, as a process opens it. Adapters:
 * {@link openSqliteStore} (one machine) and {@link connectMongoStore} (national); each passes every port's contract
 * suite (`test/contract/`). A consumer that needs one concern takes that port, not this composition.
 *
 * Failures of the engine are `HealthcredError`s: `conflict` for a unique-index violation (e.g. a reused
 * certificateId), `internal` otherwise (`retryable` when the engine was only busy or unreachable).
 */
export interface CredentialStore extends CertificateStore, StatusPositions, DeadLetters, AttemptCounter, AuditLog, PrivacyStore {
  /** Resolves when the engine answers; throws a retryable `internal` HealthcredError otherwise (readiness). */
  ping(): Promise<void>;
  /** Releases the connection. Further calls reject. Idempotent. */
  close(): Promise<void>;
}
