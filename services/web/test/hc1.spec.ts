import { expect } from 'chai';
import { dccView, hc1Of, hc1Verdict } from '../src/verify/hc1.js';

describe('EU DCC on the verifier page', () => {
  it('should recognise HC1 text and bytes, and nothing else', () => {
    expect(hc1Of(' HC1:6BF+70790T9WJWG.FKY*4GO0 \n')).to.equal('HC1:6BF+70790T9WJWG.FKY*4GO0');
    expect(hc1Of(new TextEncoder().encode('HC1:NCF'))).to.equal('HC1:NCF');
    expect(hc1Of('{"credentialSubject":{}}')).to.equal(undefined);
    expect(hc1Of(Uint8Array.from([0x50, 0x4b, 3, 4]))).to.equal(undefined);
  });

  it('should give the verdict of an HC1 report, naming the failed check', () => {
    expect(hc1Verdict({ verified: true, errors: [] })).to.deep.equal({ state: 'valid', reasons: [] });
    const failed = (code: string) => hc1Verdict({ verified: false, errors: [{ check: 'x', code, message: '' }] });
    expect(failed('bad_signature')).to.deep.equal({ state: 'invalid', reasons: ['reason.invalid_signature'] });
    expect(failed('unknown_kid').reasons).to.deep.equal(['reason.unknown_key']);
    expect(failed('expired').reasons).to.deep.equal(['reason.expired']);
    expect(failed('key_type_mismatch').reasons).to.deep.equal(['reason.invalid_signature']);
    expect(failed('outside_dsc_validity').reasons).to.deep.equal(['reason.key_not_authorized']);
    expect(failed('malformed').reasons).to.deep.equal(['reason.malformed_credential']);
  });

  it('should show the holder as given then family name, and the vaccination\'s dose, date, country and issuer', () => {
    const view = dccView({
      nam: { fn: 'Perera', gn: 'Nimal', fnt: 'PERERA', gnt: 'NIMAL' }, dob: '1985-04-12',
      v: [{ tg: '840539006', mp: 'EU/1/20/1528', dn: 2, sd: 2, dt: '2021-06-15', co: 'LK', is: 'Ministry of Health', ci: 'URN:UVCI:01:LK:X#Y' }],
    });
    expect(view.title).to.equal('cert.vaccination');
    expect(view.holder).to.deep.equal([{ label: 'cert.name', value: 'Nimal Perera' }, { label: 'cert.dob', value: '1985-04-12' }]);
    expect(view.evidence[0]).to.deep.include({ label: 'cert.dose', value: { key: 'cert.doseOf', params: { dose: '2', total: '2' } } });
    expect(view.evidence[0]!.map((row) => row.label)).to.include.members(['cert.date', 'cert.country', 'cert.issuer']);
    expect(dccView({ nam: { fn: 'Perera' }, t: [{ nm: 'TaqPath', sc: '2021-08-01T08:15:00Z' }] }).title).to.equal('cert.testResult');
  });
});
