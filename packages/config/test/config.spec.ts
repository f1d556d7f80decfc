import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';

describe('loadConfig()', () => {
  it('should give one-machine defaults with no variables at all', () => {
    const config = loadConfig({}, '/srv/healthcred');
    expect(config).to.deep.include({
      tier: 'embedded', dataDir: '/srv/healthcred/data', issuerUrl: 'http://localhost:8080',
      issuerDid: 'did:web:localhost%3A8080', createDevKey: true, logLevel: 'info',
    });
    expect(config.issuerKey).to.deep.equal({ file: '/srv/healthcred/data/issuer-key.json' });
    expect(config.topics).to.deep.equal({
      dhis2: 'dhis2.hooks', certify: 'certify', certified: 'certified', ack: 'certify_ack', deadLetter: 'error_certificate',
    });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('should sign on every core but the main thread\'s, at most 4, and overlap 2 batches per consumer group by default', () => {
    expect(loadConfig({}).issuer).to.deep.include({ signingThreads: Math.min(4, availableParallelism() - 1), concurrency: 2 });
    expect(loadConfig({ ISSUER_SIGNING_THREADS: '0', ISSUER_CONCURRENCY: '8' }).issuer)
      .to.deep.include({ signingThreads: 0, concurrency: 8 });
  });

  it('should read a national deployment', () => {
    const config = loadConfig({
      HEALTHCRED_TIER: 'national', ISSUER_URL: 'https://certificates.health.gov.lk/', KAFKA_BROKERS: 'k1:9092, k2:9092',
      MONGODB_URI: 'mongodb://mongo:27017', PORT: '9000', ADMIN_TOKEN: 'a-long-enough-admin-token', ISSUER_MAX_ATTEMPTS: '3',
      ISSUER_COUNTRY: 'LK',
    });
    expect(config.issuerUrl).to.equal('https://certificates.health.gov.lk');
    expect(config.issuerDid).to.equal('did:web:certificates.health.gov.lk');
    expect(config.kafka).to.deep.equal({ brokers: ['k1:9092', 'k2:9092'], clientId: 'healthcred' });
    expect(config.mongo).to.deep.equal({ uri: 'mongodb://mongo:27017', dbName: 'healthcred' });
    expect(config.createDevKey).to.equal(false);
    expect(config.api.port).to.equal(9000);
    expect(config.issuer.maxAttempts).to.equal(3);
  });

  it('should read the API settings: named admin tokens, the issue token, proxies and limits', () => {
    const { api } = loadConfig({
      ADMIN_TOKEN: 'a-long-enough-admin-token', ADMIN_TOKENS: 'amara=amara-token-0123456789, kasun=kasun-token-0123456789',
      ISSUE_TOKEN: 'portal-issue-token-0123', TRUST_PROXY_HOPS: '1', CITIZEN_TRIES_PER_MINUTE: '5',
    });
    expect([...api.adminTokens]).to.deep.equal([
      ['a-long-enough-admin-token', 'admin'], ['amara-token-0123456789', 'amara'], ['kasun-token-0123456789', 'kasun'],
    ]);
    expect(api).to.include({ issueToken: 'portal-issue-token-0123', trustProxyHops: 1, citizenTriesPerMinute: 5,
      verifyRequestsPerMinute: 600, statusListTtlSeconds: 300 });
    expect(loadConfig({}).api.adminTokens.size).to.equal(0);
  });

  it('should parse booleans explicitly ("false" is false)', () => {
    expect(loadConfig({ HEALTHCRED_CREATE_DEV_KEY: 'false' }).createDevKey).to.equal(false);
  });

  describe('trust', () => {
    it('should name the authority after the ISSUER_URL host, country ZZ, and keep the trust list in the data directory', () => {
      const config = loadConfig({ ISSUER_URL: 'https://certificates.health.gov.lk' }, '/srv/healthcred');
      expect(config.authority).to.deep.equal({ name: 'certificates.health.gov.lk', country: 'ZZ' });
      expect(config.trustListFile).to.equal('/srv/healthcred/data/trust-list.json');
    });

    it('should read the authority, its country and the trust list file, and take the country of EU DCC', () => {
      const config = loadConfig({
        ISSUER_AUTHORITY_NAME: 'Ministry of Health, Sri Lanka', ISSUER_COUNTRY: 'LK', HEALTHCRED_TRUST_LIST_FILE: 'etc/trust.json',
      }, '/srv');
      expect(config.authority).to.deep.equal({ name: 'Ministry of Health, Sri Lanka', country: 'LK' });
      expect(config.trustListFile).to.equal('/srv/etc/trust.json');
      const dcc = { DCC_DSC_CERT_FILE: 'dsc.pem', DCC_DSC_KEY_FILE: 'dsc-key.pem', DCC_COUNTRY: 'IN' };
      expect(loadConfig(dcc).authority.country).to.equal('IN');
      expect(loadConfig({ ...dcc, HEALTHCRED_TIER: 'national', KAFKA_BROKERS: 'k:9092', MONGODB_URI: 'mongodb://m' }).authority.country).to.equal('IN');
    });

    describe('negative', () => {
      it('rejects a country that is not an ISO 3166-1 alpha-2 code, one that is not the DCC country, and a long name', () => {
        for (const country of ['lk', 'LKA', 'L1']) {
          expect(() => loadConfig({ ISSUER_COUNTRY: country })).to.throw(/ISSUER_COUNTRY must be an ISO 3166-1 alpha-2 code/);
        }
        expect(() => loadConfig({ ISSUER_COUNTRY: 'LK', DCC_DSC_CERT_FILE: 'c.pem', DCC_DSC_KEY_FILE: 'k.pem', DCC_COUNTRY: 'IN' }))
          .to.throw(/ISSUER_COUNTRY \(LK\) and DCC_COUNTRY \(IN\) must be the same country/);
        expect(() => loadConfig({ ISSUER_AUTHORITY_NAME: 'x'.repeat(201) })).to.throw(/ISSUER_AUTHORITY_NAME must be at most 200/);
      });

      it('requires the country of a national deployment', () => {
        expect(() => loadConfig({ HEALTHCRED_TIER: 'national', KAFKA_BROKERS: 'k:9092', MONGODB_URI: 'mongodb://m' }))
          .to.throw(/ISSUER_COUNTRY is required when HEALTHCRED_TIER=national/);
      });
    });
  });

  describe('EU DCC', () => {
    const dsc = { DCC_DSC_CERT_FILE: 'keys/dsc.pem', DCC_DSC_KEY_FILE: '/etc/healthcred/dsc-key.pem', DCC_COUNTRY: 'LK' };

    it('should be off without DCC variables', () => {
      expect(loadConfig({})).to.not.have.property('dcc');
    });

    it('should read a DSC with defaults: the ISSUER_URL host, the shipped value sets, 365 days', () => {
      const { dcc } = loadConfig({ ...dsc, ISSUER_URL: 'https://certificates.health.gov.lk' }, '/srv/healthcred');
      expect(dcc).to.deep.equal({
        dscCertificateFile: '/srv/healthcred/keys/dsc.pem', dscKeyFile: '/etc/healthcred/dsc-key.pem', country: 'LK',
        issuerName: 'certificates.health.gov.lk', validityDays: 365,
      });
    });

    it('should read every DCC variable', () => {
      const { dcc } = loadConfig({
        ...dsc, DCC_ISSUER_NAME: 'Ministry of Health, Sri Lanka', DCC_VALUE_SETS_FILE: 'lk-eu-dcc.json',
        DCC_TRUST_LIST_FILE: '/etc/healthcred/trust-list.json', DCC_VALIDITY_DAYS: '180',
      }, '/srv');
      expect(dcc).to.include({
        issuerName: 'Ministry of Health, Sri Lanka', valueSetsFile: '/srv/lk-eu-dcc.json',
        trustListFile: '/etc/healthcred/trust-list.json', validityDays: 180,
      });
    });

    describe('negative', () => {
      it('rejects one DSC file without the other', () => {
        expect(() => loadConfig({ DCC_DSC_CERT_FILE: 'dsc.pem', DCC_COUNTRY: 'LK' }))
          .to.throw(/DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE must be set together/);
        expect(() => loadConfig({ DCC_DSC_KEY_FILE: 'dsc-key.pem' })).to.throw(/must be set together/);
      });

      it('rejects a DSC without a valid country, naming DCC_COUNTRY', () => {
        expect(() => loadConfig({ ...dsc, DCC_COUNTRY: '' })).to.throw(/DCC_COUNTRY is required when a DSC is configured/);
        expect(() => loadConfig({ ...dsc, DCC_COUNTRY: 'LKA' })).to.throw(/DCC_COUNTRY must be an ISO 3166-1 alpha-2/);
        expect(() => loadConfig({ ...dsc, DCC_COUNTRY: 'lk' })).to.throw(/DCC_COUNTRY must be/);
      });

      it('rejects a bad validity, a long issuer name, and DCC variables without a DSC', () => {
        expect(() => loadConfig({ ...dsc, DCC_VALIDITY_DAYS: '0' })).to.throw(/DCC_VALIDITY_DAYS must be a whole number from 1 to 3650/);
        expect(() => loadConfig({ ...dsc, DCC_ISSUER_NAME: 'x'.repeat(81) })).to.throw(/DCC_ISSUER_NAME must be at most 80/);
        expect(() => loadConfig({ DCC_COUNTRY: 'LK', DCC_TRUST_LIST_FILE: 't.json' }))
          .to.throw(/DCC_COUNTRY, DCC_TRUST_LIST_FILE need DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE/);
      });
    });
  });

  describe('negative', () => {
    it('rejects every mistake at once, naming each variable', () => {
      try {
        loadConfig({
          HEALTHCRED_TIER: 'national', PORT: 'eighty', ISSUER_URL: 'ftp://x', HEALTHCRED_CREATE_DEV_KEY: 'maybe',
          LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short', ISSUER_CONCURRENCY: '0', TOPIC_CERTIFY: 'certify requests',
        });
        expect.fail('accepted a bad configuration');
      } catch (error) {
        expect(error).to.be.instanceOf(HealthcredError);
        const message = (error as Error).message;
        for (const name of ['PORT', 'ISSUER_URL', 'HEALTHCRED_CREATE_DEV_KEY', 'LOG_LEVEL', 'ADMIN_TOKEN',
          'ISSUER_CONCURRENCY must be a whole number from 1 to 64', 'TOPIC_CERTIFY must be a topic name', 'KAFKA_BROKERS is required', 'MONGODB_URI is required',
          'ISSUER_COUNTRY is required']) {
          expect(message).to.contain(name);
        }
      }
    });

    it('rejects malformed admin token lists and short issue tokens', () => {
      expect(() => loadConfig({ ADMIN_TOKENS: 'amara:token' })).to.throw(/ADMIN_TOKENS must be name=token pairs/);
      expect(() => loadConfig({ ADMIN_TOKENS: 'amara=short' })).to.throw(/ADMIN_TOKENS/);
      expect(() => loadConfig({ ISSUE_TOKEN: 'short' })).to.throw(/ISSUE_TOKEN must be at least 16/);
    });

    it('rejects malformed broker lists and Mongo URIs', () => {
      expect(() => loadConfig({ KAFKA_BROKERS: 'kafka' })).to.throw(/KAFKA_BROKERS must be/);
      expect(() => loadConfig({ MONGODB_URI: 'http://mongo' })).to.throw(/MONGODB_URI must start/);
    });
  });
});
