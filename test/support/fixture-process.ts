import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { spawnPreloaded } from './sample-process';

/** A test fixture app in a process of its own (with the preload), its stdout kept. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  /** The ports it wrote to file descriptor 3. */
  readonly ports: number[];
  /** Its stdout so far. */
  stdout(): string;
  /** Its stdout's lines, parsed. */
  lines(): Record<string, unknown>[];
  kill(): Promise<void>;
}

/** Starts `test/fixtures/<name>.fixture.ts` with `env` and waits for the ports it writes. */
export async function startFixture(name: string, env: NodeJS.ProcessEnv): Promise<FixtureProcess> {
  const child = spawnPreloaded(
    join(__dirname, '..', 'fixtures', `${name}.fixture.ts`),
    [],
    { LOG_LEVEL: 'info', ...env },
    ['ignore', 'pipe', 'inherit', 'pipe'],
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ports = await new Promise<number[]>((resolve, reject) => {
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) =>
      resolve(String(data).trim().split(' ').map(Number)),
    );
    child.once('exit', (code) => reject(new Error(`the ${name} fixture exited with ${code}`)));
  });
  return {
    child,
    ports,
    stdout: () => out,
    lines: () =>
      out
        .slice(0, out.lastIndexOf('\n') + 1)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
