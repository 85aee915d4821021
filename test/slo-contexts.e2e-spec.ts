import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SloDefinition } from 'nestjs-observability/slo';
import {
  generateDeployFiles,
  generatePrometheusFiles,
  validateSlos,
} from 'nestjs-observability/slo';
import { stringify } from 'yaml';

const SLOS: SloDefinition[] = [
  {
    name: 'orders-rpc',
    type: 'availability',
    target: { kind: 'rpc', method: 'orders.get', system: 'nats' },
    objective: 0.99,
    window: '30d',
  },
  {
    name: 'orders-rpc-latency',
    type: 'latency',
    target: { kind: 'rpc', method: 'orders.get' },
    thresholdSeconds: 0.25,
    objective: 0.99,
    window: '30d',
  },
  {
    name: 'scoring-jobs',
    type: 'availability',
    target: { kind: 'queue', destination: 'scoring', system: 'bullmq' },
    objective: 0.95,
    window: '7d',
  },
  {
    name: 'scoring-wait',
    type: 'latency',
    target: { kind: 'queue', destination: 'scoring' },
    thresholdSeconds: 30,
    objective: 0.9,
    window: '7d',
  },
  {
    name: 'retention-task',
    type: 'availability',
    target: { kind: 'task', task: 'retention' },
    objective: 0.9,
    window: '7d',
  },
];

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout: string; stderr: string };
    throw new Error(`promtool ${args.join(' ')}:\n${e.stdout}${e.stderr}`, { cause: error });
  }
}

describe('SLOs for an RPC method, a queue and a scheduled task', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slo-contexts-'));
    const files = generatePrometheusFiles(SLOS, { job: 'svc', serviceName: 'svc' });
    writeFileSync(join(dir, 'slo-rules.yml'), files['slo-rules.yml'] as string);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are valid, and a missing name, an unknown kind or a threshold off the buckets is refused', () => {
    expect(validateSlos(SLOS)).toEqual([]);
    const bad = validateSlos([
      { ...SLOS[0], target: { kind: 'rpc', method: '' } },
      { ...SLOS[1], name: 'b', thresholdSeconds: 0.2 },
      { ...SLOS[2], name: 'c', target: { kind: 'queues', destination: 'x' } },
      { ...SLOS[4], name: 'd', target: { kind: 'task' } },
    ]);
    expect(bad.map((p) => p.option)).toEqual([
      'slos[0].target.method',
      'slos[1].thresholdSeconds',
      'slos[2].target.kind',
      'slos[3].target.task',
    ]);
    expect(bad[1]?.expected).toContain('rpc_server_duration_seconds');
  });

  it('each gets its dashboard row', () => {
    const files = generateDeployFiles(SLOS, { job: 'svc', serviceName: 'svc' });
    const dashboard = files['grafana/svc.json'] as string;
    for (const slo of SLOS) expect(dashboard).toContain(`slo=\\"${slo.name}\\"`);
  });

  it('their rules pass promtool check rules', () => {
    expect(promtool('check', 'rules', join(dir, 'slo-rules.yml'))).toMatch(/SUCCESS: \d+ rules/);
  });

  it('promtool computes the SLIs from the SDK’s series, and alerts on a stale task', () => {
    const series = (name: string, labels: Record<string, string>, values: string) => ({
      series: `${name}{${Object.entries({ job: 'svc', ...labels })
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')}}`,
      values,
    });
    const queue = { messaging_system: 'bullmq', messaging_destination_name: 'scoring' };
    const rpc = { rpc_system: 'nats', rpc_method: 'orders.get' };
    const test = {
      rule_files: ['slo-rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            series(
              'messaging_process_duration_seconds_count',
              { ...queue, outcome: 'completed' },
              '0+90x60',
            ),
            series(
              'messaging_process_duration_seconds_count',
              { ...queue, outcome: 'failed' },
              '0+10x60',
            ),
            series(
              'messaging_process_duration_seconds_count',
              { ...queue, outcome: 'retried' },
              '0+500x60',
            ),
            series('rpc_server_duration_seconds_count', { ...rpc, outcome: 'success' }, '0+99x60'),
            series('rpc_server_duration_seconds_count', { ...rpc, outcome: 'error' }, '0+1x60'),
            series('scheduled_task_last_success_timestamp_seconds', { task: 'retention' }, '0x60'),
            series('scheduled_task_period_seconds', { task: 'retention' }, '60x60'),
          ],
          promql_expr_test: [
            {
              expr: 'slo:sli_error:ratio_rate5m{slo="scoring-jobs"}',
              eval_time: '30m',
              exp_samples: [
                { labels: 'slo:sli_error:ratio_rate5m{job="svc",slo="scoring-jobs"}', value: 0.1 },
              ],
            },
            {
              expr: 'slo:sli_error:ratio_rate5m{slo="orders-rpc"}',
              eval_time: '30m',
              exp_samples: [
                { labels: 'slo:sli_error:ratio_rate5m{job="svc",slo="orders-rpc"}', value: 0.01 },
              ],
            },
          ],
          alert_rule_test: [
            {
              eval_time: '30m',
              alertname: 'ScheduledTaskStale',
              exp_alerts: [
                {
                  exp_labels: {
                    severity: 'ticket',
                    job: 'svc',
                    slo: 'retention-task',
                    task: 'retention',
                  },
                  exp_annotations: {
                    summary:
                      'svc/retention-task: task retention has not succeeded for more than twice its period',
                    description: 'retention-task: last success 30m 0s ago.',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yml'), stringify(test));
    expect(promtool('test', 'rules', join(dir, 'test.yml'))).toMatch(/SUCCESS/);
  });
});
