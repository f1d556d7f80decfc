import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';

const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/healthcred');
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return (error as Error).message;
  }
  throw new Error('accepted a bad configuration');
}

describe('loadConfig() credential profile', () => {
  describe('negative', () => {
    it('rejects an unknown profile, naming the variable and the choices', () => {
      expect(problemsOf({ HEALTHCRED_CREDENTIAL_PROFILE: 'DIVOC' })).to.include('HEALTHCRED_CREDENTIAL_PROFILE must be one of: healthcred, vc2, divoc');
    });

    it('rejects the DIVOC profile without a namespace', () => {
      expect(problemsOf({ HEALTHCRED_CREDENTIAL_PROFILE: 'divoc' })).to.include('HEALTHCRED_DIVOC_NAMESPACE is required when HEALTHCRED_CREDENTIAL_PROFILE=divoc');
    });

    it('collects every malformed DIVOC variable at once', () => {
      const message = problemsOf({
        HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: 'moh.gov.lk/v1', HEALTHCRED_DIVOC_CONTEXT: 'v3',
        HEALTHCRED_DIVOC_ISSUER: 'Ministry of Health', HEALTHCRED_DIVOC_CERTIFICATE_BASE_URL: 'https://x.example/a b/',
      });
      for (const variable of ['HEALTHCRED_DIVOC_NAMESPACE must be', 'HEALTHCRED_DIVOC_CONTEXT must be one of: vaccination/v1, vaccination/v2',
        'HEALTHCRED_DIVOC_ISSUER must be an http(s) URL or a DID', 'HEALTHCRED_DIVOC_CERTIFICATE_BASE_URL must be']) {
        expect(message).to.include(variable);
      }
    });

    it('rejects a DIVOC issuer that is the issuer DID, whose trust entry it would shadow', () => {
      expect(problemsOf({
        HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE, ISSUER_DID: 'did:web:moh.example.gov.lk',
        HEALTHCRED_DIVOC_ISSUER: 'did:web:moh.example.gov.lk',
      })).to.include('HEALTHCRED_DIVOC_ISSUER must differ from ISSUER_DID');
    });

    it('rejects a test namespace that is the vaccination namespace or maps to another context', () => {
      expect(problemsOf({
        HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE, HEALTHCRED_DIVOC_TEST_NAMESPACE: NAMESPACE,
      })).to.include('HEALTHCRED_DIVOC_TEST_NAMESPACE must differ from HEALTHCRED_DIVOC_NAMESPACE');
      const test = 'https://moh.example.gov.lk/credentials/testCertificate/v1';
      expect(problemsOf({
        HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE, HEALTHCRED_DIVOC_TEST_NAMESPACE: test,
        HEALTHCRED_DIVOC_CONTEXTS: `${test}=vaccination/v1`,
      })).to.include('not test-certificate/v1');
    });

    it('rejects a namespace that HEALTHCRED_DIVOC_CONTEXTS maps to another context', () => {
      expect(problemsOf({
        HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE,
        HEALTHCRED_DIVOC_CONTEXTS: `${NAMESPACE}=vaccination/v2`,
      })).to.include('maps HEALTHCRED_DIVOC_NAMESPACE');
    });
  });

  it('should keep the healthcred profile by default, with no DIVOC settings', () => {
    const config = loadConfig({}, '/srv/healthcred');
    expect(config.credentialProfile).to.equal('healthcred');
    expect(config.divocIssuing).to.equal(undefined);
  });

  it('should read the vc2 profile (VC 2.0, DataIntegrityProof), with no DIVOC settings', () => {
    const config = loadConfig({ HEALTHCRED_CREDENTIAL_PROFILE: 'vc2' }, '/srv/healthcred');
    expect(config.credentialProfile).to.equal('vc2');
    expect(config.divocIssuing).to.equal(undefined);
  });

  it('should read the DIVOC profile with defaults under ISSUER_URL and the data directory', () => {
    const config = loadConfig({
      HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE, ISSUER_URL: 'https://moh.example.gov.lk',
    }, '/srv/healthcred');
    expect(config.credentialProfile).to.equal('divoc');
    expect(config.divocIssuing).to.deep.equal({
      context: 'vaccination/v1', namespaceUrl: NAMESPACE, issuer: 'https://moh.example.gov.lk/',
      certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/', infoBaseUrl: 'https://moh.example.gov.lk/?',
      feedbackBaseUrl: 'https://moh.example.gov.lk/?', keyFile: '/srv/healthcred/data/divoc-key.json',
    });
  });

  it('should take every DIVOC setting a country gives, a DID issuer included', () => {
    const config = loadConfig({
      HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE.replace('v1', 'v2'),
      HEALTHCRED_DIVOC_CONTEXT: 'vaccination/v2', HEALTHCRED_DIVOC_ISSUER: 'did:srilanka:moh',
      HEALTHCRED_DIVOC_CERTIFICATE_BASE_URL: 'https://c.example/v/', HEALTHCRED_DIVOC_INFO_BASE_URL: 'https://c.example/info?id=',
      HEALTHCRED_DIVOC_FEEDBACK_BASE_URL: 'https://c.example/feedback?id=', HEALTHCRED_DIVOC_KEY_FILE: 'keys/divoc.json',
      HEALTHCRED_DIVOC_TEST_NAMESPACE: 'https://moh.example.gov.lk/credentials/testCertificate/v1',
    }, '/srv/healthcred');
    expect(config.divocIssuing).to.deep.include({
      context: 'vaccination/v2', issuer: 'did:srilanka:moh', infoBaseUrl: 'https://c.example/info?id=',
      keyFile: '/srv/healthcred/keys/divoc.json', testNamespaceUrl: 'https://moh.example.gov.lk/credentials/testCertificate/v1',
    });
  });
});
