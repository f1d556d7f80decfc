import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';

describe('loadConfig() work limits', () => {
  it('should give a small queue and a 5 s budget per kind of work, 4000 px per side and 64 MB of PDFs, one QR image thread and a PDF thread per core', () => {
    expect(loadConfig({}).api.work).to.deep.equal({
      qrImage: { threads: 1, queue: 4, budgetMs: 5000, maxSide: 4000 },
      pdf: { threads: Math.min(16, availableParallelism()), queue: 16, budgetMs: 5000, cacheBytes: 64 * 1024 * 1024 },
      downloadsPerMinute: 30,
    });
  });

  it('should share the cores between the API processes for the PDF threads, one at least', () => {
    expect(loadConfig({ API_PROCESSES: 'auto' }).api.work.pdf.threads).to.equal(1);
    expect(loadConfig({ API_PROCESSES: '64' }).api.work.pdf.threads).to.equal(1);
  });

  it('should read every variable', () => {
    const { work } = loadConfig({
      QR_IMAGE_MAX_SIDE: '2000', QR_IMAGE_THREADS: '2', QR_IMAGE_QUEUE: '0', QR_IMAGE_BUDGET_MS: '800',
      PDF_THREADS: '3', PDF_QUEUE: '100', PDF_BUDGET_MS: '2000', PDF_CACHE_MB: '0', CITIZEN_DOWNLOADS_PER_MINUTE: '5',
    }).api;
    expect(work).to.deep.equal({
      qrImage: { threads: 2, queue: 0, budgetMs: 800, maxSide: 2000 },
      pdf: { threads: 3, queue: 100, budgetMs: 2000, cacheBytes: 0 },
      downloadsPerMinute: 5,
    });
  });

  describe('negative', () => {
    it('rejects every limit out of range at once, naming each variable and its range', () => {
      expect(() => loadConfig({
        QR_IMAGE_MAX_SIDE: '50000', QR_IMAGE_THREADS: '0', PDF_QUEUE: '-1', PDF_BUDGET_MS: '10', PDF_CACHE_MB: 'lots',
        CITIZEN_DOWNLOADS_PER_MINUTE: '0',
      })).to.throw(new RegExp([
        'QR_IMAGE_THREADS must be a whole number from 1 to 16', 'QR_IMAGE_MAX_SIDE must be a whole number from 100 to 12000',
        'PDF_QUEUE must be a whole number from 0 to 1000', 'PDF_BUDGET_MS must be a whole number from 100 to 120000',
        'PDF_CACHE_MB must be a whole number from 0 to 65536', 'CITIZEN_DOWNLOADS_PER_MINUTE must be a whole number from 1 to 10000000',
      ].join('.*')));
    });
  });
});
