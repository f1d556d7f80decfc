import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { errorMiddleware } from '../src/error-middleware.js';
import { queryChoice, queryLimit, queryText } from '../src/query.js';
import { capturingLogger } from './fixtures/api.js';

/** An app that answers what the readers make of its query, as the admin lists use them. */
function listApp(lines: Record<string, unknown>[]) {
  const app = express();
  app.set('query parser', 'simple');
  app.get('/list', (req, res) => {
    res.json({
      limit: queryLimit(req) ?? null, status: queryChoice(req, 'status', ['open', 'redriven', 'discarded'] as const) ?? null,
      target: queryText(req, 'target', 20) ?? null,
    });
  });
  app.use(errorMiddleware(capturingLogger(lines)));
  return app;
}

describe('query readers (admin list parameters)', () => {
  describe('negative', () => {
    it('refuses a limit that is not a whole number from 1 to 1000 with 400 naming limit, and logs nothing', async () => {
      const lines: Record<string, unknown>[] = [];
      const app = listApp(lines);
      for (const limit of ['-1', 'abc', '1e12', '2.5', '0', '1001', '', ' 5', '0x10', '99999999999999999999']) {
        const response = await request(app).get(`/list?limit=${encodeURIComponent(limit)}`);
        expect(response.status, limit).to.equal(400);
        expect(response.body.error, limit).to.deep.equal({
          code: 'invalid_input', message: '?limit= must be a whole number from 1 to 1000.', field: 'limit',
        });
      }
      expect(lines).to.deep.equal([]);
    });

    it('refuses a parameter given twice, an unknown status and an overlong target', async () => {
      const app = listApp([]);
      expect((await request(app).get('/list?limit=1&limit=2').expect(400)).body.error.message).to.equal('?limit= must be given once.');
      expect((await request(app).get('/list?status=gone').expect(400)).body.error.message)
        .to.equal('?status= must be one of: open, redriven, discarded.');
      expect((await request(app).get(`/list?target=${'x'.repeat(21)}`).expect(400)).body.error.field).to.equal('target');
    });
  });

  it('reads absent parameters as undefined and good ones as given', async () => {
    const app = listApp([]);
    expect((await request(app).get('/list').expect(200)).body).to.deep.equal({ limit: null, status: null, target: null });
    expect((await request(app).get('/list?limit=1000&status=open&target=AB12').expect(200)).body)
      .to.deep.equal({ limit: 1000, status: 'open', target: 'AB12' });
  });
});
