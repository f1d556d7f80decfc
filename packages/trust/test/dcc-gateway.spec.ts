import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { parseTrustList } from '@healthcred/dcc';
import { fromDccGatewayRecords, toDccGatewayRecords } from '@healthcred/trust';
import { refusal, testDsc } from '@healthcred/testing';

describe('toDccGatewayRecords() and fromDccGatewayRecords()', () => {
  describe('negative', () => {
    it('rejects a record whose kid, thumbprint or country is not its certificate\'s', () => {
      const { dsc } = testDsc('LK');
      const { dsc: other } = testDsc('IN');
      const [record] = toDccGatewayRecords([dsc]);
      expect(refusal(() => fromDccGatewayRecords([{ ...record, kid: other.kid }])).field).to.equal('records[0].kid');
      expect(refusal(() => fromDccGatewayRecords([{ ...record, thumbprint: other.thumbprint }])).field).to.equal('records[0].thumbprint');
      const country = refusal(() => fromDccGatewayRecords([{ ...record, country: 'IN' }]));
      expect(country.field).to.equal('records[0].country');
      expect(country.message).to.contain('(LK)');
    });

    it('rejects rawData that is not a certificate, and records missing a field', () => {
      const [record] = toDccGatewayRecords([testDsc().dsc]);
      expect(refusal(() => fromDccGatewayRecords([{ ...record, rawData: 'bm90IGEgY2VydA==' }], 'gateway.json')).field).to.equal('gateway.json[0].rawData');
      const { certificateType: _type, ...untyped } = record!;
      expect(refusal(() => fromDccGatewayRecords([untyped])).field).to.equal('records[0].certificateType');
      expect(refusal(() => fromDccGatewayRecords({ trustList: [] })).field).to.equal('records.certificates');
    });
  });

  it('should write the gateway record of a DSC, stable while the certificate is, without a signature it cannot make', () => {
    const { dsc } = testDsc('LK', 'PS256');
    const records = toDccGatewayRecords([dsc]);
    expect(records).to.deep.equal([{
      kid: dsc.kid, country: 'LK', certificateType: 'DSC', thumbprint: dsc.thumbprint, rawData: dsc.rawData,
      timestamp: new Date(new X509Certificate(Buffer.from(dsc.rawData, 'base64')).validFrom).toISOString(),
    }]);
    expect(toDccGatewayRecords([dsc])).to.deep.equal(records);
  });

  it('should read gateway records back into the DSC shape parseTrustList gives, skipping CSCAs and repeats', () => {
    const { dsc, cscaBase64 } = testDsc('LK');
    const [record] = toDccGatewayRecords([dsc]);
    const csca = { ...record, kid: 'csca-kid', certificateType: 'CSCA', rawData: cscaBase64, signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx' };
    const imported = fromDccGatewayRecords({ certificates: [{ ...record, signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx' }, csca, record] });
    expect(imported.dscs).to.deep.equal(parseTrustList([dsc]));
    expect(imported.skipped).to.deep.equal([
      { kid: 'csca-kid', reason: 'a CSCA certificate, not a document signer' },
      { kid: dsc.kid, reason: 'the same DSC again' },
    ]);
  });
});
