import { expect } from 'chai';
import { AUDIT_GENESIS_HASH, auditEntryHash, verifyAuditLog } from '@healthcred/store';
import type { AuditEntry, AuditLog, CredentialStore, NewAuditEntry } from '@healthcred/store';
import { mockCertificate } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

const entry = (n: number): NewAuditEntry => ({
  at: `2026-11-23T10:${String(n % 60).padStart(2, '0')}:00.000Z`, actor: 'amara', action: 'certificate.revoke',
  target: `CERT-${n}`, reason: 'issued in error', details: { from: 'issued', to: 'revoked' },
});

async function readAll(store: AuditLog): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const e of store.readAuditLog()) entries.push(e);
  return entries;
}

/** The audit log as a hash chain: links, the supersede entries the store writes itself, concurrent writers. */
export function auditContract(current: CurrentHarness, shared: boolean): void {
  const audit = (): AuditLog => current().store;
  const store = (): CredentialStore => current().store;

  describe('appendAudit() and listAudit()', () => {
    it('should keep entries, most recent first, and filter them by target', async () => {
      const entry = { actor: 'admin', action: 'certificate.revoke', reason: 'issued in error' };
      const first = await audit().appendAudit({ ...entry, at: '2026-11-23T10:00:00.000Z', target: 'AAAA-BBBB-CCCC' });
      const second = await audit().appendAudit({
        ...entry, at: '2026-11-23T10:05:00.000Z', target: 'DDDD-EEEE-FFFF', details: { replacement: 'GGGG-HHHH-JJJJ' },
      });
      expect(first.id).to.be.a('string').and.not.equal(second.id);
      expect(await audit().listAudit()).to.deep.equal([second, first]);
      expect(await audit().listAudit({ target: 'AAAA-BBBB-CCCC' })).to.deep.equal([first]);
      expect(await audit().listAudit({ limit: 1 })).to.deep.equal([second]);
    });

    it('should refuse an entry without a reason or actor', async () => {
      const at = '2026-11-23T10:00:00.000Z';
      for (const bad of [{ actor: 'admin', action: 'x', target: 't', reason: ' ', at },
        { actor: '', action: 'x', target: 't', reason: 'r', at }]) {
        expect(await audit().appendAudit(bad).catch((e: Error) => e)).to.be.instanceOf(TypeError);
      }
      expect(await audit().listAudit()).to.deep.equal([]);
    });
  });

  describe('audit chain', () => {
    it('should chain each entry to the one before: seq 1, 2, 3, each hash over its content and the previous hash', async () => {
      const written = [];
      for (const n of [1, 2, 3]) written.push(await audit().appendAudit(entry(n)));
      expect(written.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(written[0]!.prevHash).to.equal(AUDIT_GENESIS_HASH);
      expect(written[1]!.prevHash).to.equal(written[0]!.hash);
      expect(written[2]!.prevHash).to.equal(written[1]!.hash);
      for (const e of written) expect(e.hash).to.equal(auditEntryHash({ ...e, seq: e.seq!, prevHash: e.prevHash! }));
      expect(await readAll(audit())).to.deep.equal(written);
      expect(await audit().listAudit()).to.deep.equal([...written].reverse());
      expect(await audit().auditHead()).to.deep.equal({ seq: 3, hash: written[2]!.hash });
      expect(await verifyAuditLog(audit())).to.deep.equal({ intact: true, legacy: 0, checked: 3, last: { seq: 3, hash: written[2]!.hash } });
    });

    it('should find an empty log intact, with no head', async () => {
      expect(await audit().auditHead()).to.equal(undefined);
      expect(await verifyAuditLog(audit())).to.deep.equal({ intact: true, legacy: 0, checked: 0 });
    });

    it('should report an anchor the chain does not hold (a chain rewritten, or cut short)', async () => {
      const first = await audit().appendAudit(entry(1));
      await audit().appendAudit(entry(2));
      const forged = await verifyAuditLog(audit(), { anchor: { seq: 1, hash: 'f'.repeat(64) } });
      expect(forged).to.include({ intact: false }).and.have.nested.property('broken.seq', 1);
      expect(forged.broken!.problem).to.contain('differs from the anchor');
      const beyond = await verifyAuditLog(audit(), { anchor: { seq: 5, hash: first.hash! } });
      expect(beyond.broken!.problem).to.equal('seq 3 to 5 missing (deleted): the anchor names seq 5');
      expect((await verifyAuditLog(audit(), { anchor: { seq: 1, hash: first.hash! } })).intact).to.equal(true);
    });
  });

  describe('supersede audit', () => {
    it('should audit a correction in the save, naming the cause, the revoked certificate and its replacement', async () => {
      const original = await store().saveIssued(mockCertificate(1, { sourceUpdatedAt: '2021-06-02T10:00:00Z' }), { actor: 'issuer' });
      expect(await audit().listAudit(), 'an insert is not audited').to.deep.equal([]);
      await store().saveIssued(mockCertificate(1, { sourceUpdatedAt: '2021-06-02T10:00:00Z' }), { actor: 'issuer' });
      const correction = mockCertificate(1, { contentHash: 'c'.repeat(64), sourceUpdatedAt: '2021-06-03T08:00:00Z' });
      const cause = { actor: 'issue API', details: { via: 'POST /credentials/issue', client: 'abc123' } };
      await store().saveIssued(correction, cause);
      const [audited, ...rest] = await audit().listAudit();
      expect(rest, 'a duplicate is not audited').to.deep.equal([]);
      expect(audited).to.deep.include({
        actor: 'issue API', action: 'certificate.supersede', target: original.certificate.certificateId,
        reason: `superseded by ${correction.certificateId}: the source record changed`,
        details: {
          via: 'POST /credentials/issue', client: 'abc123', replacement: correction.certificateId,
          sourceKey: correction.sourceKey, sourceUpdatedAt: '2021-06-03T08:00:00Z',
        },
      });
      expect((await verifyAuditLog(audit())).intact).to.equal(true);
    });

    it('should audit each supersede of a batch with its own cause, and one without a cause as unattributed', async () => {
      await store().saveIssuedMany([mockCertificate(1), mockCertificate(2)]);
      const corrections = [mockCertificate(1, { contentHash: 'c'.repeat(64) }), mockCertificate(2, { contentHash: 'd'.repeat(64) })];
      await store().saveIssuedMany(corrections, [{ actor: 'issuer', details: { message: 'certify/0@7' } }, { actor: 'issuer', details: { message: 'certify/1@3' } }]);
      await store().saveIssued(mockCertificate(1, { contentHash: 'e'.repeat(64) }));
      const entries = (await audit().listAudit()).reverse();
      expect(entries.map((e) => [e.actor, e.details?.['message'], e.details?.['sourceKey']])).to.deep.equal([
        ['issuer', 'certify/0@7', corrections[0]!.sourceKey],
        ['issuer', 'certify/1@3', corrections[1]!.sourceKey],
        ['unattributed', undefined, corrections[0]!.sourceKey],
      ]);
    });

    it('refuses causes that do not match the certificates, or a cause without an actor, saving nothing', async () => {
      const error = await store().saveIssuedMany([mockCertificate(1), mockCertificate(2)], [{ actor: 'issuer' }]).catch((e: Error) => e);
      expect(error).to.be.instanceOf(TypeError).with.property('message').that.includes('"causes"');
      const actorless = await store().saveIssued(mockCertificate(3), { actor: ' ' }).catch((e: Error) => e);
      expect(actorless).to.be.instanceOf(TypeError).with.property('message').that.includes('"cause.actor"');
      expect(await store().count()).to.equal(0);
    });
  });

  if (shared) {
    it('should keep one valid chain when two connections append and supersede at the same time', async function () {
      this.timeout(30_000);
      const other = await current().connectAgain!();
      try {
        await Promise.all([store().saveIssued(mockCertificate(1)), store().saveIssued(mockCertificate(2))]);
        const writes = Array.from({ length: 30 }, (_, i) => {
          const on = i % 2 ? other : store();
          return i < 2 ? on.saveIssued(mockCertificate(i + 1, { contentHash: 'c'.repeat(64) }), { actor: `writer-${i % 2}` })
            : on.appendAudit({ ...entry(i), actor: `writer-${i % 2}` });
        });
        await Promise.all(writes);
        const entries = await readAll(audit());
        expect(entries.map((e) => e.seq)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
        expect(entries.filter((e) => e.action === 'certificate.supersede')).to.have.length(2);
        expect(await verifyAuditLog(other)).to.include({ intact: true, checked: 30 });
      } finally {
        await other.close();
      }
    });
  }
}
