import { execFileSync } from 'node:child_process';

/**
 * What `promtool check metrics` (Prometheus's own linter) says of an exposition: '' when it finds
 * no error and no warning. A failing run reports everything the tool said.
 */
export function promtoolCheckMetrics(exposition: string): string {
  try {
    return execFileSync('promtool', ['check', 'metrics'], {
      input: exposition,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    throw new Error(`promtool exited ${e.status}:\n${e.stdout}${e.stderr}`, { cause: error });
  }
}
