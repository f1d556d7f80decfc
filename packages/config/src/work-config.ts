import { availableParallelism } from 'node:os';
import type { EnvReader } from './env-reader.js';

/** Worker threads for one kind of CPU-heavy work of the API, with a bounded queue and a time budget per job. */
export interface WorkerPoolLimits {
  /** Threads (each takes one job at a time). */
  threads: number;
  /** Jobs that may wait for a thread; one more is refused (503 with Retry-After). */
  queue: number;
  /** Milliseconds a job may run on its thread; then the thread is stopped and a fresh one started. */
  budgetMs: number;
}

/** Limits of the API's CPU-heavy work: QR image decoding and PDF rendering, each off the main thread. */
export interface WorkLimits {
  /** Decoding uploaded QR images (`POST /verify/qr`). */
  qrImage: WorkerPoolLimits & {
    /** Pixels per side an image may have (checked from its header, before decoding). */
    maxSide: number;
  };
  /** Rendering certificate PDFs (`GET /certificates/{id}/pdf`). */
  pdf: WorkerPoolLimits & {
    /** Bytes of rendered PDFs kept in memory (least recently used dropped first; never on disk). 0: none kept. */
    cacheBytes: number;
  };
  /** Downloads of one certificate a client may make per minute, with the right birth date (per API process). */
  downloadsPerMinute: number;
}

/**
 * Reads the work limits of the API. Variables (defaults in brackets): QR_IMAGE_MAX_SIDE [4000] pixels,
 * QR_IMAGE_THREADS [1], QR_IMAGE_QUEUE [4], QR_IMAGE_BUDGET_MS [5000], PDF_THREADS [the cores per API process:
 * `os.availableParallelism()` / `processes`, at least 1, at most 16], PDF_QUEUE [16], PDF_BUDGET_MS [5000],
 * PDF_CACHE_MB [64], CITIZEN_DOWNLOADS_PER_MINUTE [30]. PDF threads run below the main thread's priority, so
 * rendering on every core still leaves the answers to other requests first.
 * @param processes - The API processes of this host (API_PROCESSES), which share its cores. Default 1.
 */
export function readWorkLimits(read: EnvReader, processes = 1): WorkLimits {
  const pool = (prefix: string, queue: number, budgetMs: number, threads = 1): WorkerPoolLimits => ({
    threads: read.integer(`${prefix}_THREADS`, threads, 1, 16),
    queue: read.integer(`${prefix}_QUEUE`, queue, 0, 1000),
    budgetMs: read.integer(`${prefix}_BUDGET_MS`, budgetMs, 100, 120_000),
  });
  return {
    qrImage: { ...pool('QR_IMAGE', 4, 5000), maxSide: read.integer('QR_IMAGE_MAX_SIDE', 4000, 100, 12_000) },
    pdf: { ...pool('PDF', 16, 5000, Math.min(16, Math.max(1, Math.floor(availableParallelism() / processes)))), cacheBytes: read.integer('PDF_CACHE_MB', 64, 0, 65_536) * 1024 * 1024 },
    downloadsPerMinute: read.integer('CITIZEN_DOWNLOADS_PER_MINUTE', 30, 1, 10_000_000),
  };
}
