import type { ChildProcess } from 'node:child_process';
import type { OtlpReceiver } from './otlp-receiver';
import { OtlpReceiver as Receiver } from './otlp-receiver';
import { freePort, waitFor } from './ports';
import { spawnSample } from './sample-process';

/** One JSON log line of the sample service. */
export type LogLine = Record<string, unknown>;

/**
 * The sample service in a process of its own, started as its start command does (tracing
 * preload), with its stdout kept: each line must be one JSON object.
 */
export class TracedSample {
  private stdout = '';
  private stderr = '';
  readonly exited: Promise<{ code: number | null; at: number }>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => resolve({ code, at: performance.now() })),
    );
  }

  /** Starts it with `env` (LOG_LEVEL info unless given) and waits until it answers `/health`. */
  static async start(env: NodeJS.ProcessEnv): Promise<TracedSample> {
    const port = await freePort();
    const sample = new TracedSample(
      spawnSample(port, { LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '0', ...env }, 'pipe'),
      `http://127.0.0.1:${port}`,
    );
    try {
      await waitFor(
        `the sample on port ${port} (stderr: ${sample.stderr})`,
        async () => (await fetch(`${sample.url}/health`)).ok,
        60_000,
      );
    } catch (error) {
      // A sample that did not answer in time must not outlive the test (it would keep its port
      // and its CPU for the rest of the run).
      await sample.kill();
      throw error;
    }
    return sample;
  }

  /** POSTs `body` (JSON unless a string) to `path`. */
  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Everything written to stdout so far. */
  get output(): string {
    return this.stdout;
  }

  /** What it wrote to stderr. */
  get errors(): string {
    return this.stderr;
  }

  /** Every stdout line, parsed; a line that is not one JSON object fails the test. */
  logs(): LogLine[] {
    const complete = this.stdout.slice(0, this.stdout.lastIndexOf('\n') + 1);
    return complete
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          throw new Error(`A log line is not one JSON object: ${line}`);
        }
      });
  }

  /** Sends SIGTERM and waits for the exit; returns how long it took, in ms. */
  async terminate(): Promise<{ code: number | null; ms: number }> {
    if (this.child.exitCode !== null) return { code: this.child.exitCode, ms: 0 };
    const sent = performance.now();
    this.child.kill('SIGTERM');
    const { code, at } = await this.exited;
    return { code, ms: at - sent };
  }

  /** Makes sure the process is gone, and waits until it is (its pipes closed). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** The environment that makes the sample export its spans to `receiver` within 50 ms. */
export function exportingTo(receiver: OtlpReceiver): NodeJS.ProcessEnv {
  return {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '50',
  };
}

/**
 * Runs `test` against a sample exporting to a receiver of its own, started with `env` over
 * `exportingTo`, and stops both afterwards, whatever happens.
 */
export async function withExportingSample(
  env: NodeJS.ProcessEnv,
  test: (sample: TracedSample, receiver: OtlpReceiver) => Promise<void>,
): Promise<void> {
  const receiver = await Receiver.start();
  let sample: TracedSample | undefined;
  try {
    sample = await TracedSample.start({ ...exportingTo(receiver), ...env });
    await test(sample, receiver);
  } finally {
    await sample?.kill();
    await receiver.stop();
  }
}
