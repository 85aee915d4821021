import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';

/** One sample of an instant query: its labels and value. */
export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/**
 * A dashboard panel's PromQL as Grafana sends it: `$job` set to `job`, `$instance` to "All" (its
 * `.*`), and `$__rate_interval` to one minute (60 samples at the test's 1 s scrape interval).
 */
export function dashboardQuery(expr: string, job: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$instance', '.*')
    .replaceAll('$job', job);
}

/**
 * A Prometheus server of the test's own (Debian's package): loopback only, a temporary data
 * directory, the given rule files, short scrape and evaluation intervals, static targets per job.
 */
export class PrivatePrometheus {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(
    jobs: Readonly<Record<string, readonly string[]>>,
    ruleFiles: readonly string[],
  ): Promise<PrivatePrometheus> {
    const dir = mkdtempSync(join(tmpdir(), 'obs-prom-'));
    const names = ruleFiles.map((file, i) => {
      const name = `rules-${i}.yml`;
      copyFileSync(file, join(dir, name));
      return name;
    });
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      ...names.map((n) => `  - ${n}`),
      'scrape_configs:',
      ...Object.entries(jobs).flatMap(([job, targets]) => [
        `  - job_name: ${job}`,
        '    static_configs:',
        `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      ]),
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    const prometheus = new PrivatePrometheus(child, dir, port);
    await waitFor(
      'Prometheus to be ready',
      async () => (await fetch(`${prometheus.url}/-/ready`)).ok,
      30_000,
    );
    return prometheus;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs an instant PromQL query. */
  async query(promql: string): Promise<PromSample[]> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success')
      throw new Error(`PromQL ${promql} failed: ${body.error ?? response.status}`);
    return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** The alerts Prometheus holds now, with their state. */
  async alerts(): Promise<{ labels: Record<string, string>; state: string }[]> {
    const body = (await (await fetch(`${this.url}/api/v1/alerts`)).json()) as {
      data: { alerts: { labels: Record<string, string>; state: string }[] };
    };
    return body.data.alerts;
  }

  /** Every rule Prometheus evaluates, with its health and last evaluation error. */
  async rules(): Promise<{ name: string; health: string; lastError?: string }[]> {
    const body = (await (await fetch(`${this.url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    return body.data.groups.flatMap((g) => g.rules);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
