import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildTestResultCredential, buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, type Issuer } from '@healthcred/credentials';
import { parseHealthRecord } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { renderCertificatePdf, splitTextRuns, loadFontFaces } from '@healthcred/pdf';
import { decodeQrPayload, encodeDivocQr } from '@healthcred/qr';
import type { SignedHealthCredential } from '@healthcred/types';

const tools = ['pdftotext', 'pdftoppm', 'zbarimg'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
if (!tools) console.log('NOTICE: poppler-utils or zbar-tools missing: PDF text and QR scan tests skipped.');

async function issue(issuer: Issuer, kind: 'vaccination' | 'test-result', name: string): Promise<SignedHealthCredential> {
  const path = new URL(`../../../examples/${kind}-record.json`, import.meta.url);
  const health = parseHealthRecord(JSON.parse(readFileSync(path, 'utf8')));
  health.record.recipient.name = name;
  const options = { issuer, certificateId: generateCertificateId(), issuedAt: '2026-01-15T10:00:00Z' };
  const credential = health.kind === 'vaccination'
    ? buildVaccinationCredential(health.record, options) : buildTestResultCredential(health.record, options);
  return issueCredential({ credential, issuer });
}

function run(tool: string, ...args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  return result.stdout;
}

describe('renderCertificatePdf()', () => {
  let issuer: Issuer;
  let dir: string;
  before(() => {
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:certificates.health.gov.lk' }), url: 'https://certificates.health.gov.lk' });
    dir = mkdtempSync(join(tmpdir(), 'healthcred-pdf-'));
  });

  const names = { lao: 'ສົມພອນ ວົງສະຫວັນ', vietnamese: 'Nguyễn Thị Hương', latin: 'José Ñúñez-Øberg', tamil: 'சுப்பிரமணியம்' };
  for (const [script, name] of Object.entries(names)) {
    it(`should print a one-page A4 with the fields, the ${script} name as text, and a QR that scans`, async function () {
      if (!tools) this.skip();
      const credential = await issue(issuer, script === 'vietnamese' ? 'test-result' : 'vaccination', name);
      const file = join(dir, `${script}.pdf`);
      writeFileSync(file, await renderCertificatePdf({ credential, issuerName: 'Ministry of Health' }));
      expect(run('pdfinfo', file)).to.match(/Pages:\s+1\n/).and.match(/Page size:\s+595\.28 x 841\.89/);
      const text = run('pdftotext', file, '-');
      expect(text.normalize('NFC')).to.contain(name);
      expect(text).to.contain(credential.evidence[0].certificateId).and.contain('Ministry of Health')
        .and.contain('2026-01-15').and.contain(credential.credentialSubject.dob);
      run('pdftoppm', '-png', '-r', '150', '-singlefile', file, join(dir, script));
      const scanned = run('zbarimg', '--raw', '-q', join(dir, `${script}.png`)).trim();
      expect(decodeQrPayload(scanned).credential.proof.proofValue).to.equal(credential.proof.proofValue);
    });
  }

  it('should keep Sinhala and Tamil clusters in one font run each', () => {
    const { faces } = loadFontFaces();
    expect(splitTextRuns('ශ්‍රී Perera கணேசன்', faces)).to.deep.equal([
      { face: 'sinhala', text: 'ශ්‍රී' }, { face: 'latin', text: ' Perera ' }, { face: 'tamil', text: 'கணேசன்' },
    ]);
  });

  it('should be deterministic, and print the test result with a DIVOC QR when asked', async function () {
    const credential = await issue(issuer, 'test-result', 'සුනිල් පෙරේරා');
    const first = await renderCertificatePdf({ credential, qrPayload: encodeDivocQr(credential) });
    expect(Buffer.compare(first, await renderCertificatePdf({ credential, qrPayload: encodeDivocQr(credential) }))).to.equal(0);
    if (!tools) this.skip();
    const file = join(dir, 'test.pdf');
    writeFileSync(file, first);
    expect(run('pdftotext', file, '-')).to.contain('Certificate of Test Result').and.contain('Negative');
  });

  it('should take fonts loaded once (unwrapped from WOFF to TrueType) and give the same bytes as fonts loaded per call', async () => {
    const fonts = loadFontFaces();
    for (const face of [...fonts.faces, fonts.bold]) expect(face.file.readUInt32BE(0)).to.equal(0x00010000);
    const credential = await issue(issuer, 'vaccination', 'ශ්‍රී Perera கணேசன்');
    // Another document first: what the shared fonts keep from it must not change the next one.
    await renderCertificatePdf({ credential: await issue(issuer, 'test-result', 'ສົມພອນ Nguyễn'), fonts });
    expect(Buffer.compare(await renderCertificatePdf({ credential, fonts }), await renderCertificatePdf({ credential }))).to.equal(0);
  });

  describe('negative', () => {
    it('rejects a credential without evidence', async () => {
      const credential = { ...(await issue(issuer, 'vaccination', 'A')), evidence: [] } as unknown as SignedHealthCredential;
      let error: unknown;
      await renderCertificatePdf({ credential }).catch((caught) => { error = caught; });
      expect(error).to.have.property('code', 'invalid_input');
    });
  });
});
