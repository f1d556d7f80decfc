import { isHealthcredError } from '@healthcred/errors';
import { pullDhis2Changes, type Dhis2SyncDeps, type SyncProgress } from './dhis2-sync.js';

/** What the loop has done, for `/metrics` and the logs. */
export interface Dhis2SyncStatus {
  /** When the last pull that reached the end of the changes started: every change before it is on the bus. */
  caughtUpAt?: Date;
  /** Seconds since `caughtUpAt`, or since the loop started before the first: how stale the view of DHIS2 may be. */
  lagSeconds: number;
  pulls: number;
  failures: number;
  lastError?: { code: string; message: string };
  /** True once the loop has stopped (asked to, or refused by DHIS2 with 401/403). */
  stopped: boolean;
}

/** Options of {@link startDhis2SyncLoop}. */
export interface Dhis2SyncLoopOptions extends Omit<Dhis2SyncDeps, 'signal' | 'onPage'> {
  /** Milliseconds between the end of a pull and the next. */
  intervalMs: number;
  /** Only one pull, then stop. Default false. */
  once?: boolean;
  onPage?(progress: SyncProgress): void;
  /** Told of each finished pull, and of each failure (with whether the loop stops because of it). */
  onPull?(progress: SyncProgress): void;
  onError?(error: unknown, stopping: boolean): void;
  now?: () => Date;
}

/** A running sync loop. */
export interface Dhis2SyncLoop {
  status(): Dhis2SyncStatus;
  /** Resolves when the loop has stopped: after `once`, after `stop()`, or after a 401/403. */
  done: Promise<void>;
  /** Stops after the page in flight (its watermark is kept) and resolves when stopped. */
  stop(): Promise<void>;
}

/** A failure no retry can mend: DHIS2 refused the credentials or the user's access, or the start found no program. */
function isFatal(error: unknown, starting: boolean): boolean {
  return isHealthcredError(error) && (error.code === 'unauthorized' || (starting && error.code === 'invalid_input'));
}

/**
 * Runs {@link pullDhis2Changes} now and then every `intervalMs` after the previous pull ended, first checking that the
 * program exists and saving the server's org units into the directory (a refresh per start; pulls refresh again
 * when they meet an unknown one). A missing program or a malformed org unit export at the start stops the loop.
 * A pull that fails for a passing reason (DHIS2 unavailable after its retries, a malformed page) is reported and
 * tried again at the next interval from the watermark; 401 and 403 stop the loop (`status().stopped`, `done`).
 */
export function startDhis2SyncLoop(options: Dhis2SyncLoopOptions): Dhis2SyncLoop {
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  const startedAt = now();
  const status: Omit<Dhis2SyncStatus, 'lagSeconds'> = { pulls: 0, failures: 0, stopped: false };
  let wake: (() => void) | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const run = async () => {
    let refreshed = false;
    while (!controller.signal.aborted) {
      const started = now();
      try {
        if (!refreshed) {
          await options.client.checkProgram(options.program);
          await options.directory.save(await options.client.orgUnits());
          refreshed = true;
        }
        const progress = await pullDhis2Changes({ ...options, signal: controller.signal });
        status.pulls += 1;
        if (!controller.signal.aborted) status.caughtUpAt = started;
        delete status.lastError;
        options.onPull?.(progress);
      } catch (error) {
        status.failures += 1;
        status.lastError = { code: isHealthcredError(error) ? error.code : 'internal', message: (error as Error)?.message ?? String(error) };
        const fatal = isFatal(error, !refreshed);
        options.onError?.(error, fatal || options.once === true);
        if (fatal) break;
      }
      if (options.once) break;
      await pause(options.intervalMs);
    }
    status.stopped = true;
  };
  const done = run();
  return {
    status: () => ({ ...status,
      lagSeconds: Math.max(0, (now().getTime() - (status.caughtUpAt ?? startedAt).getTime()) / 1000) }),
    done,
    async stop() {
      controller.abort();
      wake?.();
      await done;
    },
  };
}
