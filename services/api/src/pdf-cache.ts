import type { StoredCertificate } from '@healthcred/store';

/** Rendered certificate PDFs, one per certificate version, in memory only. */
export interface PdfCache {
  /** The PDF of this version of `certificate`: kept, being rendered for another request (shared), or rendered now. */
  get(certificate: StoredCertificate): Promise<Buffer>;
}

/**
 * What makes a certificate's PDF: its id and credential, and its status and successor (a certificate changes only
 * when re-issued or when its status changes; `updatedAt` moves with every write).
 */
function versionKey(certificate: StoredCertificate): string {
  return JSON.stringify([
    certificate.certificateId, certificate.credentialId, certificate.status, certificate.supersededBy ?? null, certificate.updatedAt,
  ]);
}

/**
 * A least-recently-used cache of PDFs bounded by `maxBytes` (0 keeps none). A PDF holds personal data: it lives in
 * this process's memory only, never on disk. Concurrent requests for one version wait for one rendering.
 */
export function createPdfCache(options: { maxBytes: number; render: (certificate: StoredCertificate) => Promise<Buffer> }): PdfCache {
  const kept = new Map<string, Buffer>();
  const rendering = new Map<string, Promise<Buffer>>();
  let bytes = 0;

  const keep = (key: string, pdf: Buffer) => {
    if (pdf.length > options.maxBytes) return;
    kept.set(key, pdf);
    bytes += pdf.length;
    for (const [oldest, old] of kept) {
      if (bytes <= options.maxBytes) break;
      kept.delete(oldest);
      bytes -= old.length;
    }
  };

  return {
    get(certificate) {
      const key = versionKey(certificate);
      const hit = kept.get(key);
      if (hit) {
        kept.delete(key);
        kept.set(key, hit);
        return Promise.resolve(hit);
      }
      let pending = rendering.get(key);
      if (!pending) {
        pending = options.render(certificate).then((pdf) => {
          keep(key, pdf);
          return pdf;
        }).finally(() => rendering.delete(key));
        rendering.set(key, pending);
      }
      return pending;
    },
  };
}
