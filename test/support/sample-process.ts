import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * Starts the sample service from source in a process of its own, on 127.0.0.1:`port`, with quiet
 * logs, no Redis and the embedded store unless `env` says otherwise.
 */
export function spawnSample(port: number, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--require',
      join(ROOT, 'scripts/ts-register.cjs'),
      join(ROOT, 'apps/prediction-api/src/main.ts'),
    ],
    {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        REDIS_URL: '',
        DATABASE_URL: '',
        ...env,
      },
      stdio: 'ignore',
    },
  );
}
