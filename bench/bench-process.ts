/**
 * The benchmarks' servers and collector stand-ins, each in a process of its own (as in
 * production), so their CPU is their own.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A started process and the port it wrote to file descriptor 3. */
export interface BenchProcess {
  readonly port: number;
  readonly child: ChildProcess;
}

/**
 * Starts `script` (a TypeScript file under bench/) in its own process, with `preload` (under
 * bench/) required first when given; resolves with the port it writes to file descriptor 3. Its
 * stdout (the logs) is discarded.
 */
export function startProcess(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  preload?: string,
): Promise<BenchProcess> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      join(__dirname, '../scripts/ts-register.cjs'),
      ...(preload ? ['--require', join(__dirname, preload)] : []),
      join(__dirname, script),
      ...args,
    ],
    {
      env: { ...process.env, ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) =>
      resolve({ port: Number(String(data).trim()), child }),
    );
    child.once('exit', (code) =>
      reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
