/** A message the pipeline gave up on, kept for an operator. */
export interface DeadLetter {
  /** Derived from topic, key and payload: the same failing message always maps to the same entry. */
  id: string;
  topic: string;
  key?: string;
  payload: string;
  /** The error code of the last failure (an `ErrorCode` or an adapter-specific code). */
  code: string;
  /** Why it failed, without personal data. */
  reason: string;
  /** Total processing attempts over every time this message was dead-lettered. */
  attempts: number;
  firstSeenAt: string;
  lastSeenAt: string;
  status: 'open' | 'redriven' | 'discarded';
}

/** Input of {@link DeadLetters.saveDeadLetter}: `at` becomes `firstSeenAt` and/or `lastSeenAt`. */
export type NewDeadLetter = Omit<DeadLetter, 'id' | 'firstSeenAt' | 'lastSeenAt' | 'status'> & { at: string };

/** Options of {@link DeadLetters.listDeadLetters}. */
export interface ListDeadLettersOptions {
  /** Page size, 1..1000. Default 100. */
  limit?: number;
  status?: DeadLetter['status'];
}

/**
 * The messages the pipeline gave up on, for an operator to redrive or discard (a port by concern of the
 * {@link CredentialStore}). One entry per failing message (its id derives from topic, key and payload), updated in
 * one atomic upsert each time it fails again. Erasure and the retention purge delete entries ({@link PrivacyStore}).
 */
export interface DeadLetters {
  /**
   * Records a dead letter. The same topic+key+payload again updates the same entry: `attempts` is added,
   * `code`, `reason` and `lastSeenAt` are replaced, and the status goes back to `open`.
   * @throws TypeError when a field is missing or `attempts` is not a non-negative integer.
   */
  saveDeadLetter(entry: NewDeadLetter): Promise<DeadLetter>;
  /** The dead letter with this id, if any. */
  findDeadLetter(id: string): Promise<DeadLetter | undefined>;
  /** Dead letters, most recently seen first. */
  listDeadLetters(options?: ListDeadLettersOptions): Promise<DeadLetter[]>;
  /**
   * Marks a dead letter as redriven or discarded (or reopens it).
   * @throws HealthcredError `not_found` when no entry has this id.
   */
  setDeadLetterStatus(id: string, status: DeadLetter['status']): Promise<DeadLetter>;
}
