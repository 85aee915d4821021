import { resolveRuleOptions, validateRuleOptions } from './rule-options';

describe('validateRuleOptions', () => {
  const base = { serviceName: 'prediction-api' };
  const problemsOf = (options: Record<string, unknown>) =>
    validateRuleOptions({ ...base, ...options }).map((p) => p.option);

  it('accepts the service name alone, the job alone, or both', () => {
    expect(validateRuleOptions({ serviceName: 'prediction-api' })).toEqual([]);
    expect(validateRuleOptions({ job: 'prediction-api' })).toEqual([]);
    expect(validateRuleOptions({ serviceName: 'billing', job: 'payments/billing' })).toEqual([]);
  });

  it('needs a name, and a job standing in for the service name must be a DNS label', () => {
    expect(validateRuleOptions({})).toEqual([
      expect.objectContaining({ option: 'serviceName', value: undefined }),
    ]);
    expect(validateRuleOptions({ job: 'payments/billing' })).toEqual([
      expect.objectContaining({ option: 'serviceName', value: 'payments/billing' }),
    ]);
  });

  it.each([
    ['port', [0, -0, 65_536, 1.5, Number.NaN, Infinity, -Infinity, '3000', null]],
    ['metricsPath', ['', 'metrics', '/me trics', '/metrics?x=1', '/metrics#a', 42]],
    [
      'alertmanagers',
      [
        'alertmanager:9093',
        ['alertmanager'],
        ['http://alertmanager:9093'],
        ['alertmanager:0'],
        ['alertmanager:70000'],
        ['-am:9093'],
        [9093],
      ],
    ],
    ['serviceName', ['', 'Prediction-API', 'prediction_api', '-api', 'api-', 'a'.repeat(41), 7]],
    ['job', ['', '   ', 'a\nb', 'x'.repeat(129), 7]],
    ['prefix', ['my-app_', '1app_', 7]],
    ['runbookBaseUrl', ['runbooks', 'ftp://runbooks.example.com', 7]],
    ['command', ['', 'npm run\nx', 7]],
  ])('refuses each bad %s, naming the field and the value', (field, values) => {
    for (const value of values as unknown[]) {
      const problems = validateRuleOptions({ ...base, [field]: value });
      expect(problems).toEqual([expect.objectContaining({ option: field, value })]);
      expect(problems[0]?.fix).toMatch(/\S/);
    }
  });

  it.each([
    ['port', [1, 3000, 65_535]],
    ['metricsPath', ['/', '/metrics', '/internal/metrics']],
    ['alertmanagers', [[], ['alertmanager:9093'], ['am-0.monitoring.svc:9093', '[::1]:9093']]],
    ['prefix', ['', 'my_app_', 'app:']],
    ['job', ['prediction-api', 'default/prediction-api', 'Prediction API']],
  ])('accepts every good %s', (field, values) => {
    for (const value of values as unknown[]) {
      expect(problemsOf({ [field]: value })).toEqual([]);
    }
  });

  it('names unknown fields, and each field as the caller names it', () => {
    expect(
      validateRuleOptions({ ...base, metricPath: '/m', port: 0 }, (f) => `RULE_OPTIONS.${f}`).map(
        (p) => p.option,
      ),
    ).toEqual(['RULE_OPTIONS.metricPath', 'RULE_OPTIONS.port']);
    expect(validateRuleOptions('prediction-api')).toEqual([
      expect.objectContaining({ value: 'prediction-api' }),
    ]);
  });
});

describe('resolveRuleOptions', () => {
  it('defaults the job to the service name, and the service name to the job', () => {
    expect(resolveRuleOptions({ serviceName: 'prediction-api' })).toEqual({
      serviceName: 'prediction-api',
      job: 'prediction-api',
      prefix: '',
      port: 3000,
      metricsPath: '/metrics',
      alertmanagers: ['alertmanager:9093'],
      command: 'nestjs-observability generate',
    });
    expect(resolveRuleOptions({ job: 'checkout' }).serviceName).toBe('checkout');
  });

  it('throws one error listing every problem with its value and fix', () => {
    expect(() => resolveRuleOptions({ serviceName: 'x', port: 0, metricsPath: 'm' })).toThrow(
      'SLO generator options: 2 are invalid.\n' +
        '  - port = 0: expected a whole number from 1 to 65535. Fix: pass the port Prometheus scrapes on each pod (the one serving metrics.path), such as 3000 or 9464.\n' +
        `  - metricsPath = "m": expected a path starting with "/", without spaces, query or fragment. Fix: pass the service's metrics.path, such as '/metrics'.`,
    );
  });
});
