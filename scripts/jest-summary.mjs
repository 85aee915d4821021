// Runs Jest (arguments pass through) and ends with the plain line `N passed, N failed`,
// which CI reads. A suite that fails to load counts as one failure, so it is never hidden.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const jestBin = require.resolve('jest/bin/jest');
const dir = mkdtempSync(join(tmpdir(), 'jest-summary-'));
const out = join(dir, 'results.json');
const nodeOptions = [
  process.env.NODE_OPTIONS ?? '',
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
  // Memory tests collect garbage before they measure the heap.
  '--expose-gc',
].join(' ');

const run = spawnSync(
  process.execPath,
  [jestBin, '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    // Applications started inside Jest log nothing unless a test asks (access logs would bury
    // the report); tests that read logs set their own level.
    env: { LOG_LEVEL: 'silent', ...process.env, NODE_OPTIONS: nodeOptions.trim() },
  },
);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  if (results.numPendingTests + results.numTodoTests > 0) {
    console.error(
      `${results.numPendingTests + results.numTodoTests} tests were skipped: CI runs every test.`,
    );
    failed += results.numPendingTests + results.numTodoTests;
  }
} catch (error) {
  console.error(`Jest wrote no results (${error.message}).`);
  failed = Math.max(failed, 1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
