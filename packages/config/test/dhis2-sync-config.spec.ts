import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';

const TOKEN = 'd2pat_abcdefghijklmnopqrstuvwxyz0123456789';

describe('loadConfig() DHIS2 pull', () => {
  describe('negative', () => {
    it('rejects a URL without credentials, credentials without a URL, and both kinds at once', () => {
      expect(() => loadConfig({ DHIS2_URL: 'https://dhis2.example.org' })).to.throw(/DHIS2_URL needs DHIS2_TOKEN/);
      expect(() => loadConfig({ DHIS2_TOKEN: TOKEN })).to.throw(/DHIS2_TOKEN \/ DHIS2_USERNAME are set but DHIS2_URL is not/);
      expect(() => loadConfig({ DHIS2_URL: 'https://dhis2.example.org', DHIS2_TOKEN: TOKEN, DHIS2_USERNAME: 'admin',
        DHIS2_PASSWORD: 'district' })).to.throw(/not both/);
    });

    it('rejects every bad value at once, naming each variable', () => {
      expect(() => loadConfig({
        DHIS2_URL: 'ftp://dhis2', DHIS2_USERNAME: 'admin', DHIS2_PROGRAM: 'covac', DHIS2_SYNC_PAGE_SIZE: '5000',
        DHIS2_TIMEOUT_MS: '1',
      })).to.throw(new RegExp(['DHIS2_URL must be an http\\(s\\) base URL', 'DHIS2_PASSWORD is required with DHIS2_USERNAME',
        'DHIS2_PROGRAM must be a DHIS2 UID', 'DHIS2_SYNC_PAGE_SIZE must be a whole number from 1 to 1000',
        'DHIS2_TIMEOUT_MS must be a whole number from 100 to 600000'].join('.*')));
    });
  });

  it('should be off without DHIS2_URL', () => {
    expect(loadConfig({}).dhis2Sync).to.equal(undefined);
  });

  it('should read a token with the defaults, or basic auth with every setting', () => {
    expect(loadConfig({ DHIS2_URL: 'https://dhis2.example.org/dhis/', DHIS2_TOKEN: TOKEN }).dhis2Sync).to.deep.equal({
      url: 'https://dhis2.example.org/dhis', auth: { token: TOKEN }, intervalSeconds: 300, pageSize: 200,
      overlapSeconds: 300, timeoutMs: 30_000, maxAttempts: 5,
    });
    expect(loadConfig({ DHIS2_URL: 'http://127.0.0.1:8080', DHIS2_USERNAME: 'admin', DHIS2_PASSWORD: 'district',
      DHIS2_PROGRAM: 'yDuAzyqYABS', DHIS2_SYNC_INTERVAL_SECONDS: '60', DHIS2_SYNC_PAGE_SIZE: '50',
      DHIS2_SYNC_OVERLAP_SECONDS: '0', DHIS2_TIMEOUT_MS: '2000', DHIS2_MAX_ATTEMPTS: '2' }).dhis2Sync).to.deep.equal({
      url: 'http://127.0.0.1:8080', auth: { username: 'admin', password: 'district' }, program: 'yDuAzyqYABS',
      intervalSeconds: 60, pageSize: 50, overlapSeconds: 0, timeoutMs: 2000, maxAttempts: 2,
    });
  });
});
