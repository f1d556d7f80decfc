import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';

/** Random tokens as `openssl rand -base64 24` makes them, one per role. */
const TOKENS = {
  admin: '9cH91OhqgdChs5x0kc_DIGaE-sDFRlYz', amara: 'UlWWe6cdS311FXw3vIoo1C7Qjg--ipcN',
  kasun: '4zsYmQZgBmP3RRAiZBdvLekkuUG1Er4h', issue: 'mbrK33KQqnt3ERw6p9iQicqWKIYbqJb0',
  webhook: 'y_Cqueo5zxsPE87cQtNJFYDCaD6I0-yJ',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return (error as Error).message;
  }
  throw new Error('accepted a bad configuration');
}

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
      MONGODB_URI: 'mongodb://mongo:27017', PORT: '9000', ADMIN_TOKEN: TOKENS.admin, ISSUER_MAX_ATTEMPTS: '3',
      ISSUER_COUNTRY: 'LK',
    });
    expect(config.issuerUrl).to.equal('https://certificates.health.gov.lk');
    expect(config.issuerDid).to.equal('did:web:certificates.health.gov.lk');
    expect(config.kafka).to.deep.equal({ brokers: ['k1:9092', 'k2:9092'], clientId: 'healthcred', sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 60_000 });
    expect(config.mongo).to.deep.equal({ uri: 'mongodb://mongo:27017', dbName: 'healthcred' });
    expect(config.createDevKey).to.equal(false);
    expect(config.api.port).to.equal(9000);
    expect(config.issuer.maxAttempts).to.equal(3);
  });

  it('should read the API settings: named admin tokens, the issue token, proxies and limits', () => {
    const { api } = loadConfig({
      ADMIN_TOKEN: TOKENS.admin, ADMIN_TOKENS: `amara=${TOKENS.amara}, kasun=${TOKENS.kasun}`,
      ISSUE_TOKEN: TOKENS.issue, DHIS2_WEBHOOK_TOKEN: TOKENS.webhook, TRUST_PROXY_ADDRESSES: '10.0.0.0/8, loopback', CITIZEN_TRIES_PER_MINUTE: '5',
    });
    expect([...api.adminTokens]).to.deep.equal([[TOKENS.admin, 'admin'], [TOKENS.amara, 'amara'], [TOKENS.kasun, 'kasun']]);
    expect(api).to.include({ issueToken: TOKENS.issue, dhis2WebhookToken: TOKENS.webhook, citizenTriesPerMinute: 5,
      verifyRequestsPerMinute: 600, statusListTtlSeconds: 300 });
    expect(api.trustedProxies).to.deep.equal(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({}).api.adminTokens.size).to.equal(0);
    expect(loadConfig({}).api.trustedProxies).to.deep.equal([]);
  });

  it('rejects proxy entries that are not addresses or CIDRs, and the old hop count, naming them', () => {
    expect(() => loadConfig({ TRUST_PROXY_ADDRESSES: '10.0.0.1, proxy.local, 10.0.0.0/33' }))
      .to.throw(/TRUST_PROXY_ADDRESSES must list IP addresses or CIDRs .*not: proxy\.local, 10\.0\.0\.0\/33/);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '1' })).to.throw(/TRUST_PROXY_HOPS is no longer read/);
  });

  it('should accept random tokens of the common generators, the shortest each needs', () => {
    for (const token of [
      'q6X0ryb1BWuXfEGk0lqUvYwhu8oGcOM5AbgGJIVTFQ8=', // openssl rand -base64 32
      'Tu8w3K8b2nTq1Xq6oaHf4w', // 16 random bytes, base64url without padding (22 characters)
      '0f3c9a5e7b21d4c86e9f0a1b2c3d4e5f', // openssl rand -hex 16
    ]) {
      expect(loadConfig({ ISSUE_TOKEN: token }).api.issueToken, token).to.equal(token);
    }
  });

  it('should serve the standalone issuer\'s metrics only on a configured port', () => {
    expect(loadConfig({}).issuer).to.not.have.property('metricsPort');
    expect(loadConfig({ ISSUER_METRICS_PORT: '9464' }).issuer.metricsPort).to.equal(9464);
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

  describe('DIVOC namespaces', () => {
    const cowin = 'https://cowin.gov.in/credentials/vaccination/v1';
    const divocDev = 'https://divoc.dev/credentials/vaccination/v1';

    it('should serve no DIVOC namespace by default', () => {
      expect(loadConfig({}).divocNamespaces).to.deep.equal({});
    });

    it('should map each configured namespace URL to its DIVOC context', () => {
      const config = loadConfig({
        HEALTHCRED_DIVOC_CONTEXTS: `${cowin}=vaccination/v1, ${divocDev}=vaccination/v1,https://cowin.gov.in/credentials/testCertificate/v1=test-certificate/v1`,
      });
      expect(config.divocNamespaces).to.deep.equal({
        [cowin]: 'vaccination/v1', [divocDev]: 'vaccination/v1',
        'https://cowin.gov.in/credentials/testCertificate/v1': 'test-certificate/v1',
      });
    });

    describe('negative', () => {
      it('rejects an unknown context name, a pair without a URL, and a URL given twice, naming each entry', () => {
        const message = problemsOf({
          HEALTHCRED_DIVOC_CONTEXTS: `${cowin}=vaccination/v3,vaccination/v1,ftp://x.example=vaccination/v1,${divocDev}=vaccination/v1,${divocDev}=vaccination/v2`,
        });
        expect(message).to.contain('HEALTHCRED_DIVOC_CONTEXTS entry 1');
        expect(message).to.contain('names context "vaccination/v3"');
        expect(message).to.contain('entry 2 ("vaccination/v1") must be <http(s) namespace URL>=<context name>');
        expect(message).to.contain('entry 3 ("ftp://x.example=vaccination/v1") must be');
        expect(message).to.contain(`entry 5 ("${divocDev}=vaccination/v2") names ${divocDev} again`);
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
          ISSUER_METRICS_PORT: 'none',
        });
        expect.fail('accepted a bad configuration');
      } catch (error) {
        expect(error).to.be.instanceOf(HealthcredError);
        const message = (error as Error).message;
        for (const name of ['PORT', 'ISSUER_URL', 'HEALTHCRED_CREATE_DEV_KEY', 'LOG_LEVEL', 'ADMIN_TOKEN',
          'ISSUER_CONCURRENCY must be a whole number from 1 to 64', 'TOPIC_CERTIFY must be a topic name', 'KAFKA_BROKERS is required', 'MONGODB_URI is required',
          'ISSUER_METRICS_PORT must be a whole number from 1 to 65535',
          'ISSUER_COUNTRY is required']) {
          expect(message).to.contain(name);
        }
      }
    });

    it('rejects malformed admin token lists and short issue tokens', () => {
      expect(() => loadConfig({ ADMIN_TOKENS: 'amara:token' })).to.throw(/ADMIN_TOKENS must be name=token pairs/);
      expect(() => loadConfig({ ADMIN_TOKENS: 'amara=short' })).to.throw(/ADMIN_TOKENS \(amara\) must be at least 22 characters/);
      expect(() => loadConfig({ ISSUE_TOKEN: 'short' })).to.throw(/ISSUE_TOKEN must be at least 22 characters/);
    });

    it('rejects low-entropy tokens, naming the variable and never echoing the token', () => {
      const cases: [string, RegExp][] = [
        ['aaaaaaaaaaaaaaaaaaaaaaaa', /ISSUE_TOKEN looks guessable: it holds a run such as aaaaaa or 123456/],
        ['portal-issue-token-0123456789', /ISSUE_TOKEN looks guessable: it holds a run/],
        ['qwertyqwertyqwertyqwerty', /ISSUE_TOKEN looks guessable: it repeats a few characters/],
        ['zQzRzTzUzVzWzXzYzAzBzCzD', /ISSUE_TOKEN looks guessable: one character makes up more than a quarter/],
        ['correcthorsebatterystapl', /ISSUE_TOKEN is too short for its alphabet \(about 112 bits, at least 128 needed/],
        ['31415926535897932384626433', /ISSUE_TOKEN is too short for its alphabet \(about 86 bits/],
        ['9f86d081884c7d659a2feaa0c5', /ISSUE_TOKEN is too short for its alphabet \(about 104 bits/],
      ];
      for (const [token, expected] of cases) {
        const message = problemsOf({ ISSUE_TOKEN: token });
        expect(message, token).to.match(expected);
        expect(message, token).to.not.contain(token);
      }
    });

    it('rejects a token with white space, which no client could send in an Authorization header', () => {
      expect(problemsOf({ DHIS2_WEBHOOK_TOKEN: 'UlWWe6cdS311F Xw3vIoo1C7Qjg--ipcN' }))
        .to.contain('DHIS2_WEBHOOK_TOKEN must not contain white space');
      expect(problemsOf({ ADMIN_TOKENS: `amara=${TOKENS.amara.slice(0, 10)} ${TOKENS.amara.slice(10)}` }))
        .to.contain('ADMIN_TOKENS (amara) must not contain white space');
      expect(problemsOf({ ADMIN_TOKEN: 'UlWWe6cdS311FXw3\u00a0vIoo1C7Qjg' })).to.contain('ADMIN_TOKEN must not contain white space');
    });

    it('rejects one token serving two roles or two admins', () => {
      expect(problemsOf({ ADMIN_TOKEN: TOKENS.admin, ISSUE_TOKEN: TOKENS.admin, DHIS2_WEBHOOK_TOKEN: TOKENS.admin }))
        .to.contain('ADMIN_TOKEN and DHIS2_WEBHOOK_TOKEN and ISSUE_TOKEN must be different tokens: one token serves one role');
      expect(problemsOf({ ADMIN_TOKENS: `amara=${TOKENS.amara},kasun=${TOKENS.amara}` }))
        .to.contain('ADMIN_TOKENS (amara) and ADMIN_TOKENS (kasun) must be different tokens');
      expect(problemsOf({ ADMIN_TOKEN: TOKENS.kasun, ADMIN_TOKENS: `kasun=${TOKENS.kasun}` }))
        .to.contain('ADMIN_TOKEN and ADMIN_TOKENS (kasun) must be different tokens');
    });

    it('names every token problem of one start at once', () => {
      const message = problemsOf({ ADMIN_TOKEN: 'short', ISSUE_TOKEN: 'a a', DHIS2_WEBHOOK_TOKEN: '1111111111111111111111111' });
      for (const expected of ['ADMIN_TOKEN must be at least 22', 'ISSUE_TOKEN must not contain white space', 'DHIS2_WEBHOOK_TOKEN looks guessable']) {
        expect(message).to.contain(expected);
      }
    });

    it('rejects malformed broker lists and Mongo URIs', () => {
      expect(() => loadConfig({ KAFKA_BROKERS: 'kafka' })).to.throw(/KAFKA_BROKERS must be/);
      expect(() => loadConfig({ MONGODB_URI: 'http://mongo' })).to.throw(/MONGODB_URI must start/);
    });

    it('rejects Kafka group timeouts outside what a broker accepts, naming each', () => {
      const message = problemsOf({ KAFKA_BROKERS: 'k:9092', KAFKA_SESSION_TIMEOUT_MS: '1000', KAFKA_REBALANCE_TIMEOUT_MS: 'soon' });
      expect(message).to.contain('KAFKA_SESSION_TIMEOUT_MS must be a whole number from 6000 to 300000')
        .and.to.contain('KAFKA_REBALANCE_TIMEOUT_MS must be a whole number from 1000 to 1800000');
      expect(loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SESSION_TIMEOUT_MS: '10000' }).kafka)
        .to.include({ sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
    });
  });
});
