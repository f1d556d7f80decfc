import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describeStorageFailure } from '@healthcred/errors';

/** Problems reported at most: the first ones say enough, and the check stops sooner on a badly damaged file. */
const MAX_PROBLEMS = 10;

// A connection of its own, read-only: the check reads one snapshot while the process goes on writing (WAL).
const { path } = workerData as { path: string };
let problems: string[];
try {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`) as { quick_check: string }[];
    problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  } finally {
    db.close();
  }
} catch (error) {
  problems = [describeStorageFailure(error)?.problem ?? 'the check could not read the file'];
}
parentPort!.postMessage({ problems });
