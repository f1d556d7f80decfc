import { expect } from 'chai';
import { credentialView, issuerName } from '../src/shared/credential-view.js';

describe('credentialView()', () => {
  const vaccination = {
    type: ['VerifiableCredential', 'ProofOfVaccinationCredential'], issuer: 'did:web:moh.example.org%3A8443:vc',
    issuanceDate: '2026-01-15T10:00:00Z',
    credentialSubject: { name: 'සුනිල් පෙරේරා', dob: '1985-04-12', gender: 'Male' },
    evidence: [{
      certificateId: '7K3M-9QXP-2RB4', vaccine: 'COVISHIELD', manufacturer: 'SII', dose: 2, totalDoses: 2,
      date: '2021-06-15T09:30:00.000Z', batch: '4121Z025', facility: { name: 'MOH Office Dehiwala' },
    }],
  };

  it('should list the holder, each vaccination and the issuer, in display order', () => {
    const view = credentialView(vaccination);
    expect(view.title).to.equal('cert.vaccination');
    expect(view.holder.map((row) => row.value)).to.deep.equal(['සුනිල් පෙරේරා', '1985-04-12', 'Male', '7K3M-9QXP-2RB4']);
    expect(view.evidence[0]).to.deep.include({ label: 'cert.dose', value: { key: 'cert.doseOf', params: { dose: '2', total: '2' } } });
    expect(view.evidence[0]).to.deep.include({ label: 'cert.date', value: '2021-06-15' });
    expect(view.issuer).to.deep.equal([
      { label: 'cert.issuer', value: 'moh.example.org:8443/vc' }, { label: 'cert.issuedAt', value: '2026-01-15' },
    ]);
  });

  it('should show a test result with its result and sample date', () => {
    const view = credentialView({
      type: ['VerifiableCredential', 'ProofOfTestCertificateCredential'], credentialSubject: { name: 'A' },
      evidence: [{ disease: 'COVID-19', testType: 'RT-PCR', result: 'Negative', sampleCollectionTimestamp: '2021-08-01T08:15:00+05:30' }],
    });
    expect(view.title).to.equal('cert.testResult');
    expect(view.evidence[0]!.map((row) => row.value)).to.deep.equal(['COVID-19', 'RT-PCR', 'Negative', '2021-08-01']);
  });

  describe('negative', () => {
    it('tolerates anything a QR code may hold, showing only what is there', () => {
      for (const junk of [null, 'text', 42, [], { credentialSubject: 'x', evidence: 'y' }]) {
        expect(credentialView(junk)).to.deep.equal({ title: 'cert.vaccination', holder: [], evidence: [], issuer: [] });
      }
    });

    it('shows a DID that is not did:web as it is', () => {
      expect(issuerName('did:key:z6Mk')).to.equal('did:key:z6Mk');
    });
  });
});
