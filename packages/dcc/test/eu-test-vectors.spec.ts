import { expect } from 'chai';
import { euTestDataDir, listVectorFiles, runVector, STEPS, type Step, type Vector } from './fixtures/eu-test-vectors.js';

/** The files of dgc-testdata at commit 4a62c8d (INFRA.md): fewer means a broken or partial copy. */
const EXPECTED_FILES = 577;

/** Expectations of files whose own data is wrong upstream: [file, EXPECTED*, why]. We knowingly disagree. */
const SKIPS: readonly (readonly [string, Step, string])[] = [
  ['ES/2DCode/raw/401.json', 'EXPECTEDVERIFY', 'P-384 DSC and a 96-byte ES384 signature under an ES256 (-7) header (rust-italia/dgc#34)'],
  ['ES/2DCode/raw/402.json', 'EXPECTEDVERIFY', 'P-384 DSC and a 96-byte ES384 signature under an ES256 (-7) header (rust-italia/dgc#34)'],
  ['ES/2DCode/raw/403.json', 'EXPECTEDVERIFY', 'P-384 DSC and a 96-byte ES384 signature under an ES256 (-7) header (rust-italia/dgc#34)'],
  ['common/2DCode/raw/CO20.json', 'EXPECTEDVERIFY', 'protected header empty, not holding the kid its description says; alg only unprotected (RFC 9052 3.1)'],
  ['FR/2DCode/raw/test_pcr_ok.json', 'EXPECTEDVALIDJSON', 'its JSON has sc and dr two hours off the signed CBOR (time-zone slip)'],
  ['PL/1.3.0/2DCode/raw/1.json', 'EXPECTEDVALIDJSON', 'its JSON names another person (Akdi Omar) than the signed CBOR'],
  ['PL/1.3.0/2DCode/raw/5.json', 'EXPECTEDVALIDJSON', 'its JSON names another person (ik ben ben) than the signed CBOR'],
  ['IS/2DCode/raw/3.json', 'EXPECTEDKEYUSAGE', 'says "valid, no key usage": its only EKU is ICAO 2.23.136.1.1.14.2, no DCC OID (hcert A.4; IS/4, IS/5 expect true)'],
];

/**
 * `refused_earlier`: the file expects the step to fail and the verifier stopped before it, refusing the HC1 anyway;
 * `not_reached`: the file expects it to pass, but also expects an earlier step to fail, as the verifier did.
 */
type Verdict = 'agrees' | 'refused_earlier' | 'not_reached' | 'disagrees' | 'skipped';

const AGREEING: readonly Verdict[] = ['agrees', 'refused_earlier', 'not_reached'];

/** Whether the file states `false` for a step before `step` and the verifier failed it too (so it stopped there). */
function stoppedAsExpected(vector: Vector, step: Step): boolean {
  return STEPS.slice(0, STEPS.indexOf(step)).some((earlier) => vector.expected[earlier] === false && vector.outcomes[earlier] === 'fail');
}

function judge(vector: Vector, step: Step, skips = SKIPS): Verdict | undefined {
  const expected = vector.expected[step];
  if (expected === undefined) return undefined;
  if (skips.some(([file, skipped]) => file === vector.file && skipped === step)) return 'skipped';
  const outcome = vector.outcomes[step];
  if (outcome === 'unreached') return !expected ? 'refused_earlier' : stoppedAsExpected(vector, step) ? 'not_reached' : 'disagrees';
  return (outcome === 'pass') === expected ? 'agrees' : 'disagrees';
}

function describeOutcome(vector: Vector, step: Step): string {
  const codes = vector.verification.errors.map((error) => error.code).join(', ') || 'no errors';
  return `${vector.file}: expects ${step}=${String(vector.expected[step])}, the verifier says ${vector.outcomes[step]} (${codes})`;
}

describe('verifyHc1() against the official EU DCC test data', function () {
  this.timeout(120_000);
  let vectors: Vector[] = [];

  before(function () {
    const dir = euTestDataDir();
    if (dir === undefined) {
      // The data sits beside the checkout (../shared), not in it; a machine without it cannot run this suite.
      console.log('NOTICE: EU DCC test-vector suite skipped: neither <repo>/../shared/conformance/eu-dcc-testdata nor '
        + '$HEALTHCRED_CONFORMANCE_DIR/eu-dcc-testdata exists.');
      this.skip();
    }
    vectors = listVectorFiles(dir).map((file) => runVector(dir, file));
  });

  after(() => {
    if (vectors.length === 0) return;
    for (const step of STEPS) {
      const judged = vectors.map((vector) => judge(vector, step)).filter((verdict) => verdict !== undefined);
      const tally = [...new Set(judged)].map((verdict) => `${judged.filter((v) => v === verdict).length} ${verdict}`).join(', ');
      const stated = vectors.filter((vector) => vector.expected[step] !== undefined);
      console.log(`      ${step}: ${stated.length} files (${stated.filter((v) => v.expected[step] === false).length} false): ${tally}`);
    }
    const verdicts = vectors.map((vector) => STEPS.map((step) => judge(vector, step)).filter((v) => v !== undefined));
    const count = (test: (list: Verdict[]) => boolean) => verdicts.filter(test).length;
    console.log(`      ${vectors.length} files: ${count((l) => l.length > 0 && l.every((v) => AGREEING.includes(v)))} agree `
      + `on every result they state that the verifier speaks to, ${count((l) => l.includes('skipped'))} have a skipped result, `
      + `${count((l) => l.includes('disagrees'))} disagree, ${count((l) => l.length === 0)} state none of them`);
  });

  it(`should find every file of the shared test data (at least ${EXPECTED_FILES})`, () => {
    expect(vectors.length).to.be.at.least(EXPECTED_FILES);
  });

  for (const step of STEPS) {
    it(`should agree with every file that states ${step}`, () => {
      const judged = vectors.map((vector) => ({ vector, verdict: judge(vector, step) })).filter((item) => item.verdict !== undefined);
      const disagreements = judged.filter((item) => item.verdict === 'disagrees').map((item) => describeOutcome(item.vector, step));
      expect(disagreements).to.deep.equal([]);
      expect(judged.filter((item) => item.verdict === 'agrees').length, 'files agreeing').to.be.greaterThan(0);
    });
  }

  it('should refuse the 78 files whose DSC\'s DCC key usages (legacy 1.3.6.1.4.1.0.1847 OIDs among them) exclude the type', () => {
    const stating = vectors.filter((vector) => vector.expected.EXPECTEDKEYUSAGE !== undefined);
    const refused = stating.filter((vector) => vector.verification.errors.some((error) => error.code === 'dsc_not_allowed'));
    expect(refused.map((vector) => vector.file)).to.deep.equal(stating.filter((vector) => vector.expected.EXPECTEDKEYUSAGE === false
      && judge(vector, 'EXPECTEDKEYUSAGE') !== 'skipped').map((vector) => vector.file));
    expect(refused).to.have.length(78);
  });

  it('should report the P-384 keys under an ES256 header as key_type_mismatch, not as a bad signature', () => {
    for (const file of ['ES/2DCode/raw/401.json', 'ES/2DCode/raw/402.json', 'ES/2DCode/raw/403.json']) {
      const vector = vectors.find((item) => item.file === file);
      expect(vector?.verification.errors.map((error) => error.code), file).to.deep.equal(['key_type_mismatch']);
      expect(vector!.verification.errors[0]!.message).to.contain('EC P-384').and.to.contain('ES256');
    }
  });

  it('should still disagree with each skipped expectation (else it leaves the skip list)', () => {
    for (const [file, step, reason] of SKIPS) {
      const vector = vectors.find((item) => item.file === file);
      expect(vector, file).not.to.equal(undefined);
      expect(judge(vector!, step, []), `${file} ${step}: ${reason}`).to.equal('disagrees');
    }
  });
});
