// The CPU-heavy tasks worker threads run (cpu-worker.ts), and what goes in and out of each.
import type { RenderCertificatePdfOptions } from '@healthcred/pdf';

/** Each task: its input and output (structured-cloned between threads, so plain data). */
export interface Tasks {
  /** `readQrImage` of an uploaded image. */
  'qr-image': { input: { image: Uint8Array; maxSide: number }; output: Uint8Array };
  /** `renderCertificatePdf` of a certificate. */
  pdf: { input: Omit<RenderCertificatePdfOptions, 'fonts'>; output: Uint8Array };
}

export type TaskName = keyof Tasks;

/** Loads what a task needs once per thread (the PDF fonts, for one) and returns its function. */
export const TASKS: { [N in TaskName]: () => Promise<(input: Tasks[N]['input']) => Promise<Tasks[N]['output']>> } = {
  'qr-image': async () => {
    const { readQrImage } = await import('@healthcred/qr');
    return async ({ image, maxSide }) => readQrImage(image, { maxSide });
  },
  pdf: async () => {
    const { loadFontFaces, renderCertificatePdf } = await import('@healthcred/pdf');
    const fonts = loadFontFaces();
    return (options) => renderCertificatePdf({ ...options, fonts });
  },
};
