import { expect } from 'chai';
import { loadConfig, OPTIONAL_CREDENTIAL_FIELDS } from '@healthcred/config';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted a bad configuration');
}

describe('loadConfig() privacy settings', () => {
  it('should issue minimal credentials and keep dead letters 30 days by default', () => {
    const config = loadConfig({});
    expect(config.credentialFields).to.deep.equal([]);
    expect(config.retention).to.deep.equal({ deadLetterDays: 30, attemptDays: 1, sweepMinutes: 60 });
  });

  it('should read the optional fields a deployment asks for, and none', () => {
    expect(loadConfig({ CREDENTIAL_OPTIONAL_FIELDS: ' gender, refId ,gender' }).credentialFields).to.deep.equal(['gender', 'refId']);
    expect(loadConfig({ CREDENTIAL_OPTIONAL_FIELDS: OPTIONAL_CREDENTIAL_FIELDS.join(',') }).credentialFields)
      .to.deep.equal(OPTIONAL_CREDENTIAL_FIELDS);
    expect(loadConfig({ CREDENTIAL_OPTIONAL_FIELDS: 'none' }).credentialFields).to.deep.equal([]);
  });

  it('should read the retention periods', () => {
    expect(loadConfig({ DEAD_LETTER_RETENTION_DAYS: '7', ATTEMPT_RETENTION_DAYS: '0', RETENTION_SWEEP_MINUTES: '5' }).retention)
      .to.deep.equal({ deadLetterDays: 7, attemptDays: 0, sweepMinutes: 5 });
  });

  describe('negative', () => {
    it('rejects unknown optional fields, naming them and the variable', () => {
      expect(problems({ CREDENTIAL_OPTIONAL_FIELDS: 'gender,email,nationalId' }))
        .to.contain('CREDENTIAL_OPTIONAL_FIELDS names unknown fields (email, nationalId)');
    });

    it('rejects a retention of no days or a sweep of none, naming each variable', () => {
      const message = problems({ DEAD_LETTER_RETENTION_DAYS: '0', RETENTION_SWEEP_MINUTES: 'often' });
      expect(message).to.contain('DEAD_LETTER_RETENTION_DAYS must be a whole number from 1 to 3650');
      expect(message).to.contain('RETENTION_SWEEP_MINUTES must be a whole number');
    });
  });
});
