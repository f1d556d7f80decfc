// `healthcred verify` reads revocation and suspension from the credential's status lists, or says it did not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, type Issuer } from '@healthcred/credentials';
import { parseVaccinationRecord } from '@healthcred/records';
import { didWebFromUrl, generateIssuerKeySet, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import {
  STATUS_LIST_KINDS, buildStatusListCredential, encodeStatusListFor, statusEntry, statusEntryForPosition, type StatusListKind,
} from '@healthcred/status-list';

const examples = new URL('../../../examples/', import.meta.url).pathname;
const POSITION = 5;

async function cli(...args: string[]) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } });
  return run;
}

describe('healthcred verify and revocation', function () {
  this.timeout(20_000);
  let dir: string;
  let server: Server;
  let issuer: Issuer;
  let key: string;
  /** What the issuer's server publishes now, by path. */
  const published = new Map<string, string>();

  async function publish(kind: StatusListKind, set: number[], signer = issuer): Promise<string> {
    const credential = buildStatusListCredential({
      issuer: { did: issuer.did, url: issuer.url }, kind, list: 1, encodedList: encodeStatusListFor(kind, set),
      issuedAt: new Date().toISOString().slice(0, 19) + 'Z', ttlMs: 300_000,
    });
    const text = JSON.stringify(await issueCredential({ credential, issuer: signer }));
    published.set(new URL(credential.id).pathname, text);
    return text;
  }

  async function credentialFile(name: string, credentialStatus: unknown): Promise<string> {
    const record = parseVaccinationRecord(JSON.parse(readFileSync(join(examples, 'vaccination-record.json'), 'utf8')));
    const credential = buildVaccinationCredential(record, {
      issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(), credentialStatus: credentialStatus as never,
    });
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(await issueCredential({ credential, issuer })));
    return path;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-verify-status-'));
    server = createServer((request, response) => {
      const body = published.get(request.url ?? '');
      response.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' }).end(body ?? '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const keys = generateIssuerKeySet({ did: didWebFromUrl(url) });
    key = join(dir, 'key.json');
    writeIssuerKeyFile(key, keys);
    issuer = createIssuer({ keys, url });
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(async () => {
    for (const kind of STATUS_LIST_KINDS) await publish(kind, []);
  });

  it('should fetch both lists and say VALID with the status checked', async () => {
    const path = await credentialFile('valid.json', statusEntryForPosition(POSITION, issuer.url));
    const run = await cli('verify', path, '--key', key, '--json');
    expect(run.code, run.stdout).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.include({ verified: true, warnings: [] }).and.have.property('checks').that.includes('status');
  });

  describe('negative', () => {
    it('rejects a revoked credential, exit 1, naming it revoked', async () => {
      const path = await credentialFile('revoked.json', statusEntryForPosition(POSITION, issuer.url));
      await publish('revocation-2021', [POSITION]);
      const run = await cli('verify', path, '--key', key);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^INVALID/).and.contain('status: The issuer has revoked this credential. [revoked]');
    });

    it('rejects a suspended credential as suspended, not revoked', async () => {
      const path = await credentialFile('suspended.json', statusEntryForPosition(POSITION, issuer.url));
      await publish('suspension-2021', [POSITION]);
      const run = await cli('verify', path, '--key', key);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.contain('[suspended]').and.not.contain('[revoked]');
    });

    it('reads a credential of the two-Bitstring-entry form issued before Status List 2021 as revoked and suspended', async () => {
      const entries = (['revocation', 'suspension'] as const).map((kind) => statusEntry({ issuerUrl: issuer.url, kind, list: 1, index: POSITION }));
      const path = await credentialFile('bitstring.json', entries);
      await publish('suspension', [POSITION]);
      expect((await cli('verify', path, '--key', key)).stdout).to.contain('[suspended]');
      await publish('revocation', [POSITION]);
      expect((await cli('verify', path, '--key', key)).stdout).to.contain('[revoked]');
    });

    it('reads a credential of the old single-entry form as suspended from the parallel suspension list', async () => {
      const path = await credentialFile('legacy.json', statusEntry({ issuerUrl: issuer.url, kind: 'legacy', list: 1, index: POSITION }));
      await publish('legacy', [POSITION]);
      await publish('suspension', [POSITION]);
      expect((await cli('verify', path, '--key', key)).stdout).to.contain('[suspended]');
      await publish('suspension', []);
      expect((await cli('verify', path, '--key', key)).stdout).to.contain('[revoked]');
    });

    it('says revocation was NOT checked and exits 3 offline without a saved list, never 0', async () => {
      const path = await credentialFile('offline.json', statusEntryForPosition(POSITION, issuer.url));
      await publish('revocation-2021', [POSITION]);
      const run = await cli('verify', path, '--key', key, '--offline');
      expect(run.code).to.equal(3);
      expect(run.stdout).to.match(/^NOT CHECKED: revocation was NOT checked/).and.not.match(/^VALID/m);
    });

    it('says NOT checked, exit 3, when the status list cannot be fetched', async () => {
      const path = await credentialFile('unreachable.json', statusEntryForPosition(POSITION, issuer.url));
      published.clear();
      const run = await cli('verify', path, '--key', key);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.contain('revocation was NOT checked');
    });

    it('refuses a status list someone else signed that says the credential is valid', async () => {
      const path = await credentialFile('forged-list.json', statusEntryForPosition(POSITION, issuer.url));
      const impostor = createIssuer({ keys: generateIssuerKeySet({ did: issuer.did }), url: issuer.url });
      await publish('revocation-2021', [], impostor);
      const run = await cli('verify', path, '--key', key);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.not.match(/^VALID/m);
    });
  });

  it('should read saved lists with --status-list, also --offline', async () => {
    const path = await credentialFile('saved.json', statusEntryForPosition(POSITION, issuer.url));
    const revocation = join(dir, 'revocation.json');
    const suspension = join(dir, 'suspension.json');
    writeFileSync(revocation, await publish('revocation-2021', [POSITION]));
    writeFileSync(suspension, await publish('suspension-2021', []));
    published.clear();
    const run = await cli('verify', path, '--key', key, '--offline', '--status-list', revocation, '--status-list', suspension);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.contain('[revoked]');
  });
});
