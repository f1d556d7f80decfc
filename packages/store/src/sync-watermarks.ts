/** How far a pull from a source has got: every change up to `value` has been published. */
export interface SyncWatermark {
  /** The source, e.g. `dhis2:https://dhis2.example.org:yDuAzyqYABS`. */
  source: string;
  /** The source's own timestamp of the last published change (DHIS2: `2021-06-02T10:41:07.331`, server time). */
  value: string;
  /** When it was last advanced (ISO 8601, this machine's clock). */
  updatedAt: string;
}

/**
 * Watermarks of pulls from other systems (a port by concern, apart from the CredentialStore). Values of one source
 * compare as text, so a source must write them in one fixed-width form. Adapters: `openSqliteSyncWatermarks`,
 * `connectMongoSyncWatermarks`.
 */
export interface SyncWatermarks {
  /** The watermark of `source`, or undefined before its first advance. */
  read(source: string): Promise<SyncWatermark | undefined>;
  /**
   * Moves the watermark of `source` to `value` if that is after the stored one (or none is stored); never moves it
   * back, so two pullers cannot undo each other's progress.
   * @returns true when it moved.
   * @throws TypeError when `source` or `value` is empty.
   */
  advance(source: string, value: string): Promise<boolean>;
  close(): Promise<void>;
}

/** @throws TypeError naming the empty argument. */
export function assertWatermark(source: string, value?: string): void {
  if (typeof source !== 'string' || source === '' || source.length > 500) throw new TypeError('"source" must be 1 to 500 characters.');
  if (value !== undefined && (typeof value !== 'string' || value === '' || value.length > 100)) {
    throw new TypeError('"value" must be 1 to 100 characters.');
  }
}
