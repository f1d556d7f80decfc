import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { buildDivocVaccinationCredential, issueDivocCredential } from '@healthcred/credentials';
import { importDivocKey, writeDivocKeyFile } from '@healthcred/issuer-identity';
import { createLogger, loadConfiguredTrustList, loadIssuer } from '@healthcred/runtime';
import { countryKey, divocAppVerify } from '@healthcred/testing';
import { mockVaccinationRecord } from '@healthcred/testing';

const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';
const logger = createLogger({ name: 'test', level: 'silent' });

function settings(dir: string, env: Record<string, string> = {}) {
  return loadConfig({
    HEALTHCRED_DATA_DIR: dir, HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE, ...env,
  });
}

describe('loadIssuer() with the DIVOC credential profile', () => {
  describe('negative', () => {
    it('refuses to start without the DIVOC key file, saying how to import it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-runtime-'));
      expect(() => loadIssuer(settings(dir), logger)).to.throw(/divoc-key\.json.*healthcred keys import-divoc/s);
    });
  });

  it('should keep the healthcred profile without DIVOC signing by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-runtime-'));
    expect(loadIssuer(loadConfig({ HEALTHCRED_DATA_DIR: dir }), logger).divoc).to.equal(undefined);
  });

  it('should sign with the imported key under the configured profile, tightening a loose key file to 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-runtime-'));
    const { material, app } = countryKey('ED25519', 'did:srilanka:moh');
    const file = join(dir, 'divoc-key.json');
    writeDivocKeyFile(file, importDivocKey(material, 'test'));
    chmodSync(file, 0o644);
    const issuer = loadIssuer(settings(dir, { ISSUER_URL: 'https://moh.example.gov.lk' }), logger);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(issuer.divoc?.profile).to.include({ namespaceUrl: NAMESPACE, issuer: 'https://moh.example.gov.lk/' });
    const credential = buildDivocVaccinationCredential(mockVaccinationRecord(), {
      profile: issuer.divoc!.profile, certificateId: '7K3M-9QXP-2RB4', issuedAt: new Date().toISOString(),
    });
    const signed = await issueDivocCredential({ credential, issuer: issuer.divoc! });
    expect((await divocAppVerify({ ...app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2` }, JSON.stringify(signed))).verified).to.equal(true);
  });

  it('should put its own DIVOC entry (public key only) on the configured trust list of healthcred verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-runtime-'));
    const { material, app } = countryKey('RSA', 'did:srilanka:moh');
    writeDivocKeyFile(join(dir, 'divoc-key.json'), importDivocKey(material, 'test'));
    const { trustedIssuers } = await loadConfiguredTrustList(settings(dir, { ISSUER_URL: 'https://moh.example.gov.lk' }));
    const entry = trustedIssuers.find((issuer) => issuer.divoc !== undefined)!;
    expect(entry).to.deep.include({ did: 'https://moh.example.gov.lk/' });
    expect(entry.divoc!.keys).to.deep.equal([{ id: 'did:srilanka:moh', type: 'RsaVerificationKey2018', publicKeyPem: app.publicKeyPem }]);
    expect(entry.divoc!.revocationUrl).to.equal('https://moh.example.gov.lk/divoc/api/v1/certificate/revoked');
    expect(JSON.stringify(trustedIssuers)).to.not.include('PRIVATE');
  });
});
