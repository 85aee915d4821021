import type { ChildProcess, StdioOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * Runs the TypeScript file `script` (with `args`) in a process of its own, as a service started
 * with the SDK's tracing preload runs, and as the sample's start command runs it (Node's own
 * plain-text copy of a process warning off, the SDK writing it as JSON):
 * `node --no-warnings --require ts-register --require instrumentation`.
 */
export function spawnPreloaded(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions,
): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--no-warnings',
      '--require',
      join(ROOT, 'scripts/ts-register.cjs'),
      '--require',
      join(ROOT, 'libs/observability/src/register/index.ts'),
      script,
      ...args,
    ],
    { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * The processes started here that are still running. A test that fails before it kills its
 * process (a start that timed out) must not leave it running for the rest of the suite, holding
 * a port and CPU: whatever is left is killed when the test file's worker exits.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the sample service from source in a process of its own, as its start command does (with
 * the tracing preload), on 127.0.0.1:`port`, with quiet logs, no Redis, the embedded store and no
 * trace exporter unless `env` says otherwise. `stdio: 'pipe'` lets a test read its output.
 */
export function spawnSample(
  port: number,
  env: NodeJS.ProcessEnv = {},
  stdio: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawnPreloaded(
    join(ROOT, 'apps/prediction-api/src/main.ts'),
    [],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      REDIS_URL: '',
      DATABASE_URL: '',
      OTEL_TRACES_EXPORTER: 'none',
      ...env,
    },
    stdio,
  );
}
