import { join } from 'node:path';
import { waitFor } from './support/ports';
import { spawnPreloaded } from './support/sample-process';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the boot-output fixture failing as `fail` says (or stopped by SIGTERM once it listens). */
async function run(fail: string | undefined): Promise<Run> {
  const child = spawnPreloaded(
    join(__dirname, 'fixtures', 'boot-output.fixture.ts'),
    [],
    { FAIL: fail ?? '', LOG_LEVEL: 'info' },
    ['ignore', 'pipe', 'pipe', 'pipe'],
  );
  let stdout = '';
  let stderr = '';
  let port = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (port += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    if (fail === undefined) {
      await waitFor('the fixture to listen', async () => port.includes('\n'), 30_000);
      child.kill('SIGTERM');
    }
    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit\n${stdout}\n${stderr}`)), 30_000),
      ),
    ]);
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Every line of `text`, parsed: a line that is not JSON fails the test, naming it. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
}

describe('every line the process writes is JSON, from the first byte, secrets redacted', () => {
  it.each([
    ['a provider throws while Nest creates the application', 'provider', 'could not connect'],
    ['an exception is thrown after it started', 'uncaught', 'bad state'],
    ['a promise is rejected with no handler', 'rejection', 'lost'],
    ['it starts and stops on SIGTERM', undefined, undefined],
  ])('when %s', async (_case, fail, errorText) => {
    const { code, stdout, stderr } = await run(fail);
    const lines = [...jsonLines(stdout), ...jsonLines(stderr)];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        msg: expect.any(String),
        service: expect.any(String),
      });
    }
    expect(`${stdout}${stderr}`).not.toMatch(/canary/);
    if (errorText === undefined) {
      expect(code).toBe(0);
      expect(lines.some((l) => l.msg === 'Nest application successfully started')).toBe(true);
      return;
    }
    expect(code).toBe(1);
    const failure = lines.find((l) => JSON.stringify(l.err ?? {}).includes(errorText)) as {
      level: string;
      service: string;
      err: { type: string; message: string; stack: string };
    };
    expect(failure).toBeDefined();
    expect(['error', 'fatal']).toContain(failure.level);
    expect(failure.service).toBe('boot-output');
    expect(failure.err.type).toBe(fail === 'uncaught' ? 'TypeError' : 'Error');
    expect(failure.err.message).toContain('postgres://app:[REDACTED]@db:5432/x');
    expect(failure.err.stack).toContain('    at ');
  });
});
