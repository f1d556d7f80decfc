import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  buildTrustList, createDccTestPki, DCC_EXTENDED_KEY_USAGE, decodeHc1, dscKid, issueDcc, loadDefaultDccValueSets, loadDsc,
  parseTrustList,
} from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { PKI_START, SIGN_TIME, testPki } from './fixtures/pki.js';
import { TEST_UVCI, vaccination } from './fixtures/records.js';
import { hasTool, run } from './fixtures/tools.js';

describe('createDccTestPki()', () => {
  const pki = testPki();
  const csca = new X509Certificate(pki.csca.certificatePem);
  const dsc = new X509Certificate(pki.dsc.certificatePem);

  it('should make a self-signed CA and a DSC it signed, with the EU DCC extended key usages', () => {
    expect(csca.ca).to.equal(true);
    expect(csca.verify(csca.publicKey)).to.equal(true);
    expect(dsc.ca).to.equal(false);
    expect(dsc.checkIssued(csca)).to.equal(true);
    expect(dsc.verify(csca.publicKey)).to.equal(true);
    expect(dsc.keyUsage).to.have.members(Object.values(DCC_EXTENDED_KEY_USAGE));
    expect(dsc.subject).to.contain('C=LK');
    expect(new Date(dsc.validFrom)).to.deep.equal(PKI_START);
    expect(new Date(dsc.validTo).getTime() - PKI_START.getTime()).to.equal(365 * 86_400_000);
    expect(csca.publicKey.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
  });

  it('should give a chain that openssl verifies, with the DCC OIDs and key usages openssl shows', function () {
    if (!hasTool('openssl')) {
      console.log('      (openssl not installed: chain check by openssl skipped)');
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-dcc-'));
    writeFileSync(join(dir, 'csca.pem'), pki.csca.certificatePem);
    writeFileSync(join(dir, 'dsc.pem'), pki.dsc.certificatePem);
    const at = String(SIGN_TIME.getTime() / 1000);
    expect(run('openssl', ['verify', '-attime', at, '-CAfile', join(dir, 'csca.pem'), join(dir, 'dsc.pem')])).to.contain('OK');
    const text = run('openssl', ['x509', '-in', join(dir, 'dsc.pem'), '-noout', '-text']);
    expect(text).to.contain('1.3.6.1.4.1.1847.2021.1.1').and.to.contain('1.3.6.1.4.1.1847.2021.1.2')
      .and.to.contain('1.3.6.1.4.1.1847.2021.1.3').and.to.contain('Digital Signature');
    expect(run('openssl', ['x509', '-in', join(dir, 'csca.pem'), '-noout', '-text'])).to.contain('CA:TRUE')
      .and.to.contain('Certificate Sign');
  });

  it('should make an RSA DSC for PS256', () => {
    const rsa = testPki('PS256');
    expect(new X509Certificate(rsa.dsc.certificatePem).publicKey.asymmetricKeyDetails?.modulusLength).to.equal(2048);
    expect(loadDsc(rsa.dsc).algorithm).to.equal('PS256');
  });
});

describe('loadDsc()', () => {
  const pki = testPki();

  it('should load the DSC, its kid (SHA-256 of the DER, 8 bytes) and its country', () => {
    const signer = loadDsc(pki.dsc);
    expect(signer).to.deep.include({ algorithm: 'ES256', country: 'LK' });
    expect(Buffer.from(signer.kid)).to.deep.equal(Buffer.from(dscKid(new X509Certificate(pki.dsc.certificatePem).raw)));
    expect(signer.kid).to.have.length(8);
  });

  describe('negative', () => {
    it('rejects a private key that is not the certificate\'s, a bad PEM and a CSCA key', () => {
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const error = expectHealthcredError(() => loadDsc({ ...pki.dsc, privateKeyPem: other }), 'key_error');
      expect(error.message).to.contain('does not belong');
      expect(error.message).not.to.contain('BEGIN');
      expectHealthcredError(() => loadDsc({ ...pki.dsc, certificatePem: 'nope' }), 'key_error');
      expectHealthcredError(() => loadDsc({ ...pki.dsc, privateKeyPem: 'nope' }), 'key_error');
      expectHealthcredError(() => loadDsc({ ...pki.dsc, privateKeyPem: pki.csca.privateKeyPem }), 'key_error');
    });

    it('rejects a certificate with a P-384 key', function () {
      if (!hasTool('openssl')) this.skip();
      const dir = mkdtempSync(join(tmpdir(), 'healthcred-dcc-'));
      run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-subj', '/C=LK/CN=p384',
        '-days', '2', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
      const error = expectHealthcredError(() => loadDsc({ certificatePem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
        privateKeyPem: readFileSync(join(dir, 'key.pem'), 'utf8') }), 'key_error');
      expect(error.message).to.contain('P-256');
    });
  });
});

describe('issueDcc() key checks', () => {
  const common = { record: vaccination(), valueSets: loadDefaultDccValueSets(), country: 'LK', issuerName: 'MoH', uvci: TEST_UVCI };

  it('should never give an exp past the DSC\'s notAfter: it cuts it there and says so', () => {
    const signer = loadDsc(testPki().dsc);
    const notAfter = new Date(signer.certificate.validTo);
    const issue = (validityDays: number) => issueDcc({ ...common, signer, now: SIGN_TIME, validityDays });
    expect(issue(400)).to.deep.include({ expiresAt: notAfter, expiryShortened: true });
    expect(decodeHc1(issue(400).hc1).claims.exp).to.equal(notAfter.getTime() / 1000);
    expect(issue(334)).to.deep.include({ expiresAt: notAfter, expiryShortened: false });
    expect(issue(30)).to.deep.include({ expiresAt: new Date(SIGN_TIME.getTime() + 30 * 86_400_000), expiryShortened: false });
  });

  describe('negative', () => {

    it('rejects a DSC whose extended key usage allows only tests', () => {
      const testOnly = createDccTestPki({ country: 'LK', now: PKI_START, certificateTypes: ['test'] });
      const error = expectHealthcredError(() => issueDcc({ ...common, signer: loadDsc(testOnly.dsc), now: SIGN_TIME }), 'key_error');
      expect(error.message).to.contain('vaccination');
    });

    it('rejects signing outside the DSC validity, also at its last instant', () => {
      const signer = loadDsc(testPki().dsc);
      expectHealthcredError(() => issueDcc({ ...common, signer, now: new Date('2025-12-31T00:00:00Z') }), 'key_error');
      expectHealthcredError(() => issueDcc({ ...common, signer, now: new Date(signer.certificate.validTo) }), 'key_error');
    });
  });
});

describe('buildTrustList()', () => {
  const pki = testPki();

  it('should list each DSC with gateway-style fields computed from the certificate', () => {
    const [entry] = buildTrustList([pki.dsc.certificatePem]);
    const der = new X509Certificate(pki.dsc.certificatePem).raw;
    expect(entry).to.deep.equal({
      certificateType: 'DSC', country: 'LK', kid: Buffer.from(dscKid(der)).toString('base64'),
      thumbprint: new X509Certificate(pki.dsc.certificatePem).fingerprint256.replaceAll(':', '').toLowerCase(),
      rawData: der.toString('base64'),
    });
    expect(parseTrustList(JSON.parse(JSON.stringify([entry])))).to.deep.equal([entry]);
  });

  describe('negative', () => {
    it('rejects a bad PEM and a list whose kid does not match its certificate', () => {
      expectHealthcredError(() => buildTrustList(['nope']), 'invalid_input', 'dscs[0]');
      const [entry] = buildTrustList([pki.dsc.certificatePem]);
      expectHealthcredError(() => parseTrustList([{ ...entry, kid: 'AAAAAAAAAAA=' }]), 'invalid_input', 'trustList[0].kid');
      expectHealthcredError(() => parseTrustList({}), 'invalid_input', 'trustList');
    });
  });
});
