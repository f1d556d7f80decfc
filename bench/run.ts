// Benchmarks, one run (`npm run bench` runs this under scripts/services.mjs, for the national pipeline figure): `node --import tsx bench/run.ts [--json] [--seconds=2] [--runs=1] [--only=crypto --only=credentials]`.
// Progress goes to stderr; the figures to stdout, as a table or (--json) as one JSON object. Each group of
// measurements is a module in measurements/ (setup once, then named figures); add one to MODULES. With --runs=N the
// whole set is measured N times over and each figure is the median, which steadies figures on a noisy machine.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { BenchmarkModule } from './measure.js';
import { credentialBenchmarks } from './measurements/credentials.js';
import { coreBenchmarks } from './measurements/cores.js';
import { cryptoBenchmarks } from './measurements/crypto.js';
import { dhis2PullBenchmarks } from './measurements/dhis2-pull.js';
import { divocBenchmarks } from './measurements/divoc.js';
import { divocVerifyBenchmarks } from './measurements/divoc-verify.js';
import { floodBenchmarks } from './measurements/floods.js';
import { httpBenchmarks } from './measurements/http.js';
import { keyBenchmarks } from './measurements/keys.js';
import { pipelineBenchmarks } from './measurements/pipeline.js';
import { privacyBenchmarks } from './measurements/privacy.js';
import { qrBenchmarks } from './measurements/qr.js';

const MODULES: readonly BenchmarkModule[] = [
  cryptoBenchmarks, credentialBenchmarks, coreBenchmarks, pipelineBenchmarks, keyBenchmarks, httpBenchmarks, floodBenchmarks, qrBenchmarks,
  divocBenchmarks, divocVerifyBenchmarks, dhis2PullBenchmarks, privacyBenchmarks,
];

/** Ratios reported beside the raw figures: [name, numerator, denominator: a figure, or a goal's number]. */
const RATIOS: readonly [string, string, string | number][] = [
  ['issue_ratio', 'issue_per_s', 'stock_issue_per_s'],
  ['issue_vc2_ratio', 'issue_vc2_per_s', 'stock_issue_vc2_per_s'],
  ['verify_ratio', 'verify_per_s', 'stock_verify_per_s'],
  ['issue_vs_ed25519', 'issue_per_s', 'ed25519_sign_per_s'],
  ['issue_vs_ed25519_cpu', 'ed25519_sign_beside_issue_cpu_us', 'issue_beside_sign_cpu_us'],
  ['pipeline_vs_issue', 'pipeline_per_s', 'issue_per_s'],
  ['pipeline_national_vs_embedded', 'pipeline_national_per_s', 'pipeline_per_s'],
  ['reissue_vs_issue', 'reissue_per_s', 'issue_per_s'],
  ['issue_all_cores_vs_one_core', 'issue_per_s_all_cores', 'issue_per_s'],
  ['verify_http_all_cores_vs_one', 'verify_http_rps_all_cores', 'verify_http_rps'],
  ['verify_http_all_cores_cpu_vs_one', 'verify_http_all_cores_cpu_us', 'verify_http_cpu_us'],
  ['pdf_cached_vs_250_goal', 'pdf_cached_per_s', 250], ['pdf_rendered_vs_250_goal', 'pdf_rendered_per_s', 250],
  ['rsa_divoc_issue_ratio', 'rsa_divoc_issue_per_s', 'rsa_divoc_library_issue_per_s'],
  ['ed25519_divoc_issue_ratio', 'ed25519_divoc_issue_per_s', 'ed25519_divoc_library_issue_per_s'],
  ['rsa_divoc_issue_vs_sign', 'rsa_divoc_issue_per_s', 'rsa_jws_sign_per_s'],
  ['rsa_divoc_issue_ratio_all_cores', 'rsa_divoc_issue_per_s_all_cores', 'rsa_divoc_library_issue_per_s'],
  ['ed25519_divoc_issue_ratio_all_cores', 'ed25519_divoc_issue_per_s_all_cores', 'ed25519_divoc_library_issue_per_s'],
  ['divoc_verify_rsa_ratio', 'divoc_verify_rsa_per_s', 'divoc_stock_verify_rsa_per_s'],
  ['divoc_verify_ed25519_ratio', 'divoc_verify_ed25519_per_s', 'divoc_stock_verify_ed25519_per_s'],
];

/** Issue #21's goals: [figure, at least (>=) or at most (<=), goal]. The summary says which a run met. */
const GOALS: readonly [string, '>=' | '<=', number][] = [
  ['issue_vs_ed25519', '>=', 0.5], ['issue_vs_ed25519_cpu', '>=', 0.5], ['issue_all_cores_vs_one_core', '>=', 1.8], ['pipeline_per_s', '>=', 5000],
  ['verify_http_cpu_vs_in_process', '<=', 1.5], ['pdf_cached_per_s', '>=', 250], ['pdf_rendered_per_s', '>=', 250],
  ['pdf_rendered_per_s_cpu_all_cores', '>=', 250],
];

/** India's record day, 25 million doses: how long the embedded pipeline's rate takes for it. */
const RECORD_DAY_DOSES = 25_000_000;

const rounded = (value: number) => (value >= 100 ? Math.round(value) : Math.round(value * 10) / 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' }, seconds: { type: 'string' }, runs: { type: 'string' }, only: { type: 'string', multiple: true },
    },
  });
  const seconds = Number(values.seconds ?? 2);
  if (!(seconds > 0)) throw new Error('--seconds must be a positive number.');
  const runs = Number(values.runs ?? 1);
  if (!Number.isInteger(runs) || runs < 1 || runs > 9) throw new Error('--runs must be a whole number from 1 to 9.');
  const modules = MODULES.filter((m) => !values.only || values.only.includes(m.name));
  const measurements = [];
  for (const module of modules) measurements.push(...(await module.setup()).map((measurement) => ({ module, measurement })));
  const samples: Record<string, number[]> = {};
  for (let run = 1; run <= runs; run++) {
    for (const { module, measurement } of measurements) {
      process.stderr.write(`bench ${runs > 1 ? `run ${run}/${runs} ` : ''}${module.name}: ${measurement.label} ... `);
      const figure = await measurement.run({ seconds });
      const figures = Object.entries(typeof figure === 'number' ? { [measurement.name]: figure } : figure);
      for (const [name, value] of figures) (samples[name] ??= []).push(value);
      process.stderr.write(`${figures.map(([name, value]) => `${name} ${rounded(value)}`).join(', ')}\n`);
    }
  }
  const results: Record<string, number> = { cores: availableParallelism(), runs };
  for (const [name, values] of Object.entries(samples)) results[name] = rounded(median(values));
  for (const [name, numerator, denominator] of RATIOS) {
    const top = results[numerator];
    const bottom = typeof denominator === 'number' ? denominator : results[denominator];
    if (top !== undefined && bottom) results[name] = Math.round((top / bottom) * 100) / 100;
  }
  if (results['pipeline_per_s']) results['pipeline_record_day_hours'] = rounded(RECORD_DAY_DOSES / results['pipeline_per_s'] / 3600);
  const goals = GOALS.filter(([figure]) => results[figure] !== undefined).map(([figure, direction, goal]) => {
    const value = results[figure]!;
    return { figure, goal: `${direction} ${goal}`, value, met: direction === '>=' ? value >= goal : value <= goal };
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...results, goals })}\n`);
  } else {
    for (const [name, value] of Object.entries(results)) process.stdout.write(`${name.padEnd(30)} ${value}\n`);
    for (const { figure, goal, value, met } of goals) process.stdout.write(`goal ${figure} ${goal}: ${value}, ${met ? 'met' : 'missed'}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
