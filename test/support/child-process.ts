import type { ChildProcess } from 'node:child_process';

/** Kills `child` (SIGKILL) unless it has exited already, and waits for it to exit. */
export async function killChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
