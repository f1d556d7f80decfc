import type { WorkLimits } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';
import { checkQrImage } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';
import { serverBusy } from './busy.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

/** The API's CPU-heavy work, each kind on its own worker threads with a bounded queue and a time budget per job. */
export interface CpuWork {
  /**
   * `readQrImage` on a thread. The header is checked here first (`checkQrImage`), so an image refused for its size
   * or depth costs no thread.
   * @throws HealthcredError `invalid_input` (field `qr`) for an unreadable image or one that ran past the budget;
   *   a 503 busy error when the queue is full.
   */
  readQrImage(image: Uint8Array): Promise<Uint8Array>;
  /**
   * `renderCertificatePdf` on a thread.
   * @throws a 503 busy error when the queue is full or rendering ran past the budget.
   */
  renderPdf(options: { credential: SignedHealthCredential; issuerName?: string }): Promise<Buffer>;
  /** Stops the threads. Idempotent. */
  close(): Promise<void>;
}

/** Starts the pools (their threads start on first use). */
export function startCpuWork(limits: WorkLimits): CpuWork {
  const images: WorkerPool<'qr-image'> = createWorkerPool({
    task: 'qr-image', limits: limits.qrImage, what: 'reading QR images',
    overBudget: () => new HealthcredError('invalid_input',
      `The image could not be read within ${limits.qrImage.budgetMs} ms; send a smaller, sharper picture of the QR code.`, { field: 'qr' }),
  });
  const pdfs: WorkerPool<'pdf'> = createWorkerPool({
    task: 'pdf', limits: limits.pdf, what: 'rendering PDFs',
    overBudget: () => serverBusy(`The PDF could not be rendered within ${limits.pdf.budgetMs} ms; try again in a minute.`, 60),
  });
  return {
    async readQrImage(image) {
      checkQrImage(image, { maxSide: limits.qrImage.maxSide });
      // Copied to the thread only when one takes it: a refused request costs no copy.
      return images.run({ image, maxSide: limits.qrImage.maxSide });
    },
    async renderPdf(options) {
      const output = await pdfs.run(options);
      return Buffer.from(output.buffer, output.byteOffset, output.byteLength);
    },
    async close() {
      await Promise.all([images.close(), pdfs.close()]);
    },
  };
}
