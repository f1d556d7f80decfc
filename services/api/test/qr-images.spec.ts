import { expect } from 'chai';
import { PNG } from 'pngjs';
import request from 'supertest';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import { startApi, type TestApi } from './fixtures/api.js';
import { expectHealthFast, flood, listen } from './fixtures/flood.js';
import { blankPng, costlyImages } from './fixtures/images.js';

const post = (api: TestApi, image: Buffer) => request(api.app).post('/verify/qr').set('Content-Type', 'image/png').send(image);

/** A QR image of a certificate `api` issued, 2 pixels per module (small: read well within a budget of seconds). */
async function qrOf(api: TestApi): Promise<Buffer> {
  return renderQrPng(encodeDivocQr((await api.issue(1)).credential), { scale: 2 });
}

describe('API: QR images are read off the main thread, within limits', () => {
  let api: TestApi;
  let images: Buffer[];
  let runaway: Buffer;
  let attack: Buffer;

  before(() => {
    images = costlyImages();
    [runaway, attack] = images as [Buffer, Buffer];
  });
  afterEach(() => api.close());

  it('should still read a QR image, on a worker thread', async () => {
    api = startApi();
    expect((await post(api, await qrOf(api)).expect(200)).body.verified).to.equal(true);
  });

  describe('negative', () => {
    it('refuses the 1 x 11,999,999 strip and 16-bit images by their header, with a 400 naming the limit', async () => {
      api = startApi();
      const refused = await post(api, attack).expect(400);
      expect(refused.body.error).to.deep.equal({
        code: 'invalid_input', field: 'qr',
        message: 'The image is 1x11999999 pixels; at most 4000 pixels per side are read (a photo of a QR code needs no more).',
      });
      const deep = PNG.sync.write(new PNG({ width: 64, height: 64 }), { bitDepth: 16, inputHasAlpha: true } as object);
      expect((await post(api, deep).expect(400)).body.error.message).to.match(/16 bits per channel/);
    });

    it('takes the per-side limit from QR_IMAGE_MAX_SIDE', async () => {
      api = startApi({ QR_IMAGE_MAX_SIDE: '300' });
      expect((await post(api, blankPng(400, 100)).expect(400)).body.error.message).to.match(/400x100 pixels; at most 300 pixels per side/);
    });

    it('stops an image that runs past QR_IMAGE_BUDGET_MS with a 400 saying so, and reads the next on a fresh thread', async () => {
      api = startApi({ QR_IMAGE_BUDGET_MS: '2000' });
      const qr = await qrOf(api);
      const slow = await post(api, runaway).expect(400);
      expect(slow.body.error).to.deep.equal({
        code: 'invalid_input', field: 'qr',
        message: 'The image could not be read within 2000 ms; send a smaller, sharper picture of the QR code.',
      });
      expect((await post(api, qr).expect(200)).body.verified).to.equal(true);
    });

    it('answers 503 with Retry-After when the thread is busy and QR_IMAGE_QUEUE is full', async () => {
      api = startApi({ QR_IMAGE_QUEUE: '0', QR_IMAGE_BUDGET_MS: '500' });
      const answers = await Promise.all([post(api, runaway), post(api, runaway), post(api, runaway)]);
      const busy = answers.filter((answer) => answer.status === 503);
      expect(busy).to.have.length(2);
      expect(Number(busy[0]!.headers['retry-after'])).to.be.within(1, 60);
      expect(busy[0]!.body.error).to.deep.equal({
        code: 'unavailable', message: `The server is busy reading QR images; try again in ${busy[0]!.headers['retry-after']} seconds.`,
      });
      expect(answers.filter((answer) => answer.status === 400)).to.have.length(1);
    });

    it('keeps /health under 50 ms (p99) while one client floods POST /verify/qr with costly images', async function () {
      // A figure of a shared machine: a neighbour's burst can take the CPU for a moment; a blocked loop fails every try.
      this.retries(2);
      this.timeout(30_000);
      api = startApi({ VERIFY_REQUESTS_PER_MINUTE: '1000000', QR_IMAGE_BUDGET_MS: '1000' });
      const server = await listen(api.app);
      try {
        const result = await flood({
          port: server.port, connections: 8, seconds: 4,
          requests: images.map((body) => ({ path: '/verify/qr', method: 'POST', type: 'image/png', body })),
        });
        expect(Object.keys(result.statuses).sort()).to.deep.equal(['400', '503']);
        expect(result.samples[503]!.headers['retry-after']).to.match(/^\d+$/);
        expectHealthFast(result);
      } finally {
        await server.close();
      }
    });
  });
});
