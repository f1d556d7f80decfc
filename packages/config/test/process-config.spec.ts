import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';

describe('loadConfig() API_PROCESSES', () => {
  describe('negative', () => {
    it('rejects a count that is not a whole number from 1 to 64, naming the variable', () => {
      for (const value of ['0', '65', '-1', '2.5', 'all', 'two']) {
        expect(() => loadConfig({ API_PROCESSES: value }), value).to.throw('API_PROCESSES must be a whole number from 1 to 64');
      }
    });
  });

  it('runs the API in one process unless told otherwise', () => {
    expect(loadConfig({}).api.processes).to.equal(1);
    expect(loadConfig({ API_PROCESSES: ' ' }).api.processes).to.equal(1);
  });

  it('reads a count, and auto as one process per core', () => {
    expect(loadConfig({ API_PROCESSES: '3' }).api.processes).to.equal(3);
    expect(loadConfig({ API_PROCESSES: 'auto' }).api.processes).to.equal(Math.min(64, availableParallelism()));
    expect(loadConfig({ API_PROCESSES: 'AUTO' }).api.processes).to.equal(Math.min(64, availableParallelism()));
  });
});
