import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus } from '@healthcred/bus';
import { createIssuer } from '@healthcred/credentials';
import { issueCertificates } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import { mockVaccinationRecord } from '@healthcred/testing';
import { cli } from './fixtures/run.js';

const NAME = 'Chandrika Jayawardena';
const DOB = '1958-02-19';

function dose(n: number, refId = 'TEchandrika'): CertificationRequest {
  const record = mockVaccinationRecord();
  return {
    sourceKey: `dhis2:${refId}:EV${n}:${n}`, kind: 'vaccination', orgUnit: 'DiszpKrYNg8',
    record: { ...record, recipient: { ...record.recipient, refId, ...(refId === 'TEchandrika' ? { name: NAME, dob: DOB } : { name: 'Someone Else', dob: '1990-05-05' }) },
      vaccination: { ...record.vaccination, dose: n } },
  };
}

/** The files of the data directory that hold `text`. */
function filesHolding(dir: string, text: string): string[] {
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(Buffer.from(text)));
}

describe('healthcred subject erase (against the configured SQLite store)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let ids: string[];
  const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' });

  async function withStore<T>(work: (store: CredentialStore) => Promise<T>): Promise<T> {
    const store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-subject-cli-'));
    env = { HEALTHCRED_DATA_DIR: dir };
    ids = await withStore(async (store) => {
      const outcomes = await issueCertificates([dose(1), dose(2), dose(1, 'TEsomeone01')], { store, issuer });
      await store.saveDeadLetter({ topic: 'dhis2.hooks', payload: `{"trackedEntity":"TEchandrika","phone":"0777"}`, code: 'invalid_input', reason: 'x', attempts: 1, at: new Date().toISOString() });
      return outcomes.map((outcome) => outcome.certificate.certificateId);
    });
    // The pipeline's log holds the requests, as `npm start` leaves them in the data directory.
    const bus = openSqliteBus({ path: join(dir, 'events.sqlite') });
    await bus.publish('certify', [dose(1), dose(2), dose(1, 'TEsomeone01')].map((request) => ({ key: request.sourceKey, value: JSON.stringify(request) })));
    await bus.close();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('negative', () => {
    it('refuses without a reason, with a malformed id, and with a reason naming the person', async () => {
      expect((await cli(['subject', 'erase', ids[0]!], env)).code).to.equal(2);
      expect((await cli(['subject', 'erase', 'nope', '--reason', 'asked'], env)).code).to.equal(2);
      const named = await cli(['subject', 'erase', ids[0]!, '--reason', `${NAME} asked`], env);
      expect(named.code).to.not.equal(0);
      expect(named.stderr).to.contain('reason: must not hold the person\'s name or birth date');
      expect(filesHolding(dir, NAME)).to.not.be.empty;
    });

    it('says so for an unknown certificate and for one erased already', async () => {
      const unknown = await cli(['subject', 'erase', '0000-0000-0000', '--reason', 'GDPR art. 17 request'], env);
      expect(unknown.code).to.not.equal(0);
      expect(unknown.stderr).to.contain('No certificate has this certificateId');
      expect((await cli(['subject', 'erase', ids[0]!, '--reason', 'GDPR art. 17 request'], env)).code).to.equal(0);
      const again = await cli(['subject', 'erase', ids[0]!, '--reason', 'GDPR art. 17 request'], env);
      expect(again.stderr).to.contain('erased already');
    });
  });

  it('should print its help', async () => {
    expect((await cli(['subject', '--help'], env)).stdout).to.contain('healthcred subject erase <certificate id> --reason');
  });

  it('should leave the name and birth date in no file, the certificates revoked, the counts and the audit entry clean', async () => {
    expect(filesHolding(dir, NAME)).to.not.be.empty;
    const run = await cli(['subject', 'erase', ids[1]!.toLowerCase(), '--reason', 'GDPR art. 17 request #4411'], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('erased 2 certificate(s)').and.contain('1 dead letter(s) deleted').and.contain('2 event-log message(s)');
    expect(readdirSync(dir)).to.include.members(['store.sqlite', 'events.sqlite']);
    for (const text of [NAME, DOB, 'TEchandrika']) expect(filesHolding(dir, text), text).to.deep.equal([]);
    expect(filesHolding(dir, 'Someone Else')).to.include.members(['store.sqlite', 'events.sqlite']);
    await withStore(async (store) => {
      const positions = await store.listStatusPositions({ from: 0, to: 10, statuses: ['revoked'] });
      expect(positions).to.have.length(2);
      expect((await store.findByCertificateId(ids[2]!))).to.include({ status: 'issued' });
      expect((await store.countProgramme()).reduce((sum, row) => sum + row.issued, 0)).to.equal(3);
      expect((await store.countProgramme()).reduce((sum, row) => sum + row.revoked, 0)).to.equal(2);
      const [entry] = await store.listAudit({ limit: 1 });
      expect(entry).to.include({ action: 'subject.erase', target: ids[1], reason: 'GDPR art. 17 request #4411' });
      expect(entry!.actor).to.match(/^cli:/);
      expect(entry!.details).to.deep.equal({ certificates: `${ids[1]} ${ids[0]}`, deadLetters: '1', messages: '2' });
    });
  });
});
