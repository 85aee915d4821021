import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './support/ports';
import { spawnPreloaded } from './support/sample-process';
import { TracedSample } from './support/traced-sample';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `fixture` with `env`, stopped by SIGTERM once it wrote `until` to fd 3 (when given); else
 * it is expected to exit by itself.
 */
async function run(fixture: string, env: NodeJS.ProcessEnv, until?: string): Promise<Run> {
  const child = spawnPreloaded(
    join(__dirname, 'fixtures', fixture),
    [],
    { LOG_LEVEL: 'info', ...env },
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
    if (until !== undefined) {
      await waitFor(`the fixture to write ${until}`, async () => port.includes(until), 30_000);
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
    const { code, stdout, stderr } = await run(
      'boot-output.fixture.ts',
      { FAIL: fail ?? '' },
      fail === undefined ? '\n' : undefined,
    );
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

describe('process warnings and console calls are JSON lines too, secrets redacted', () => {
  it('writes each distinct warning once (warn, its type, code and stack) and every console call at its level', async () => {
    const { code, stdout, stderr } = await run('stray-output.fixture.ts', {}, 'done');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = jsonLines(stdout);
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String) });
      expect(line).toMatchObject({ msg: expect.any(String), service: expect.any(String) });
    }
    expect(stdout).not.toMatch(/canary/);

    const warnings = lines.filter((l) => l.context === 'Process');
    expect(warnings.map((l) => [l.level, (l.err as { type: string }).type])).toEqual([
      ['warn', 'DeprecationWarning'], // emitted twice, written once
      ['warn', 'ExperimentalWarning'],
      ['warn', 'MaxListenersExceededWarning'],
    ]);
    expect(warnings[0]).toMatchObject({
      msg: 'old API used with password=[REDACTED]',
      err: { code: 'DEP_STRAY', stack: expect.stringContaining('stray-output.fixture.ts') },
    });

    const consoleLines = lines.filter((l) => l.context === 'console');
    expect(consoleLines.map((l) => [l.level, l.msg])).toEqual([
      ['info', "stray log { user: 'ada', password: '[REDACTED]' }"],
      ['info', 'stray info 2'],
      ['warn', 'stray warn'],
      ['error', 'stray error connecting to postgres://app:[REDACTED]@db:5432/x'],
      ['error', 'stray failure: TypeError: bad token=[REDACTED]'],
    ]);
    expect(consoleLines[4]?.err).toMatchObject({
      type: 'TypeError',
      message: 'bad token=[REDACTED]',
      stack: expect.stringContaining('    at '),
    });
  });

  it('the sample, started as its start command does, writes only JSON lines from start to exit', async () => {
    // The test starts it as `npm start` does: with Node's own copy of a warning off.
    const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toMatch(/^node --no-warnings /);
    const sample = await TracedSample.start({});
    try {
      expect((await sample.post('/predict', { bad: 'input' })).status).toBe(400);
      const { code } = await sample.terminate();
      expect(code).toBe(0);
      expect(sample.errors).toBe('');
      expect(sample.logs().length).toBeGreaterThan(0);
      expect(sample.output.endsWith('\n')).toBe(true);
    } finally {
      await sample.kill();
    }
  }, 90_000);
});
