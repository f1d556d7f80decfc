import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import type { CredentialStore, NewCertificate, PrivacyStore, ProgrammeFacts } from '@healthcred/store';
import { mockCertificate, mockDeadLetter } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

const NAME = 'Amali Perera';
const DOB = '1985-04-12';

/** A certificate of the holder `holder`, whose credential names them, with programme facts. */
function holderCertificate(n: number, holder: string, overrides: Partial<NewCertificate> = {}): NewCertificate {
  const base = mockCertificate(n, { subjectId: holder, dob: DOB, statusListIndex: 100 + n });
  return {
    ...base,
    credential: { credentialSubject: { id: `urn:uuid:${n}`, name: NAME, dob: DOB }, evidence: [{ dose: n }] },
    programme: { day: '2025-01-01', orgUnit: 'OU_DISTRICT', vaccine: 'COVISHIELD', dose: n, sex: 'Female', age: 39 },
    ...overrides,
  };
}

async function refusal(work: Promise<unknown>): Promise<HealthcredError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return error as HealthcredError;
  }
  throw new Error('expected a refusal');
}

/** Erasure, retention and programme counts. */
export function privacyContract(current: CurrentHarness): void {
  const privacy = (): PrivacyStore => current().store;
  const store = (): CredentialStore => current().store;

  describe('eraseSubject()', () => {
    describe('negative', () => {
      it('rejects an unknown certificate id, and one erased already', async () => {
        expect(await refusal(privacy().eraseSubject('NO-SUCH-ID'))).to.include({ code: 'not_found' });
        const saved = await store().saveIssued(holderCertificate(1, 'holder-1'));
        await privacy().eraseSubject(saved.certificate.certificateId);
        expect(await refusal(privacy().eraseSubject(saved.certificate.certificateId))).to.include({ code: 'conflict' });
      });

      it('refuses to reinstate, suspend or re-issue an erased certificate', async () => {
        const { certificate } = await store().saveIssued(holderCertificate(1, 'holder-1'));
        await privacy().eraseSubject(certificate.certificateId);
        for (const status of ['issued', 'suspended'] as const) {
          expect(await refusal(store().setStatus(certificate.certificateId, status, 'mistake'))).to.include({ code: 'conflict' });
        }
        const again = holderCertificate(9, 'holder-1', { sourceKey: `erased:${certificate.certificateId}` });
        expect(await refusal(store().saveReissued(certificate.certificateId, again, 'lost'))).to.include({ code: 'conflict' });
      });
    });

    it('should erase every certificate of the holder and the dead letters that hold them, and leave others', async () => {
      const first = (await store().saveIssued(holderCertificate(1, 'holder-1', { sourceKey: 'dhis2:TEholder01:EV1:1' }))).certificate;
      const correction = holderCertificate(2, 'holder-1', { sourceKey: 'dhis2:TEholder01:EV1:1', contentHash: 'b'.repeat(64) });
      const second = (await store().saveIssued(correction)).certificate;
      const other = (await store().saveIssued(holderCertificate(3, 'holder-2', { sourceKey: 'dhis2:TEother001:EV3:1' }))).certificate;
      await store().saveDeadLetter(mockDeadLetter({ payload: '{"trackedEntity":"TEholder01","phone":"0771234567"}' }));
      await store().saveDeadLetter(mockDeadLetter({ payload: `{"name":"${NAME}","birthDate":"${DOB}"}` }));
      await store().saveDeadLetter(mockDeadLetter({ payload: `{"name":"${NAME}","birthDate":"1990-01-01"}` }));
      await store().saveDeadLetter(mockDeadLetter({ payload: '{"trackedEntity":"TEother001"}' }));

      const erasure = await privacy().eraseSubject(second.certificateId);
      expect(erasure.certificateIds).to.deep.equal([second.certificateId, first.certificateId]);
      expect(erasure.deadLetters).to.equal(2);
      const left = (await store().listDeadLetters()).map((letter) => letter.payload);
      expect(left).to.have.members([`{"name":"${NAME}","birthDate":"1990-01-01"}`, '{"trackedEntity":"TEother001"}']);

      for (const id of [first.certificateId, second.certificateId]) {
        const erased = (await store().findByCertificateId(id))!;
        expect(erased).to.include({ status: 'revoked', statusReason: 'erased', dob: '', subjectId: '', contentHash: '', sourceKey: `erased:${id}` });
        expect(erased.credential).to.equal(null);
        expect(erased.erasedAt).to.be.a('string');
        expect(JSON.stringify(erased)).to.not.contain(NAME).and.not.contain(DOB).and.not.contain('TEholder01');
      }
      expect(await store().findBySubject('holder-1')).to.deep.equal([]);
      expect(await store().findCurrentBySourceKey('dhis2:TEholder01:EV1:1')).to.equal(undefined);
      expect((await store().findByCertificateId(other.certificateId))!).to.include({ status: 'issued', dob: DOB });
    });

    it('should keep the erased certificate revoked in its status list, and counted', async () => {
      const { certificate } = await store().saveIssued(holderCertificate(1, 'holder-1'));
      await privacy().eraseSubject(certificate.certificateId);
      expect(await store().listStatusPositions({ from: 0, to: 1000, statuses: ['revoked'] })).to.deep.equal([101]);
      expect(await store().count({ status: 'revoked' })).to.equal(1);
      expect(await privacy().countProgramme()).to.deep.equal([
        { day: '2025-01-01', orgUnit: 'OU_DISTRICT', vaccine: 'COVISHIELD', dose: 1, sex: 'Female', age: 39, issued: 1, revoked: 1 },
      ]);
    });

    it('should let the source be certified again afterwards, as a new certificate', async () => {
      const { certificate } = await store().saveIssued(holderCertificate(1, 'holder-1'));
      await privacy().eraseSubject(certificate.certificateId);
      const again = await store().saveIssued(holderCertificate(2, 'holder-1', { sourceKey: certificate.sourceKey }));
      expect(again.outcome).to.equal('inserted');
    });
  });

  describe('purgeExpired()', () => {
    it('rejects times that are not Dates', async () => {
      const error = await privacy().purgeExpired({ deadLettersSeenBefore: 'yesterday' as unknown as Date, attemptsExpiredBefore: new Date() })
        .then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
    });

    it('should delete the dead letters last seen and the attempt windows expired before the given times, and count them', async () => {
      await store().saveDeadLetter(mockDeadLetter({ payload: 'old', at: '2025-01-01T00:00:00.000Z' }));
      await store().saveDeadLetter(mockDeadLetter({ payload: 'recent', at: '2025-03-01T00:00:00.000Z' }));
      await store().addAttempt({ key: 'login:a', window: 'w1', expiresAt: new Date(Date.now() + 60_000) });
      await store().addAttempt({ key: 'login:b', window: 'w1', expiresAt: new Date(Date.now() + 3_600_000) });
      const counts = await privacy().purgeExpired({
        deadLettersSeenBefore: new Date('2025-02-01T00:00:00Z'), attemptsExpiredBefore: new Date(Date.now() + 1_800_000),
      });
      expect(counts).to.deep.equal({ deadLetters: 1, attempts: 1 });
      expect((await store().listDeadLetters()).map((letter) => letter.payload)).to.deep.equal(['recent']);
      expect(await store().countAttempts({ key: 'login:a', window: 'w1' })).to.equal(0);
      expect(await store().countAttempts({ key: 'login:b', window: 'w1' })).to.equal(1);
      expect(await privacy().purgeExpired({ deadLettersSeenBefore: new Date(0), attemptsExpiredBefore: new Date(0) }))
        .to.deep.equal({ deadLetters: 0, attempts: 0 });
    });
  });

  describe('countProgramme()', () => {
    it('rejects malformed facts, naming the field', async () => {
      const bad = holderCertificate(1, 'h', { programme: { day: 'today', vaccine: 'X', dose: 1 } as ProgrammeFacts });
      const error = await store().saveIssued(bad).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError).with.property('message').that.contains('programme.day');
    });

    it('should count issued and revoked certificates per combination of facts, whatever their key order', async () => {
      const facts = { day: '2025-01-02', vaccine: 'Comirnaty', dose: 1 };
      const a = await store().saveIssued(holderCertificate(1, 'h1', { programme: { ...facts, sex: 'Male' } }));
      await store().saveIssued(holderCertificate(2, 'h2', { programme: { sex: 'Male', dose: 1, vaccine: 'Comirnaty', day: '2025-01-02' } }));
      await store().saveIssued(holderCertificate(3, 'h3', { programme: facts }));
      await store().saveIssued(mockCertificate(4));
      await store().setStatus(a.certificate.certificateId, 'revoked', 'error');
      const counts = await privacy().countProgramme();
      expect(counts).to.have.deep.members([
        { ...facts, sex: 'Male', issued: 2, revoked: 1 },
        { ...facts, issued: 1, revoked: 0 },
      ]);
    });
  });
}
