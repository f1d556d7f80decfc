import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildDivocVaccinationCredential, createDivocIssuer, issueDivocCredential } from '@healthcred/credentials';
import { importDivocKey } from '@healthcred/issuer-identity';
import { countryKey, divocAppScan, divocAppVerify } from '@healthcred/testing';
import { mockVaccinationRecord } from '@healthcred/testing';
import { hasZbarimg, zbarimg } from '@healthcred/testing';
import { cli } from './fixtures/run.js';

const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';

describe('healthcred qr with a DIVOC profile certificate', () => {
  it('should write DIVOC\'s own layout by default, which zbar reads and DIVOC\'s app verifies; --layout raw still wins', async function () {
    const key = countryKey('RSA', 'did:srilanka:moh');
    const profile = {
      context: 'vaccination/v1' as const, namespaceUrl: NAMESPACE, issuer: 'https://moh.example.gov.lk/',
      certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/', infoBaseUrl: 'https://moh.example.gov.lk/?', feedbackBaseUrl: 'https://moh.example.gov.lk/?',
    };
    const issuer = createDivocIssuer({ profile, key: importDivocKey(key.material, 'test') });
    const credential = buildDivocVaccinationCredential(mockVaccinationRecord(), { profile, certificateId: '7K3M-9QXP-2RB4', issuedAt: new Date().toISOString() });
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-qr-cli-'));
    writeFileSync(join(dir, 'vc.json'), JSON.stringify(await issueDivocCredential({ credential, issuer })));
    const run = await cli(['qr', join(dir, 'vc.json'), '--out', join(dir, 'qr.png')]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('(divoc, divoc-utf8)');
    expect((await cli(['qr', join(dir, 'vc.json'), '--out', join(dir, 'raw.png'), '--layout', 'raw'])).stdout).to.include('(divoc, raw)');
    if (!hasZbarimg()) this.skip();
    const text = await divocAppScan(zbarimg(join(dir, 'qr.png'), true));
    expect((await divocAppVerify({ ...key.app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2` }, text)).verified).to.equal(true);
  });
});
