import { dashboardRows } from './dashboard-panels';
import { goldenSignalAlerts, sloAlertRules, sloRecordingRules } from './prometheus-rules';
import type { RuleOptions } from './rule-options';
import type { SloDefinition } from './slo.interface';

const SLOS: SloDefinition[] = [
  {
    name: 'availability',
    type: 'availability',
    target: { kind: 'http' },
    objective: 0.999,
    window: '30d',
  },
  {
    name: 'predict-latency',
    type: 'latency',
    target: { kind: 'http', route: '/predict' },
    thresholdSeconds: 0.25,
    objective: 0.99,
    window: '30d',
  },
  {
    name: 'scoring',
    type: 'availability',
    target: { kind: 'method', className: 'Scorer', methodName: 'score' },
    objective: 0.99,
    window: '7d',
  },
];

/** Every series selector of a PromQL expression: a metric name and its braces, or bare braces. */
function selectors(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)?\{[^}]*\}/g)].map((m) => m[0]);
}

/** Every metric a PromQL expression reads, without braces (such as `http_requests_total[5m]`). */
function bareMetrics(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  return [...withoutStrings.matchAll(/\b([a-z_:][a-z0-9_:]*)(\[|\)|\s|$)/g)]
    .map((m) => m[1] as string)
    .filter((name) => name.includes('_') && !['sum', 'rate', 'max', 'vector'].includes(name));
}

describe('generated rules, alerts and panels select and carry the job', () => {
  const options: RuleOptions = { serviceName: 'billing', job: 'payments/billing', prefix: 'app_' };
  const rules = [
    ...sloRecordingRules(SLOS, options),
    ...sloAlertRules(SLOS, options),
    goldenSignalAlerts(options),
  ].flatMap((g) => g.rules);

  it('selects the job in every selector of every rule and alert, and reads no metric without one', () => {
    for (const rule of rules) {
      const found = selectors(rule.expr);
      if (rule.expr.startsWith('vector(')) continue;
      expect(found.length).toBeGreaterThan(0);
      for (const selector of found) expect(selector).toContain('job="payments/billing"');
      expect(bareMetrics(rule.expr)).toEqual([]);
    }
  });

  it('labels every recorded series and every alert with the job', () => {
    for (const rule of rules) expect(rule.labels?.job).toBe('payments/billing');
  });

  it('gives two services with an SLO of the same name series of different labels', () => {
    const labels = (job: string) =>
      sloRecordingRules(SLOS, { serviceName: job }).flatMap((g) =>
        g.rules.map((r) => `${'record' in r ? r.record : ''}${JSON.stringify(r.labels)}`),
      );
    const a = labels('billing');
    const b = new Set(labels('checkout'));
    expect(a.filter((series) => b.has(series))).toEqual([]);
  });

  it('reads a bad-event rate of 0 where an availability SLI has traffic but no failure series', () => {
    const [availability, , method] = sloRecordingRules(SLOS, options);
    expect(availability?.rules[0]?.expr).toContain(
      ' or 0 * sum(rate(app_http_requests_total{job="payments/billing"}[5m])))',
    );
    expect(method?.rules[0]?.expr).toContain(
      ' or 0 * sum(rate(method_duration_seconds_count{job="payments/billing",class="Scorer",method="score"}[5m])))',
    );
  });

  it("selects the dashboard's $job (and $instance on per-instance series) with $__rate_interval", () => {
    for (const row of dashboardRows(SLOS, options)) {
      for (const panel of row.panels) {
        for (const { expr, legend } of panel.queries) {
          expect(legend).not.toBe('');
          expect(expr).not.toMatch(/\[\d+[smhd]\]/);
          for (const selector of selectors(expr)) expect(selector).toContain('job="$job"');
          if (!expr.includes('slo:')) {
            for (const selector of selectors(expr))
              expect(selector).toContain('instance=~"$instance"');
            if (expr.includes('rate(')) expect(expr).toContain('[$__rate_interval]');
          }
        }
      }
    }
  });

  it('escapes a job or route that PromQL would otherwise end early', () => {
    const [group] = sloRecordingRules(
      [{ ...(SLOS[1] as SloDefinition), target: { kind: 'http', route: '/a"b' } }],
      { serviceName: 'svc', job: 'ns\\"x' },
    );
    expect(group?.rules[0]?.expr).toContain('{job="ns\\\\\\"x",route="/a\\"b"}');
  });
});
