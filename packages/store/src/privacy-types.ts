/**
 * The non-personal facts of a vaccination certificate that programme monitoring counts (`countProgramme`): kept on
 * the certificate when its holder's personal data are erased, so the counts stay right. No name, birth date,
 * address or registry id: the event's org unit, the vaccine and dose, the holder's sex and age in years.
 */
export interface ProgrammeFacts {
  /** The day the certificate was issued, `YYYY-MM-DD` (UTC). */
  day: string;
  /** The DHIS2 org unit UID of the event, when the request named one. */
  orgUnit?: string;
  /** The vaccine as the certificate names it, e.g. `COVISHIELD`. */
  vaccine: string;
  dose: number;
  /** The holder's sex as the registry gives it, when it does. */
  sex?: string;
  /** The holder's age in whole years on the day of the vaccination. */
  age?: number;
}

/** The certificates of one combination of {@link ProgrammeFacts}: how many were issued, and how many are revoked now. */
export interface ProgrammeCount extends ProgrammeFacts {
  issued: number;
  revoked: number;
}

/** What {@link PrivacyStore.eraseSubject} removed. */
export interface Erasure {
  /** The holder's certificates whose personal data were erased (each now revoked), the one named first. */
  certificateIds: string[];
  /** Dead letters deleted because their payload held the holder's registry id, or name and birth date. */
  deadLetters: number;
  /**
   * SQLite only, and only when false: the WAL could not be truncated within 10 s (another process kept reading), so
   * older copies of the erased rows may stay in the `-wal` file until its next checkpoint.
   */
  walTruncated?: false;
}

/** Options of {@link PrivacyStore.purgeExpired}. */
export interface PurgeOptions {
  /** Dead letters last seen before this are deleted, whatever their status. */
  deadLettersSeenBefore: Date;
  /** Attempt windows that expired before this are deleted. */
  attemptsExpiredBefore: Date;
}

/** What {@link PrivacyStore.purgeExpired} deleted. */
export interface PurgeCounts {
  deadLetters: number;
  attempts: number;
}

/** What marks a dead letter or a log message as holding a person: their registry ids, or their name with their birth date. */
export interface ErasureMarks {
  ids: string[];
  nameAndDob: [string, string][];
}
