import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig, type Config } from '@healthcred/config';
import { holdIssuer } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { didDocumentUrl } from '@healthcred/issuer-identity';
import {
  auditTrustChange, createLogger, loadConfiguredTrustList, loadIssuer, loadTrustedIssuers,
  rotateIssuerKeyFile, writeTrustListFile, type TrustedIssuers,
} from '@healthcred/runtime';
import { openSqliteStore } from '@healthcred/store';
import { createDidWebResolver, parseNewTrustEntry } from '@healthcred/trust';
import { issuerDocument, serveJson, startDidServer, type DidServer, until } from '@healthcred/testing';

const logger = createLogger({ name: 'test', level: 'silent' });
const INDIA = 'did:web:certificates.health.gov.in';

function pinnedEntry(did = INDIA) {
  return { did, name: 'Ministry of Health, India', country: 'IN', didDocument: issuerDocument(did), added: '2026-02-01T00:00:00.000Z', addedBy: 'amara' };
}

describe('loadTrustedIssuers()', () => {
  let config: Config;
  let trust: TrustedIssuers | undefined;
  let server: DidServer;
  const configure = (env: Record<string, string> = {}) => loadConfig({
    HEALTHCRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'healthcred-trust-')), ISSUER_AUTHORITY_NAME: 'Ministry of Health, Sri Lanka',
    ISSUER_COUNTRY: 'LK', ...env,
  });
  const start = (issuer = holdIssuer(loadIssuer(config, logger))) => {
    // No cache: every refresh asks the server, as one an hour later would.
    trust = loadTrustedIssuers({ config, issuer, logger, intervalMs: 20, resolver: createDidWebResolver({ fetch, ttlMs: 0 }) });
    return { issuer, trust };
  };

  beforeEach(async () => {
    config = configure();
    server = await startDidServer();
  });
  afterEach(async () => {
    trust?.stop();
    trust = undefined;
    await server.close();
  });

  describe('negative', () => {
    it('refuses to start with a trust list file it cannot use, naming the entry and field', () => {
      writeFileSync(config.trustListFile, JSON.stringify([{ ...pinnedEntry(), country: 'India' }]));
      expect(() => start()).to.throw(HealthcredError, `${config.trustListFile}[0].country`);
    });

    it('keeps the current list when the file is edited into something unusable', async () => {
      writeTrustListFile(config.trustListFile, [pinnedEntry()]);
      const { trust: live } = start();
      const before = live.list();
      await new Promise((resolve) => setTimeout(resolve, 50));
      writeFileSync(config.trustListFile, '[{"did": "did:key:z6Mk"}]');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(live.list()).to.equal(before);
      writeTrustListFile(config.trustListFile, []);
      await until(() => live.list().length === 1, 'the next usable edit', 10_000);
    });

    it('refuses to add this issuer itself, a DID already listed, and a did:web that cannot be resolved', async () => {
      const { issuer, trust: live } = start();
      const { did, didDocument } = issuer.current();
      const own = parseNewTrustEntry({ did, name: 'Us', country: 'LK', didDocument });
      expect(await live.add(own, { addedBy: 'amara' }).catch((error: HealthcredError) => error.code)).to.equal('conflict');
      server.answer((_request, response) => response.writeHead(500).end());
      const down = parseNewTrustEntry({ did: server.did, name: 'Down', country: 'XA', resolve: 'did:web' });
      expect(await live.add(down, { addedBy: 'amara' }).catch((error: HealthcredError) => error.code)).to.equal('unknown_document');
      expect(existsSync(config.trustListFile)).to.equal(false);
      const { added: _added, addedBy: _by, ...entry } = pinnedEntry();
      await live.add(parseNewTrustEntry(entry), { addedBy: 'amara' });
      expect(await live.add(parseNewTrustEntry(entry), { addedBy: 'kasun' }).catch((error: HealthcredError) => error.code)).to.equal('conflict');
    });
  });

  it('should trust this issuer alone without a file, named as configured, and give the same array until something changes', () => {
    const { issuer, trust: live } = start();
    const { did, didDocument } = issuer.current();
    const list = live.list();
    expect(list).to.deep.equal([{
      did, name: 'Ministry of Health, Sri Lanka', country: 'LK', didDocument, contextBaseUrls: [config.issuerUrl],
    }]);
    expect(live.list()).to.equal(list);
    issuer.replace(rotateIssuerKeyFile(config));
    const rotated = live.list();
    expect(rotated).to.not.equal(list);
    expect(rotated[0]!.didDocument).to.equal(issuer.current().didDocument);
    expect(rotated[0]!.didDocument.verificationMethod).to.have.length(2);
  });

  it('should follow the file when it is edited while running, and add and remove entries at once', async () => {
    const { trust: live } = start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeTrustListFile(config.trustListFile, [pinnedEntry()]);
    await until(() => live.list().length === 2, 'the edited file', 10_000);
    expect(live.list()[1]).to.include({ did: INDIA, name: 'Ministry of Health, India', country: 'IN' });
    const { added: _added, addedBy: _by, ...entry } = pinnedEntry('did:web:moh.gov.bd');
    const added = await live.add(parseNewTrustEntry(entry), { addedBy: 'kasun', now: new Date('2026-03-01T00:00:00Z') });
    expect(added).to.include({ did: 'did:web:moh.gov.bd', addedBy: 'kasun', added: '2026-03-01T00:00:00.000Z' });
    expect(live.list().map((issuer) => issuer.did)).to.deep.equal([config.issuerDid, INDIA, 'did:web:moh.gov.bd']);
    expect(JSON.parse(readFileSync(config.trustListFile, 'utf8'))).to.have.length(2);
    live.remove(INDIA);
    expect(live.list().map((issuer) => issuer.did)).to.deep.equal([config.issuerDid, 'did:web:moh.gov.bd']);
  });

  it('should trust a did:web entry once resolved, and keep its last good copy when its server fails', async () => {
    const document = issuerDocument(server.did);
    server.answer(serveJson(document));
    writeTrustListFile(config.trustListFile, [{ did: server.did, name: 'Test authority', country: 'XA', resolve: 'did:web', added: '2026-02-01T00:00:00Z', addedBy: 'amara' }]);
    const { trust: live } = start();
    await live.refresh();
    expect(live.list()[1]).to.deep.equal({ did: server.did, name: 'Test authority', country: 'XA', didDocument: document });
    server.answer((_request, response) => response.writeHead(500).end());
    const list = live.list();
    const requests = server.requests;
    await live.refresh();
    expect(server.requests).to.equal(requests + 1);
    expect(live.list()).to.equal(list);
    const [state] = live.entries();
    expect(state).to.deep.include({ active: true });
    expect(state!.resolution).to.deep.include({ document, error: `${didDocumentUrl(server.did)} answered HTTP 500` });
  });
});

describe('loadConfiguredTrustList()', () => {
  it('should give this issuer (without creating a key), the pinned entries, and the did:web entries it could resolve', async () => {
    const config = loadConfig({ HEALTHCRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'healthcred-trust-')), ISSUER_COUNTRY: 'LK' });
    writeTrustListFile(config.trustListFile, [pinnedEntry(), { did: 'did:web:127.0.0.1%3A1', name: 'Gone', country: 'XA', resolve: 'did:web', added: '2026-02-01T00:00:00Z', addedBy: 'amara' }]);
    const withoutKey = await loadConfiguredTrustList(config);
    expect(withoutKey.trustedIssuers.map((issuer) => issuer.did)).to.deep.equal([INDIA]);
    expect(withoutKey.unresolved.map((entry) => entry.did)).to.deep.equal(['did:web:127.0.0.1%3A1']);
    expect(existsSync(config.issuerKey.file)).to.equal(false);
    const issuer = loadIssuer(config, logger);
    const { trustedIssuers } = await loadConfiguredTrustList(config);
    expect(trustedIssuers[0]).to.deep.include({ did: issuer.did, name: 'localhost:8080', country: 'LK', didDocument: issuer.didDocument });
  });
});

describe('auditTrustChange()', () => {
  it('should record who changed the trust list, what, when and why', async () => {
    const store = openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'healthcred-audit-')), 'store.sqlite') });
    try {
      await auditTrustChange(store, { action: 'add', entry: pinnedEntry(), actor: 'amara', reason: 'bilateral agreement', now: new Date('2026-02-01T00:00:00Z') });
      expect((await store.listAudit()).map(({ id: _id, seq: _seq, prevHash: _prev, hash: _hash, ...entry }) => entry)).to.deep.equal([{
        at: '2026-02-01T00:00:00.000Z', actor: 'amara', action: 'trust.add', target: INDIA, reason: 'bilateral agreement',
        details: { name: 'Ministry of Health, India', country: 'IN', document: 'pinned' },
      }]);
    } finally {
      await store.close();
    }
  });
});
