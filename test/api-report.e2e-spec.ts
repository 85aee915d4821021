import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

function check(reports?: string) {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/api-report.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...(reports ? { API_REPORT_DIR: reports } : {}) },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the committed API report of each entry point', () => {
  it('matches the public API of the built package', () => {
    const run = check();
    expect(run.output).toContain('API reports of 4 entry points are up to date.');
    expect(run.status).toBe(0);
  });

  it('fails the check, naming the entry point and the fix, when the API differs from its report', () => {
    const reports = mkdtempSync(join(tmpdir(), 'api-reports-'));
    try {
      cpSync(join(ROOT, 'libs/observability/api'), reports, { recursive: true });
      const file = join(reports, 'nestjs-observability-testing.api.md');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('reset(): void;', 'reset(): boolean;'),
      );
      const run = check(reports);
      expect(run.status).toBe(1);
      expect(run.output).toContain(
        'The public API of nestjs-observability-testing changed. Fix: run npm run api:update',
      );
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });
});
