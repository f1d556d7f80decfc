import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createIssuer, holdIssuer, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping } from '@healthcred/dhis2';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { startIssuerService, type IssuerService } from '@healthcred/pipeline';
import { pino } from 'pino';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import { maximalVaccinationRecord, until } from '@healthcred/testing';
import { personValues, trackedEntity, trackerEvent, UID } from '@healthcred/testing';

const examples = new URL('../../../examples/dhis2/', import.meta.url).pathname;
const topics = loadConfig({}).topics;

describe('issuer pipeline (embedded tier: SQLite event log and store)', () => {
  let store: CredentialStore;
  let bus: SqliteEventBus;
  let service: IssuerService;
  let issuer: ReturnType<typeof createIssuer>;
  const logLines: Record<string, unknown>[] = [];

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-issuer-'));
    store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    bus = openSqliteBus({ path: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' });
    service = await startIssuerService({
      store, bus, issuer: holdIssuer(issuer), mapping: loadDefaultDhis2Mapping(), topics,
      logger: pino({ level: 'info' }, { write: (line: string) => { logLines.push(JSON.parse(line)); } }),
      limits: { maxAttempts: 3, retryBaseMs: 1, payloadLimitBytes: 2 * 1024 * 1024 },
    }, { progressIntervalMs: 100 });
  });

  after(async () => {
    await service.stop();
    await bus.close();
    await store.close();
  });

  const payloads = ['legacy-tracked-entity-instance.json', 'tracker-tracked-entities.json', 'event-hook-envelope.json']
    .map((name) => readFileSync(join(examples, name), 'utf8'));

  it('should issue one verifiable credential per completed dose, and nothing more on replay', async () => {
    await bus.publish(topics.dhis2, payloads.map((value) => ({ value })));
    await until(async () => (await bus.readOffsets('healthcred-issuer-certify')).every((o) => o.lag === 0)
      && (await store.count()) > 0 && (await bus.readOffsets('healthcred-issuer-dhis2')).every((o) => o.lag === 0), 'issuance');
    await until(async () => (await bus.readOffsets('healthcred-issuer-certify')).every((o) => o.lag === 0), 'certify drained');
    const issued = await store.list({ limit: 100 });
    expect(issued.length).to.be.greaterThan(3);
    expect(new Set(issued.map((c) => c.sourceKey)).size).to.equal(issued.length);
    const documentLoader = issuer.documentLoader;
    for (const certificate of issued) {
      expect((await verifyCredential({ credential: certificate.credential, documentLoader, trustedIssuers: [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })] })).verified).to.equal(true);
    }
    const names = issued.map((c) => (c.credential as { credentialSubject: { name: string } }).credentialSubject.name);
    expect(names.some((name) => /[\u0D80-\u0DFF]/.test(name)), 'a Sinhala name').to.equal(true);

    await bus.publish(topics.dhis2, payloads.map((value) => ({ value })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await until(async () => (await bus.readOffsets('healthcred-issuer-certify')).every((o) => o.lag === 0)
      && (await bus.readOffsets('healthcred-issuer-dhis2')).every((o) => o.lag === 0), 'replay drained');
    expect(await store.count()).to.equal(issued.length);
  });

  it('should log its pace in progress lines: what it issued, then the replay as duplicates', async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const progress = logLines.filter((line) => line['msg'] === 'issuer progress');
    const sum = (field: string) => progress.reduce((total, line) => total + (line[field] as number), 0);
    const stored = await store.count();
    expect(sum('issued')).to.equal(stored);
    expect(sum('duplicate')).to.equal(stored);
    expect(progress.at(-1)!['total']).to.include({ issued: stored, duplicate: stored, deadLettered: 0 });
    expect(progress.some((line) => (line['issuedPerSecond'] as number) > 0)).to.equal(true);
    expect(logLines.some((line) => line['msg'] === 'certification requests handled')).to.equal(false);
  });

  it('should issue a corrected event anew and revoke the certificate it replaces, auditing the source of the correction', async () => {
    const [first] = await store.list({ limit: 1 });
    expect(await store.listAudit(), 'first issuance and replays are not audited').to.deep.equal([]);
    // The registry corrects the batch number (COVAC data element Yp1F4txx8tm) of one completed dose, a day later.
    const corrected = JSON.parse(payloads[0]!);
    const event = corrected.enrollments[0].events[0];
    const batch = event.dataValues.find((value: { dataElement: string }) => value.dataElement === 'Yp1F4txx8tm');
    batch.value = `${batch.value}-CORRECTED`;
    event.lastUpdated = '2021-06-03T09:00:00.000';
    const before = await store.count();
    await bus.publish(topics.dhis2, [{ value: JSON.stringify(corrected) }]);
    await until(async () => (await store.count()) === before + 1, 'the corrected certificate');
    const revoked = await store.list({ status: 'revoked', limit: 10 });
    expect(revoked).to.have.length(1);
    expect(revoked[0]!.supersededBy).to.be.a('string');
    expect(first).to.not.equal(undefined);
    const [audited, ...others] = await store.listAudit();
    expect(others).to.deep.equal([]);
    expect(audited).to.deep.include({ actor: 'issuer', action: 'certificate.supersede', target: revoked[0]!.certificateId });
    expect(audited!.details).to.include({ via: 'pipeline', replacement: revoked[0]!.supersededBy, sourceKey: revoked[0]!.sourceKey });
    expect(audited!.details!['sourceKey']).to.match(new RegExp(`^dhis2:[^:]+:${event.event}:\\d+$`));
    expect(audited!.details!['message']).to.match(new RegExp(`^${topics.certify}/\\d+@\\d+$`));
  });

  it('should not certify the original again when it is replayed after its correction (stale)', async () => {
    const before = await store.count();
    const acks: string[] = [];
    const subscription = await bus.subscribe({
      groupId: `acks-${Date.now()}`, topics: [topics.ack], handle: async (message) => { acks.push(message.value); },
    });
    await bus.publish(topics.dhis2, [{ value: payloads[0]! }]);
    await until(async () => acks.some((ack) => JSON.parse(ack).status === 'stale'), 'a stale acknowledgement');
    await subscription.stop();
    expect(await store.count()).to.equal(before);
    const stale = acks.map((ack) => JSON.parse(ack)).find((ack) => ack.status === 'stale');
    const current = await store.findCurrentBySourceKey(stale.sourceKey);
    expect(stale.certificateId).to.equal(current!.certificateId);
    expect(current!.sourceUpdatedAt).to.equal('2021-06-03T09:00:00.000Z');
  });

  it('should send malformed input to the dead letter with a reason and keep going', async () => {
    const bad = ['{not json', JSON.stringify({ trackedEntity: 'x' }), `{"a":"${'x'.repeat(3 * 1024 * 1024)}"}`,
      JSON.stringify({ sourceKey: 'bad' })];
    await bus.publish(topics.dhis2, bad.slice(0, 3).map((value) => ({ value })));
    await bus.publish(topics.certify, [{ key: 'bad', value: bad[3]! }]);
    await until(async () => (await store.listDeadLetters({ limit: 10 })).length >= 4, 'dead letters');
    const letters = await store.listDeadLetters({ limit: 10 });
    const reasons = letters.map((l) => l.reason).join('\n');
    expect(reasons).to.contain('not valid JSON').and.contain('over the limit').and.contain('request.kind');
    expect(letters.every((l) => l.code === 'invalid_input')).to.equal(true);
  });

  it('should dead-letter events that make no sense, and records no QR code can hold, with the reason', async () => {
    const before = await store.count();
    const future = trackedEntity([trackerEvent({ event: 'Zq9FutureEv', date: '2999-06-02T00:00:00.000' })]);
    const rtl = trackedEntity([trackerEvent({ event: 'Zq9RtlNameE' })], personValues({ [UID.lastName]: 'arerep\u202E' }));
    await bus.publish(topics.dhis2, [future, rtl].map((payload) => ({ value: JSON.stringify(payload) })));
    await bus.publish(topics.certify, [{ key: 'portal:huge', value: JSON.stringify({ sourceKey: 'portal:huge', kind: 'vaccination', record: maximalVaccinationRecord() }) }]);
    const reasonOf = async (pattern: RegExp) => (await store.listDeadLetters({ limit: 100 })).find((letter) => pattern.test(letter.reason));
    await until(async () => Boolean(await reasonOf(/Zq9FutureEv/) && await reasonOf(/Zq9RtlNameE/) && await reasonOf(/QR code/)), 'the dead letters');
    expect((await reasonOf(/Zq9FutureEv/))!.reason).to.equal('event Zq9FutureEv: the mapped record.vaccination.date: must not be in the future.');
    expect((await reasonOf(/Zq9RtlNameE/))!.reason)
      .to.equal('event Zq9RtlNameE: the mapped record.recipient.name: must not contain control, invisible formatting or text-direction characters.');
    const huge = (await reasonOf(/QR code/))!;
    expect(huge).to.include({ topic: topics.certify, key: 'portal:huge', code: 'invalid_input' });
    expect(huge.reason).to.match(/^record: the certificate would not fit in a QR code: about \d+ bytes where one holds 2331/);
    expect(await store.count()).to.equal(before);
  });
});
