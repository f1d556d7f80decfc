import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createIssuer, holdIssuer } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping } from '@healthcred/dhis2';
import { createStatusLists } from '@healthcred/issuance';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { startIssuerService, type Ack, type IssuerService } from '@healthcred/pipeline';
import { openSqliteStore, type CredentialStore, type StoredCertificate } from '@healthcred/store';
import { trackedEntity, trackerEvent, until } from '@healthcred/testing';
import { pino } from 'pino';

const topics = loadConfig({}).topics;
const EVENT = 'Wd1thdrawn0';
const KEY = `dhis2:PQfMcpmXeFE:${EVENT}:1`;
const completed = (updated?: string) => trackedEntity([trackerEvent({ event: EVENT, ...(updated ? { updated } : {}) })]);
const deleted = () => trackedEntity([{ ...trackerEvent({ event: EVENT, updated: '2021-06-05T08:00:00.000' }), deleted: true }]);

describe('issuer pipeline: events deleted in DHIS2 (SQLite event log and store)', () => {
  let store: CredentialStore;
  let bus: SqliteEventBus;
  let service: IssuerService;
  let issuer: ReturnType<typeof createIssuer>;
  const acks: Ack[] = [];

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-withdraw-'));
    store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    bus = openSqliteBus({ path: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' });
    service = await startIssuerService({
      store, bus, issuer: holdIssuer(issuer), mapping: loadDefaultDhis2Mapping(), topics, logger: pino({ level: 'silent' }),
      limits: { maxAttempts: 3, retryBaseMs: 1, payloadLimitBytes: 2 * 1024 * 1024 },
    });
    await bus.subscribe({ groupId: 'acks', topics: [topics.ack], handle: async (m) => { acks.push(JSON.parse(m.value)); } });
  });

  after(async () => {
    await service.stop();
    await bus.close();
    await store.close();
  });

  /** Publishes a DHIS2 payload and waits for `count` more acknowledgements of the event. */
  async function send(payload: object, count = 1): Promise<Ack[]> {
    const before = acks.filter((a) => a.event === EVENT || a.sourceKey?.includes(`:${EVENT}:`)).length;
    await bus.publish(topics.dhis2, [{ key: 'PQfMcpmXeFE', value: JSON.stringify(payload) }]);
    const mine = () => acks.filter((a) => a.event === EVENT || a.sourceKey?.includes(`:${EVENT}:`));
    await until(async () => mine().length >= before + count, 'an acknowledgement');
    return mine().slice(before);
  }

  const revocationState = async (certificate: StoredCertificate) => {
    const entries = [(certificate.credential as { credentialStatus: unknown }).credentialStatus].flat() as
      { statusPurpose: string }[];
    const lists = createStatusLists({ store, issuer: holdIssuer(issuer), ttlSeconds: 0 });
    return lists.check(entries.find((e) => e.statusPurpose === 'revocation') as never);
  };

  it('should acknowledge the deletion of a never-certified event as nothing to do, without a dead letter', async () => {
    const [ack] = await send(deleted());
    expect(ack).to.include({ event: EVENT, status: 'skipped', reason: `no certificate of event ${EVENT} to withdraw` });
    expect(await store.count()).to.equal(0);
    expect(await store.listDeadLetters()).to.deep.equal([]);
  });

  it('should revoke the certificate of a certified dose whose event is then deleted, audited, its status bit set', async () => {
    const [issued] = await send(completed());
    expect(issued).to.include({ sourceKey: KEY, status: 'issued' });
    const certificate = (await store.findCurrentBySourceKey(KEY))!;
    expect(await revocationState(certificate)).to.equal('valid');

    const [withdrawn] = await send(deleted());
    expect(withdrawn).to.include({ sourceKey: KEY, event: EVENT, status: 'withdrawn', certificateId: certificate.certificateId,
      reason: `deleted in DHIS2 (event ${EVENT})` });
    const revoked = (await store.findByCertificateId(certificate.certificateId))!;
    expect(revoked).to.include({ status: 'revoked', statusReason: `deleted in DHIS2 (event ${EVENT})` });
    expect(await revocationState(revoked)).to.equal('revoked');
    const audit = await store.listAudit({ target: certificate.certificateId });
    expect(audit.map((e) => [e.action, e.actor, e.reason])).to.deep.equal([
      ['certificate.withdraw', 'issuer', `deleted in DHIS2 (event ${EVENT})`]]);
    expect(audit[0]!.details).to.include({ via: 'pipeline', sourceKey: KEY });
    expect(audit[0]!.details!['message']).to.match(new RegExp(`^${topics.dhis2}/\\d+@\\d+$`));
  });

  it('should change nothing when the deletion is replayed', async () => {
    const before = (await store.findCurrentBySourceKey(KEY))!;
    const auditBefore = await store.listAudit({ limit: 1000 });
    const [again] = await send(deleted());
    expect(again).to.include({ status: 'withdrawn', certificateId: before.certificateId });
    expect(await store.findCurrentBySourceKey(KEY)).to.deep.equal(before);
    expect(await store.listAudit({ limit: 1000 })).to.deep.equal(auditBefore);
    expect(await store.count()).to.equal(1);
  });

  it('should not restore the certificate for a replay of the version certified before the deletion', async () => {
    const before = (await store.findCurrentBySourceKey(KEY))!;
    const [replayed] = await send(completed());
    expect(replayed).to.include({ status: 'duplicate', certificateId: before.certificateId });
    expect(await store.findCurrentBySourceKey(KEY)).to.deep.equal(before);
  });

  it('should give a restored event (the same content, changed later) a fresh certificate; the withdrawn one stays revoked', async () => {
    const withdrawn = (await store.findCurrentBySourceKey(KEY))!;
    const [restored] = await send(completed('2021-06-07T08:00:00.000'));
    expect(restored).to.include({ sourceKey: KEY, status: 'superseded', supersedes: withdrawn.certificateId });
    const fresh = (await store.findCurrentBySourceKey(KEY))!;
    expect(fresh.certificateId).to.not.equal(withdrawn.certificateId);
    expect(fresh.status).to.equal('issued');
    expect(await revocationState(fresh)).to.equal('valid');
    const old = (await store.findByCertificateId(withdrawn.certificateId))!;
    expect(old).to.include({ status: 'revoked', supersededBy: fresh.certificateId });
    const [reissue] = await store.listAudit({ target: withdrawn.certificateId, limit: 1 });
    expect(reissue).to.include({ action: 'certificate.reissue', actor: 'issuer',
      reason: `restored in DHIS2 after it was deleted in DHIS2 (event ${EVENT})` });
    expect(reissue!.details).to.include({ via: 'pipeline', replacement: fresh.certificateId, sourceKey: KEY });
    expect(await revocationState(old)).to.equal('revoked');
    const [replayed] = await send(completed('2021-06-07T08:00:00.000'));
    expect(replayed).to.include({ status: 'duplicate', certificateId: fresh.certificateId });
  });
});
