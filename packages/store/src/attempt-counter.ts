/** One counted attempt window of {@link AttemptCounter.addAttempt}, e.g. a client's wrong tries this minute. */
export interface AttemptWindow {
  /** What is counted, e.g. `download:<hashed client>`. Never a raw address or personal data. */
  key: string;
  /** Identifies the window, e.g. its start time. */
  window: string;
}

/**
 * Attempt counts per key and time window, what the rate limits count (a port by concern of the
 * {@link CredentialStore}). Shared by every process on the store, so a limit holds across API replicas; each add is
 * one atomic increment. A limit fails closed, so the port also says whether it can count now ({@link ping}).
 */
export interface AttemptCounter {
  /**
   * Counts one more attempt in `window` and returns the window's count including it. Windows are forgotten after
   * `expiresAt`. Shared by every process on the store, so a limit holds across API replicas.
   * @throws TypeError when `key` or `window` is empty.
   */
  addAttempt(attempt: AttemptWindow & { expiresAt: Date }): Promise<number>;
  /** The count of a window (0 when none or expired). */
  countAttempts(attempt: AttemptWindow): Promise<number>;
  /**
   * Resolves when the engine answers (and, on SQLite, its file can be written); throws a retryable HealthcredError
   * otherwise. The store's readiness check, shared with the other ports.
   */
  ping(): Promise<void>;
}
