import { MIN_REFRESH_DELAY_MS } from './freshness.js';
import { nextRefreshAt, refreshTrust, savedTrust, type ListVerifier, type TrustSnapshot } from './trust-store.js';

/** How long to wait before trying again when a due refresh got nothing new (offline: the kept copy stays in use). */
const RETRY_DELAY_MS = 30_000;
/** How long a check waits for a due refresh before it goes on with the kept copy. */
const FRESHEN_WAIT_MS = 3_000;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The verifier's trust snapshot (trust list and status lists), kept fresh while the page is open: fetched at start,
 * then each document again in the background when its time to live is over, when the device comes back online, and
 * before a check when due.
 */
export class TrustKeeper {
  snapshot: TrustSnapshot | undefined = savedTrust();
  private refreshing: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `onChange` is called after every refresh, to show the snapshot's age. */
  constructor(private readonly options: { verifyList: ListVerifier; onChange: () => void }) {}

  /** Fetches everything now, then keeps refreshing. */
  start(): Promise<void> {
    addEventListener('online', () => void this.refresh());
    return this.refresh(true);
  }

  /** Before a check: waits a little for the refresh of whatever is due; offline or slow, the kept copy is used. */
  async freshen(): Promise<void> {
    if (navigator.onLine === false) return;
    if (this.snapshot && nextRefreshAt(this.snapshot) > Date.now()) return;
    await Promise.race([this.refresh(!this.snapshot), pause(FRESHEN_WAIT_MS)]);
  }

  private refresh(force = false): Promise<void> {
    this.refreshing ??= refreshTrust({ current: this.snapshot, verifyList: this.options.verifyList, force })
      .then((snapshot) => {
        this.snapshot = snapshot ?? this.snapshot;
        this.options.onChange();
      })
      .finally(() => {
        this.refreshing = undefined;
        this.schedule();
      });
    return this.refreshing;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.snapshot) return;
    const wait = nextRefreshAt(this.snapshot) - Date.now();
    this.timer = setTimeout(() => void this.refresh(), wait > 0 ? Math.max(MIN_REFRESH_DELAY_MS, wait) : RETRY_DELAY_MS);
  }
}
