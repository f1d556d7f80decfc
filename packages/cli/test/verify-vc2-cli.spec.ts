// `healthcred verify` on VC 2.0 credentials (HEALTHCRED_CREDENTIAL_PROFILE=vc2): DataIntegrityProof / eddsa-rdfc-2022,
// status read from the VC 2.0 lists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import {
  buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, toVc2Credential, type Issuer,
} from '@healthcred/credentials';
import { parseVaccinationRecord } from '@healthcred/records';
import { didWebFromUrl, generateIssuerKeySet, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import { buildVc2StatusListCredential, encodeStatusList, vc2StatusEntryForPosition } from '@healthcred/status-list';

const examples = new URL('../../../examples/', import.meta.url).pathname;
const POSITION = 9;

async function cli(...args: string[]) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } });
  return run;
}

describe('healthcred verify: VC 2.0 credentials', function () {
  this.timeout(20_000);
  let dir: string;
  let server: Server;
  let issuer: Issuer;
  let key: string;
  let path: string;
  const published = new Map<string, string>();

  async function publish(revoked: number[]): Promise<void> {
    for (const kind of ['revocation', 'suspension'] as const) {
      const credential = buildVc2StatusListCredential({
        issuer, kind, list: 1, encodedList: encodeStatusList(kind === 'revocation' ? revoked : []),
        issuedAt: new Date().toISOString().slice(0, 19) + 'Z', ttlMs: 300_000,
      });
      published.set(new URL(credential.id).pathname, JSON.stringify(await issueCredential({ credential, issuer })));
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-verify-vc2-'));
    server = createServer((request, response) => {
      const body = published.get(request.url ?? '');
      response.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' }).end(body ?? '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const keys = generateIssuerKeySet({ did: didWebFromUrl(url) });
    key = join(dir, 'key.json');
    writeIssuerKeyFile(key, keys);
    issuer = createIssuer({ keys, url, dataModel: 'vc2' });
    const record = parseVaccinationRecord(JSON.parse(readFileSync(join(examples, 'vaccination-record.json'), 'utf8')));
    const credential = toVc2Credential(buildVaccinationCredential(record, {
      issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
      credentialStatus: vc2StatusEntryForPosition(POSITION, url),
    }), url);
    path = join(dir, 'vc2.json');
    writeFileSync(path, JSON.stringify(await issueCredential({ credential, issuer })));
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  describe('negative', () => {
    it('rejects a revoked VC 2.0 credential, exit 1, naming it revoked', async () => {
      await publish([POSITION]);
      const run = await cli('verify', path, '--key', key);
      expect(run.code, run.stdout + run.stderr).to.equal(1);
      expect(run.stdout).to.match(/^INVALID/).and.contain('[revoked]');
    });
  });

  it('should say VALID with the proof and the status checked', async () => {
    await publish([]);
    const run = await cli('verify', path, '--key', key, '--json');
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.include({ verified: true, warnings: [] })
      .and.have.property('checks').that.includes.members(['proof', 'status']);
  });
});
