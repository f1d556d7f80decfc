import { expect } from 'chai';
import { certificateUrl, cleanCertificateId, lookupErrorMessage, summaryParts } from '../src/portal/api.js';
import { dccErrorMessage } from '../src/portal/dcc.js';

describe('portal helpers', () => {
  it('should clean a typed certificate id and build the holder\'s URLs', () => {
    expect(cleanCertificateId(' 7k3m 9qxp-2rb4 ')).to.equal('7K3M9QXP-2RB4');
    expect(certificateUrl('7K3M-9QXP-2RB4', '1985-04-12', '/qr.png')).to.equal('/certificates/7K3M-9QXP-2RB4/qr.png?dob=1985-04-12');
  });

  it('should say how many minutes to wait when refused for too many tries, at least one', () => {
    expect(lookupErrorMessage({ kind: 'rate_limited', retryAfterSeconds: 61 })).to.deep.equal({ key: 'portal.error.rateLimited', params: { minutes: 2 } });
    expect(lookupErrorMessage({ kind: 'rate_limited', retryAfterSeconds: 5 }).params).to.deep.equal({ minutes: 1 });
    expect(lookupErrorMessage({ kind: 'not_found' })).to.deep.equal({ key: 'portal.error.notFound' });
  });

  it('should summarise a vaccination by vaccine, dose and date, and a test by disease, result and date', () => {
    const base = { certificateId: 'A', status: 'issued', issuedAt: '2026-01-15T10:00:00Z' } as const;
    expect(summaryParts({ ...base, kind: 'vaccination', vaccine: 'COVISHIELD', dose: 2, totalDoses: 2, date: '2021-06-15T09:30:00.000Z' }))
      .to.deep.equal(['COVISHIELD', '2/2', '2021-06-15']);
    expect(summaryParts({ ...base, kind: 'test-result', disease: 'COVID-19', result: 'Negative', sampleCollectionTimestamp: '2021-08-01T08:15:00+05:30' }))
      .to.deep.equal(['COVID-19', 'Negative', '2021-08-01']);
    expect(summaryParts({ ...base, kind: 'test-result' })).to.deep.equal(['2026-01-15']);
  });

  it('should explain a refused EU DCC by its cause, with the server\'s reason when given', () => {
    expect(dccErrorMessage({ kind: 'not_eligible', detail: 'recipient.name: not Latin' }))
      .to.deep.equal({ key: 'portal.dcc.error.notEligible', detail: 'recipient.name: not Latin' });
    expect(dccErrorMessage({ kind: 'not_current', detail: '' })).to.deep.equal({ key: 'portal.dcc.error.notCurrent' });
    expect(dccErrorMessage({ kind: 'network' })).to.deep.equal({ key: 'error.network' });
  });
});
