import type { CertificateStatus } from './certificate-types.js';

/** Options of {@link StatusPositions.listStatusPositions}. */
export interface StatusPositionQuery {
  /** First position (inclusive). */
  from: number;
  /** End position (exclusive); at most 1,048,576 after `from`. */
  to: number;
  /** Only certificates in one of these states. */
  statuses: CertificateStatus[];
}

/**
 * Positions on the issuer's status lists (a port by concern of the {@link CredentialStore}): handed out by a counter
 * that never gives one twice, also across processes, and read back from the certificates that hold them. A
 * reservation is its own atomic write, before the certificates are signed (their credentials name the position),
 * so it is not part of the save that stores them: positions reserved but never saved stay unused.
 */
export interface StatusPositions {
  /**
   * Reserves `count` consecutive status-list positions never handed out before (also across processes) and returns
   * the first. Positions reserved but never used stay unused. With `count` 0 it reserves nothing and returns the
   * next position that would be handed out (the number of positions handed out so far).
   * @throws TypeError when `count` is not an integer in 0..100,000.
   */
  reserveStatusPositions(count: number): Promise<number>;
  /**
   * The status-list positions in [`from`, `to`) of certificates in one of `statuses`, ascending: what a status
   * list publishes.
   * @throws TypeError when the range is malformed or wider than 1,048,576 positions.
   */
  listStatusPositions(query: StatusPositionQuery): Promise<number[]>;
}
