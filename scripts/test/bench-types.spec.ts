import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the benchmarks (bench/)', function () {
  this.timeout(180_000);

  // `npm run bench` runs through tsx, which strips types without checking them, and no test runs the bench: a
  // changed API would only show as a failed `npm run bench` much later (verifyCredential gained a required trust
  // list and the key benchmark broke unseen). Type-checking it against the built packages catches that now.
  it('type-check against the packages they measure (tsc -p bench)', () => {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'bench')], {
      cwd: ROOT, encoding: 'utf8',
    });
    expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).to.equal(0);
  });
});
