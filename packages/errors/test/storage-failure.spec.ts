import { expect } from 'chai';
import { describeStorageFailure } from '@healthcred/errors';

const withCode = (code: unknown) => Object.assign(new Error('engine message'), { code });

describe('describeStorageFailure()', () => {
  describe('negative', () => {
    it('describes nothing that is not a storage failure', () => {
      for (const error of [new Error('x'), withCode('SQLITE_CONSTRAINT_UNIQUE'), withCode('SQLITE_BUSY'), withCode('ECONNREFUSED'),
        withCode('constructor'), withCode(11000), 'SQLITE_FULL', undefined, null]) {
        expect(describeStorageFailure(error), String((error as { code?: unknown })?.code ?? error)).to.equal(undefined);
      }
    });
  });

  it('names a full disk, a read-only file system and corruption in words, from SQLite and file system codes', () => {
    expect(describeStorageFailure(withCode('SQLITE_FULL'))).to.deep.equal({ problem: 'the disk is full', retryable: true });
    expect(describeStorageFailure(withCode('ENOSPC'))?.problem).to.equal('the disk is full');
    expect(describeStorageFailure(withCode('EROFS'))?.problem).to.equal('the file system is read-only');
    expect(describeStorageFailure(withCode('EACCES'))?.problem).to.contain('read-only for this user');
    expect(describeStorageFailure(withCode('SQLITE_READONLY_DBMOVED'))?.problem).to.match(/^the database is read-only \(a read-only file system/);
    expect(describeStorageFailure(withCode('SQLITE_CORRUPT_INDEX'))).to.deep.equal({ problem: 'the database file is corrupt', retryable: false });
    expect(describeStorageFailure(withCode('SQLITE_IOERR_WRITE'))?.problem).to.contain('remounted read-only');
  });
});
