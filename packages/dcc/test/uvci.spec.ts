import { expect } from 'chai';
import { buildUvci, isValidUvci, uvciCheckCharacter } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';

describe('uvciCheckCharacter()', () => {
  it('should give Z for the eu-dcc-schema FAQ example URN:UVCI:01:NL:187/37512422923', () => {
    expect(uvciCheckCharacter('URN:UVCI:01:NL:187/37512422923')).to.equal('Z');
  });
});

describe('buildUvci()', () => {
  it('should build URN:UVCI:01:<country>:<id>#<check> that validates', () => {
    const uvci = buildUvci({ country: 'LK', id: '7K3M9QXP2RB4' });
    expect(uvci).to.match(/^URN:UVCI:01:LK:7K3M9QXP2RB4#[A-Z0-9/:]$/);
    expect(isValidUvci(uvci)).to.equal(true);
  });

  it('should detect a changed character or a wrong check character', () => {
    expect(isValidUvci('URN:UVCI:01:NL:187/37512422923#Z')).to.equal(true);
    expect(isValidUvci('URN:UVCI:01:NL:187/37512422924#Z')).to.equal(false);
    expect(isValidUvci('URN:UVCI:01:NL:187/37512422923#Y')).to.equal(false);
    expect(isValidUvci('URN:UVCI:01:NL:187/37512422923')).to.equal(false);
  });

  describe('negative', () => {
    it('rejects lower case, hyphens and a bad country', () => {
      expectHealthcredError(() => buildUvci({ country: 'LK', id: '7k3m' }), 'invalid_input', 'uvci');
      expectHealthcredError(() => buildUvci({ country: 'LK', id: '7K3M-9QXP' }), 'invalid_input', 'uvci');
      expectHealthcredError(() => buildUvci({ country: 'LKA', id: '7K3M' }), 'invalid_input', 'country');
    });

    it('rejects a UVCI longer than 80 characters', () => {
      expectHealthcredError(() => buildUvci({ country: 'LK', id: 'A'.repeat(70) }), 'invalid_input', 'uvci');
    });
  });
});
