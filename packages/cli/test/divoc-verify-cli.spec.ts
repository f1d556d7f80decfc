// `healthcred verify` of DIVOC certificates: JSON, QR images read by our decoder and by zbar, the trust list.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { encodeDivocQr, renderQrPng } from '@healthcred/qr';
import {
  DIVOC_ISSUER, DIVOC_NAMESPACE, divocCertificate, divocTestKey, signWithDivoc, type DivocTestKey,
} from '@healthcred/testing';
import {
  COWIN, COWIN_NAMESPACE, divocConformanceDir, DIVOC_DATA_NOTICE,
} from '@healthcred/testing';
import { hasZbarimg, revocationServer, zbarimg } from '@healthcred/testing';
import { divocRevocationAnswer } from '@healthcred/trust';
import { cli } from './fixtures/run.js';

describe('healthcred verify of DIVOC certificates', () => {
  let dir: string;
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-cli-'));
  });

  for (const type of ['RSA', 'ED25519'] as const) {
    describe(`signed by DIVOC's library with ${type}`, () => {
      let key: DivocTestKey;
      let signed: Record<string, any>;
      let trust: string[];

      before(async () => {
        key = divocTestKey(type);
        signed = await signWithDivoc(divocCertificate(), key);
        const keyText = key.trusted.type === 'RsaVerificationKey2018' ? key.trusted.publicKeyPem : key.trusted.publicKeyBase58;
        trust = ['--divoc-issuer', DIVOC_ISSUER, '--divoc-key', `${key.trusted.id}=${file(`${type}.key`, keyText)}`,
          '--divoc-context', `${DIVOC_NAMESPACE}=vaccination/v1`];
      });

      describe('negative', () => {
        it('says INVALID (exit 1) for a changed name and for another key, JSON and QR image', async () => {
          const tampered = { ...signed, credentialSubject: { ...signed.credentialSubject, name: 'Someone Else' } };
          const stranger = divocTestKey(type);
          const strangerKey = file(`${type}-stranger.key`, stranger.trusted.type === 'RsaVerificationKey2018' ? stranger.trusted.publicKeyPem : stranger.trusted.publicKeyBase58);
          const otherTrust = [...trust.slice(0, 2), '--divoc-key', `${key.trusted.id}=${strangerKey}`, ...trust.slice(4)];
          for (const [certificate, args] of [[tampered, trust], [signed, otherTrust]] as const) {
            for (const path of [file(`${type}-bad.json`, JSON.stringify(certificate)), file(`${type}-bad.png`, await renderQrPng(encodeDivocQr(certificate)))]) {
              const run = await cli(['verify', path, ...args, '--offline']);
              expect(run.code, run.stdout).to.equal(1);
              expect(run.stdout).to.contain('INVALID').and.contain('[invalid_signature]');
            }
          }
        });

        it('refuses --divoc-key without --divoc-issuer or --divoc-context (exit 2), and a key file that is no key, naming it', async () => {
          const json = file(`${type}.json`, JSON.stringify(signed));
          for (const args of [trust.slice(2), trust.slice(0, 4)]) {
            const run = await cli(['verify', json, ...args, '--offline']);
            expect(run.code, run.stdout + run.stderr).to.equal(2);
          }
          const notKey = await cli(['verify', json, ...trust.slice(0, 2), '--divoc-key', `did:x=${json}`, ...trust.slice(4), '--offline']);
          expect(notKey.code).to.equal(1);
          expect(notKey.stderr).to.contain('divoc.keys[0].publicKeyBase58: must be a 32-byte Ed25519 public key in base58');
        });
      });

      it('should say NOT CHECKED (exit 3) for the JSON and for a QR image read by our decoder and by zbar', async () => {
        const png = file(`${type}.png`, await renderQrPng(encodeDivocQr(signed)));
        const paths = [file(`${type}.json`, JSON.stringify(signed)), png];
        if (hasZbarimg()) paths.push(file(`${type}.zbar`, zbarimg(png, true)));
        for (const path of paths) {
          const run = await cli(['verify', path, ...trust, '--offline']);
          expect(run.code, run.stdout).to.equal(3);
          expect(run.stdout).to.contain('NOT CHECKED').and.contain('Nimal Perera, aged 36')
            .and.contain('trusted: given on the command line (ZZ), https://divoc.example.lk/')
            .and.contain('no DIVOC revocation service is configured');
        }
      });
    });
  }

  describe('revocation asked of the DIVOC revocation route', () => {
    // healthcred's route answers as divocRevocationAnswer makes it; 'divoc-revoked' is DIVOC's own answer (200, `{}`).
    const route = revocationServer(({ credentialSubject: { refId } }) => (refId === 'divoc-revoked' ? 200
      : divocRevocationAnswer(refId === 'suspended' || refId === 'revoked' ? refId : 'valid')));
    let trust: string[];
    const signed = async (refId: string, key: DivocTestKey) => file(`${refId}.json`, JSON.stringify(
      await signWithDivoc({ ...divocCertificate(), credentialSubject: { ...divocCertificate().credentialSubject as object, refId } }, key)));
    let key: DivocTestKey;

    before(async () => {
      key = divocTestKey('ED25519');
      const url = await route.listen();
      trust = ['--divoc-issuer', DIVOC_ISSUER, '--divoc-key', `${key.trusted.id}=${file('online.key', key.trusted.type === 'Ed25519VerificationKey2018' ? key.trusted.publicKeyBase58 : '')}`,
        '--divoc-context', `${DIVOC_NAMESPACE}=vaccination/v1`, '--divoc-revocation-url', url];
    });
    after(() => new Promise((resolve) => route.server.close(resolve)));

    it('says suspended (exit 1) for a certificate healthcred\'s route answers suspended, revoked for revoked ones', async () => {
      for (const [refId, code, not] of [['suspended', 'suspended', 'revoked'], ['revoked', 'revoked', 'suspended'], ['divoc-revoked', 'revoked', 'suspended']]) {
        const run = await cli(['verify', await signed(refId!, key), ...trust]);
        expect(run.code, `${refId}: ${run.stdout}`).to.equal(1);
        expect(run.stdout, refId).to.contain(`[${code}]`).and.not.contain(`[${not}]`);
      }
    });

    it('should say valid (exit 0) for a certificate the route answers 404 for', async () => {
      const run = await cli(['verify', await signed('valid', key), ...trust]);
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(route.received.at(-1)).to.include({ method: 'POST' });
    });
  });

  it('should verify against a DIVOC issuer added with healthcred trust add, listed as DIVOC keys', async () => {
    const key = divocTestKey('ED25519');
    const env = { HEALTHCRED_DATA_DIR: mkdtempSync(join(dir, 'data-')), ISSUER_URL: 'https://certificates.health.gov.lk' };
    const added = await cli(['trust', 'add', '--did', DIVOC_ISSUER, '--name', 'MoH Sri Lanka (DIVOC)', '--country', 'LK',
      '--divoc-key', `did:srilanka:moh=${file('trusted.key', key.trusted.type === 'Ed25519VerificationKey2018' ? key.trusted.publicKeyBase58 : '')}`,
      '--divoc-context', `${DIVOC_NAMESPACE}=vaccination/v1`, '--reason', 'certificates from DIVOC stay valid'], env);
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.contain('DIVOC keys');
    expect((await cli(['trust', 'list'], env)).stdout).to.contain(DIVOC_ISSUER).and.contain('DIVOC keys');
    const run = await cli(['verify', file('listed.json', JSON.stringify(await signWithDivoc(divocCertificate(), key))), '--offline'], env);
    expect(run.code, run.stdout + run.stderr).to.equal(3);
    expect(run.stdout).to.contain('trusted: MoH Sri Lanka (DIVOC) (LK)');
  });

  describe('DIVOC\'s own certificates and QR images (../shared/conformance/divoc)', function () {
    const data = divocConformanceDir();
    const india = ['--divoc-issuer', COWIN, '--divoc-context', `${COWIN_NAMESPACE}=vaccination/v1`];
    before(function () {
      if (data === undefined) {
        console.log(DIVOC_DATA_NOTICE);
        this.skip();
      }
    });

    it('should verify India\'s production certificate from its PNG, read by zbar and by our decoder, with India\'s key only', async function () {
      const png = join(data!, 'india-prod-cowin.png');
      const paths = [png, ...(hasZbarimg() ? [file('india.zbar', zbarimg(png, true))] : [])];
      for (const path of paths) {
        const ok = await cli(['verify', path, ...india, '--divoc-key', `did:india=${join(data!, 'india-prod.pem')}`, '--offline']);
        expect(ok.code, ok.stdout).to.equal(3);
        expect(ok.stdout).to.contain('Third March User One, aged 65');
        for (const other of ['srilanka-prod.pem', 'philippines-prod.pem']) {
          const refused = await cli(['verify', path, ...india, '--divoc-key', `did:india=${join(data!, other)}`, '--offline']);
          expect(refused.code, `${path} with ${other}`).to.equal(1);
        }
      }
    });

    it('should refuse the tampered certificate and verify the genuine ones with DIVOC\'s default keys', async () => {
      const rsa = [...india, '--divoc-key', `did:india=${join(data!, 'divoc-default-verifier-key.pem')}`, '--offline'];
      expect((await cli(['verify', join(data!, 'tampered-rsa-cowin.json'), ...rsa])).code).to.equal(1);
      expect((await cli(['verify', join(data!, 'divoc-rsa-cowin.png'), ...rsa])).code).to.equal(3);
      const ed25519 = ['--divoc-issuer', 'https://divoc.dev/', '--divoc-context', 'https://divoc.dev/credentials/vaccination/v1=vaccination/v1',
        '--divoc-key', `did:india=${join(data!, 'divoc-default-verifier-key-ed25519.txt')}`, '--offline'];
      expect((await cli(['verify', join(data!, 'divoc-ed25519-divocdev.png'), ...ed25519])).code).to.equal(3);
    });
  });
});
