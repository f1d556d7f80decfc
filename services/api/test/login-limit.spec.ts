import { expect } from 'chai';
import type { Request } from 'express';
import { pino } from 'pino';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import { AUDITED_LOGIN_FAILURES_PER_MINUTE, createLoginGuard } from '../src/login-limit.js';

const MINUTE = 60_000;
const from = (ip: string) => ({ ip, method: 'POST', originalUrl: '/admin/keys/rotate?x=1' }) as unknown as Request;

describe('createLoginGuard()', () => {
  let store: CredentialStore;
  let offset: number;
  const logged: string[] = [];
  // Near the real time, taken per test (mocha loads every file minutes before it runs this one): the store forgets
  // attempt windows by its own clock.
  let start: number;
  const guard = () => createLoginGuard({
    store, now: () => start + offset, logger: pino({ level: 'warn' }, { write: (line: string) => { logged.push(line); } }),
  });

  beforeEach(() => {
    start = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
    store = openSqliteStore({ path: ':memory:' });
    offset = 0;
    logged.length = 0;
  });
  afterEach(() => store.close());

  it('should refuse a client after 10 failures until its minute ends, then let it try again', async () => {
    const login = guard();
    for (let n = 0; n < 10; n += 1) {
      await login.check(from('10.0.0.1'));
      await login.fail(from('10.0.0.1'), 'admin API');
    }
    const refused = await login.check(from('10.0.0.1')).catch((e: unknown) => e);
    expect(refused).to.include({ code: 'rate_limited', retryAfter: 59 });
    await login.check(from('10.0.0.2'));
    offset = MINUTE;
    await login.check(from('10.0.0.1'));
  });

  it('should audit a client\'s first failure of each minute only, with the path but not the query', async () => {
    const login = guard();
    for (let n = 0; n < 3; n += 1) await login.fail(from('10.0.0.1'), 'admin API');
    offset = MINUTE + 5_000;
    await login.fail(from('10.0.0.1'), 'admin API');
    const audit = (await store.listAudit()).reverse();
    expect(audit.map((e) => [e.at, e.action, e.details?.['path'], e.details?.['method']])).to.deep.equal([
      [new Date(start).toISOString(), 'auth.failure', '/admin/keys/rotate', 'POST'],
      [new Date(start + MINUTE + 5_000).toISOString(), 'auth.failure', '/admin/keys/rotate', 'POST'],
    ]);
    expect(logged).to.have.length(4);
  });

  it('should stop auditing past 60 clients in a minute, logging them instead, so a flood cannot fill the disk', async () => {
    const login = guard();
    for (let n = 0; n <= AUDITED_LOGIN_FAILURES_PER_MINUTE; n += 1) await login.fail(from(`10.0.1.${n}`), 'DHIS2 webhook');
    expect(await store.listAudit({ limit: 1000 })).to.have.length(AUDITED_LOGIN_FAILURES_PER_MINUTE);
    expect(logged.filter((line) => line.includes('not audited'))).to.have.length(1);
  });
});
