// The trust issue's attacks through `healthcred verify`, with JSON and QR input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { parseVaccinationRecord } from '@healthcred/records';
import { generateIssuerKeySet, readIssuerKeyFile } from '@healthcred/issuer-identity';
import { encodeDivocQr } from '@healthcred/qr';
import { didKeyIssuer } from '@healthcred/testing';

const examples = new URL('../../../examples/', import.meta.url).pathname;
const ISSUER_URL = 'https://certificates.health.gov.lk';

async function cli(...args: string[]) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } });
  return run;
}

describe('healthcred verify against what it trusts', () => {
  let dir: string;
  let did: string;
  let genuine: Record<string, any>;
  let n = 0;

  /** Writes the credential as JSON text and as a DIVOC QR payload file; returns both paths. */
  function inputs(credentialJson: string): [string, string] {
    n += 1;
    const json = join(dir, `c${n}.json`);
    const qr = join(dir, `c${n}.qr`);
    writeFileSync(json, credentialJson);
    writeFileSync(qr, encodeDivocQr(JSON.parse(credentialJson)));
    return [json, qr];
  }

  async function sign(signer: ReturnType<typeof createIssuer>) {
    const record = parseVaccinationRecord((await import(join(examples, 'vaccination-record.json'), { with: { type: 'json' } })).default);
    const credential = buildVaccinationCredential(record, { issuer: signer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString() });
    return JSON.stringify(await issueCredential({ credential, issuer: signer }));
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-verify-trust-'));
    const key = join(dir, 'key.json');
    expect((await cli('keys', 'generate', '--out', key, '--did', 'did:web:certificates.health.gov.lk')).code).to.equal(0);
    did = join(dir, 'did.json');
    writeFileSync(did, (await cli('did', '--key', key)).stdout);
    genuine = JSON.parse(await sign(createIssuer({ keys: readIssuerKeyFile(key), url: ISSUER_URL })));
  });

  describe('negative', () => {
    it('rejects a credential a fresh did:key signed naming itself issuer, JSON and QR, naming the issuer', async () => {
      const forger = didKeyIssuer(ISSUER_URL);
      const didKey = forger.did;
      for (const path of inputs(await sign(forger))) {
        const run = await cli('verify', path, '--did-document', did);
        expect(run.code, path).to.equal(1);
        expect(run.stdout).to.match(/^(Read from a QR payload \(divoc\)\.\n)?INVALID/).and.contain('[untrusted_issuer]').and.contain(`${didKey} (NOT trusted)`);
      }
    });

    it('rejects a credential of a did:web issuer it was not given', async () => {
      const foreign = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:evil.example' }), url: 'https://evil.example' });
      for (const path of inputs(await sign(foreign))) {
        const run = await cli('verify', path, '--did-document', did, '--json');
        expect(run.code).to.equal(1);
        expect(JSON.parse(run.stdout).errors[0]).to.include({ check: 'issuer', code: 'untrusted_issuer' });
      }
    });

    it('rejects a genuine credential whose holder was hidden behind an inline context alias', async () => {
      const stripped = structuredClone(genuine);
      stripped['@context'].push({ nm: 'http://schema.org/name', bd: 'http://schema.org/birthDate' });
      const { name, dob } = stripped.credentialSubject;
      delete stripped.credentialSubject.name;
      delete stripped.credentialSubject.dob;
      Object.assign(stripped.credentialSubject, { nm: name, bd: dob });
      for (const path of inputs(JSON.stringify(stripped))) {
        const run = await cli('verify', path, '--did-document', did);
        expect(run.code, path).to.equal(1);
        expect(run.stdout).to.contain('[unknown_context]').and.not.match(/^VALID/m);
      }
    });

    it('rejects JSON that names a member twice, or a __proto__ member, in a file and in a QR', async () => {
      for (const [inserted, code] of [['"name":"Someone Else",', 'duplicate_member'], ['"__proto__":{"name":"x"},', 'forbidden_member']]) {
        const text = JSON.stringify(genuine).replace('"dob":', `${inserted}"dob":`);
        const json = join(dir, `unsafe-${code}.json`);
        writeFileSync(json, text);
        const qrText = join(dir, `unsafe-${code}.txt`);
        writeFileSync(qrText, text);
        for (const path of [json, qrText]) {
          const run = await cli('verify', path, '--did-document', did);
          expect(run.code, `${code} ${path}`).to.equal(1);
          expect(run.stdout).to.contain(`structure:`).and.contain(`[${code}]`);
        }
      }
    });

    it('rejects a signature by a key its issuer revoked, though the key is still published', async () => {
      const document = JSON.parse((await cli('did', '--key', join(dir, 'key.json'))).stdout);
      document.verificationMethod[0].revoked = '2026-01-01T00:00:00Z';
      document.assertionMethod = [];
      const revoked = join(dir, 'did-revoked.json');
      writeFileSync(revoked, JSON.stringify(document));
      for (const path of inputs(JSON.stringify(genuine))) {
        const run = await cli('verify', path, '--did-document', revoked);
        expect(run.code, path).to.equal(1);
        expect(run.stdout).to.contain('[revoked_key]');
      }
    });
  });

  it('should say VALID for the genuine credential, naming whom it trusted', async () => {
    for (const path of inputs(JSON.stringify(genuine))) {
      const run = await cli('verify', path, '--did-document', did);
      expect(run.stdout).to.contain('VALID').and.contain('trusted: given on the command line (ZZ), did:web:certificates.health.gov.lk');
    }
  });
});
