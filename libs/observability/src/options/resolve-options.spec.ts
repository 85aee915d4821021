import { ObservabilityConfigError } from '../errors/observability-config.error';
import type { ObservabilityModuleOptions } from './observability-options.interface';
import { resolveOptions, resolveOptionsAndWarnings } from './resolve-options';

const base: ObservabilityModuleOptions = { serviceName: 'prediction-api' };
const resolveWith = (overrides: Record<string, unknown>) =>
  resolveOptions({ ...base, ...overrides }, {});

function problemsOf(fn: () => unknown): ObservabilityConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ObservabilityConfigError) return error;
    throw error;
  }
  throw new Error('expected an ObservabilityConfigError');
}

describe('resolveOptions', () => {
  it('reads LOG_LEVEL and LOG_FORMAT, and lets explicit options win', () => {
    const env = { LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'pretty' };
    expect(resolveOptions(base, env).logging).toMatchObject({ level: 'debug', pretty: true });
    const given = { ...base, logging: { level: 'warn' as const, pretty: false } };
    expect(resolveOptions(given, env).logging).toMatchObject({ level: 'warn', pretty: false });
  });

  it('warns, naming LOG_LEVEL and the fix, when it holds no level, and logs at info', () => {
    const { options, warnings } = resolveOptionsAndWarnings(base, { LOG_LEVEL: 'loud' });
    expect(options.logging.level).toBe('info');
    expect(warnings.map((w) => w.message)).toEqual([
      'LOG_LEVEL="loud" cannot be used: expected one of fatal, error, warn, info, debug, trace, silent. Fix: set LOG_LEVEL to one of them. Using info meanwhile.',
    ]);
  });

  it('takes the SDK endpoints configured paths as the default exclusions', () => {
    const options = resolveOptions(
      { ...base, metrics: { path: '/internal/metrics' }, health: { livenessPath: '/livez' } },
      {},
    );
    expect(options.http.excludePaths).toEqual(['/internal/metrics', '/livez', '/ready']);
    expect(resolveOptions({ ...base, metrics: { path: false } }, {}).http.excludePaths).toEqual([
      '/health',
      '/ready',
    ]);
  });

  it('applies every default when only serviceName is given', () => {
    expect(resolveOptions(base, {})).toEqual({
      serviceName: 'prediction-api',
      serviceVersion: '0.0.0',
      environment: 'development',
      metrics: {
        prefix: '',
        http: true,
        runtime: true,
        httpBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10],
        maxSeries: 2000,
        path: '/metrics',
        host: '0.0.0.0',
      },
      http: { excludePaths: ['/metrics', '/health', '/ready'] },
      tracing: {
        trustIncomingSampling: false,
        responseHeader: 'traceresponse',
        rules: [],
        nestSpans: 'both',
      },
      logging: {
        level: 'info',
        pretty: false,
        requestHeaders: ['accept', 'content-length', 'content-type', 'user-agent'],
        accessLog: true,
        console: 'json',
      },
      health: {
        timeoutMs: 1000,
        cacheMs: 1000,
        livenessPath: '/health',
        readinessPath: '/ready',
        details: false,
        drainDelayMs: 5000,
        shutdownTimeoutMs: 25000,
      },
      slos: [],
    });
  });

  it('takes version and environment from the environment when not given, options win', () => {
    const env = { npm_package_version: '2.3.4', NODE_ENV: 'production' };
    expect(resolveOptions(base, env)).toMatchObject({
      serviceVersion: '2.3.4',
      environment: 'production',
    });
    expect(
      resolveOptions({ ...base, serviceVersion: '9.9.9', environment: 'staging' }, env),
    ).toMatchObject({ serviceVersion: '9.9.9', environment: 'staging' });
  });

  it('keeps the default for a field set to undefined', () => {
    expect(
      resolveWith({ tracing: { sampleRatio: undefined } }).tracing.sampleRatio,
    ).toBeUndefined();
    expect(resolveWith({ logging: { level: undefined } }).logging.level).toBe('info');
  });

  it('does not mutate the options it is given', () => {
    const given = { ...base, tracing: { sampleRatio: 0.5 } };
    const copy = structuredClone(given);
    resolveOptions(given, {});
    expect(given).toEqual(copy);
  });

  describe.each([
    ['serviceName', { serviceName: '' }, '""'],
    ['serviceName', { serviceName: '   ' }, '"   "'],
    ['serviceName', { serviceName: undefined }, 'undefined'],
    ['serviceName', { serviceName: 42 }, '42'],
    ['serviceName', { serviceName: 'x'.repeat(129) }, '"xxxx'],
    ['serviceVersion', { serviceVersion: '' }, '""'],
    ['environment', { environment: 7 }, '7'],
    ['metrics.prefix', { metrics: { prefix: 'my-app_' } }, '"my-app_"'],
    ['metrics.prefix', { metrics: { prefix: '1app_' } }, '"1app_"'],
    ['metrics.prefix', { metrics: { prefix: 'app.' } }, '"app."'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: 1.5 } }, '1.5'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: -0.1 } }, '-0.1'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: Number.NaN } }, 'NaN'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: Number.POSITIVE_INFINITY } }, 'Infinity'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: Number.NEGATIVE_INFINITY } }, '-Infinity'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: '0.5' } }, '"0.5"'],
    ['tracing.sampleRatio', { tracing: { sampleRatio: null } }, 'null'],
    ['metrics.http', { metrics: { http: 'yes' } }, '"yes"'],
    ['metrics.httpBuckets', { metrics: { httpBuckets: [] } }, '[]'],
    ['metrics.httpBuckets', { metrics: { httpBuckets: [0.5, 0.1] } }, '[0.5,0.1]'],
    ['metrics.httpBuckets', { metrics: { httpBuckets: [0, 1] } }, '[0,1]'],
    ['metrics.httpBuckets', { metrics: { httpBuckets: [Number.NaN] } }, '[null]'],
    [
      'metrics.httpBuckets',
      { metrics: { httpBuckets: [1, Number.POSITIVE_INFINITY] } },
      '[1,null]',
    ],
    ['metrics.maxSeries', { metrics: { maxSeries: 0 } }, '0'],
    ['metrics.maxSeries', { metrics: { maxSeries: 1.5 } }, '1.5'],
    ['metrics.maxSeries', { metrics: { maxSeries: Number.NaN } }, 'NaN'],
    ['http.excludePaths', { http: { excludePaths: ['metrics'] } }, '["metrics"]'],
    ['http.excludePaths', { http: { excludePaths: '/metrics' } }, '"/metrics"'],
    ['metrics.excludePaths', { metrics: { excludePaths: ['/metrics'] } }, '["/metrics"]'],
    ['tracing.rules', { tracing: { rules: [{ route: 'health', ratio: 0 }] } }, 'health'],
    ['tracing.rules', { tracing: { rules: [{ route: '/a', ratio: 1.5 }] } }, '1.5'],
    ['tracing.rules', { tracing: { rules: [{ route: '/a', ratio: Number.NaN }] } }, 'null'],
    ['tracing.rules', { tracing: { rules: [{ route: '/a', ratio: 0.5, typo: 1 }] } }, 'typo'],
    ['tracing.rules', { tracing: { rules: { route: '/a', ratio: 0.5 } } }, '"/a"'],
    ['tracing.rules', { tracing: { rules: [{ transport: 'NATS', ratio: 0 }] } }, '"NATS"'],
    ['tracing.rules', { tracing: { rules: [{ transport: 'rmq', ratio: 0 }] } }, '"rmq"'],
    ['tracing.rules', { tracing: { rules: [{ transport: '', ratio: 0 }] } }, '""'],
    ['tracing.rules', { tracing: { rules: [{ transport: 'nats' }] } }, '"nats"'],
    ['tracing.rules', { tracing: { rules: [{ transport: 'nats', ratio: -0.1 }] } }, '-0.1'],
    [
      'tracing.rules',
      { tracing: { rules: [{ transport: 'nats', ratio: Number.POSITIVE_INFINITY }] } },
      'null',
    ],
    [
      'tracing.rules',
      { tracing: { rules: [{ transport: 'nats', operation: '', ratio: 0 }] } },
      '""',
    ],
    ['tracing.rules', { tracing: { rules: [{ transport: 'nats', operation: 7, ratio: 0 }] } }, '7'],
    [
      'tracing.rules',
      { tracing: { rules: [{ transport: 'nats', operation: 'x'.repeat(257), ratio: 0 }] } },
      'xxx',
    ],
    [
      'tracing.rules',
      { tracing: { rules: [{ transport: 'nats', queue: 'a', ratio: 0 }] } },
      'queue',
    ],
    [
      'tracing.rules',
      { tracing: { rules: [{ route: '/a', transport: 'nats', ratio: 0 }] } },
      '"transport":"nats"',
    ],
    ['tracing.rules', { tracing: { rules: [{ ratio: 0 }] } }, '"ratio":0'],
    ['tracing.rules', { tracing: { rules: [null] } }, 'null'],
    ['health.timeoutMs', { health: { timeoutMs: -1 } }, '-1'],
    ['health.timeoutMs', { health: { timeoutMs: 0 } }, '0'],
    ['health.timeoutMs', { health: { timeoutMs: -0 } }, '-0'],
    ['health.timeoutMs', { health: { timeoutMs: 1.5 } }, '1.5'],
    ['health.timeoutMs', { health: { timeoutMs: Number.NaN } }, 'NaN'],
    ['health.timeoutMs', { health: { timeoutMs: Number.POSITIVE_INFINITY } }, 'Infinity'],
    ['health.timeoutMs', { health: { timeoutMs: 60_001 } }, '60001'],
    ['logging.console', { logging: { console: 'text' } }, '"text"'],
    ['logging.console', { logging: { console: true } }, 'true'],
    ['tracing', { tracing: 0.5 }, '0.5'],
    ['tracing.sampleRate', { tracing: { sampleRate: 0.5 } }, '0.5'],
    ['servicename', { servicename: 'typo' }, '"typo"'],
  ])('rejects %s = %j', (option, overrides, shownValue) => {
    it('naming the option, the value and the fix', () => {
      const error = problemsOf(() => resolveWith(overrides));
      expect(error.code).toBe('OBS_ERR_INVALID_OPTIONS');
      expect(error.problems.map((p) => p.option)).toContain(option);
      const line = error.message.split('\n').find((l) => l.includes(`- ${option} = `));
      expect(line).toBeDefined();
      expect(line).toContain(shownValue);
      expect(line).toMatch(/expected .+\. Fix: .+/);
    });
  });

  it.each([
    [{ tracing: { sampleRatio: 0 } }],
    [{ tracing: { sampleRatio: -0 } }],
    [{ tracing: { sampleRatio: 1 } }],
    [{ tracing: { sampleRatio: 0.25 } }],
    [{ health: { timeoutMs: 1 } }],
    [{ health: { timeoutMs: 60_000 } }],
    [{ metrics: { prefix: '' } }],
    [{ metrics: { prefix: 'ml_api:' } }],
    [{ metrics: { prefix: '_x9' } }],
    [{ tracing: { rules: [] } }],
    [
      {
        tracing: {
          rules: [
            { route: '/health', ratio: 0 },
            { route: '/models/:id', ratio: 1 },
          ],
        },
      },
    ],
    [
      {
        tracing: {
          rules: [
            { transport: 'nats', ratio: 0 },
            { transport: 'bullmq', operation: 'reports-*', ratio: 0.1 },
            { transport: 'schedule', operation: 'heartbeat', ratio: -0 },
            { transport: 'my_broker', operation: 'x'.repeat(256), ratio: 1 },
            { route: '/health', ratio: 0 },
          ],
        },
      },
    ],
    [{ http: { excludePaths: [] } }],
  ])('accepts the edge value %j', (overrides) => {
    expect(() => resolveWith(overrides)).not.toThrow();
  });

  it('reports every problem at once', () => {
    const error = problemsOf(() =>
      resolveWith({ serviceName: '', tracing: { sampleRatio: 1.5 }, health: { timeoutMs: -5 } }),
    );
    expect(error.problems.map((p) => p.option)).toEqual([
      'serviceName',
      'tracing.sampleRatio',
      'health.timeoutMs',
    ]);
    expect(error.message).toMatch(/^ObservabilityModule: 3 options are invalid\./);
  });

  it.each([[undefined], [null], ['prediction-api'], [[]]])('rejects %j as the options', (raw) => {
    const error = problemsOf(() =>
      resolveOptions(raw as unknown as ObservabilityModuleOptions, {}),
    );
    expect(error.message).toContain('forRoot');
  });
});

describe('SLO options', () => {
  const latency = {
    name: 'predict-latency',
    type: 'latency',
    target: { kind: 'http', route: '/predict' },
    objective: 0.99,
    window: '30d',
    thresholdSeconds: 0.2,
  } as const;

  it('accepts typed SLOs and keeps them', () => {
    const availability = {
      name: 'api-availability',
      type: 'availability',
      target: { kind: 'http' },
      objective: 0.999,
      window: '4w',
    } as const;
    const method = {
      ...latency,
      name: 'inference',
      target: {
        kind: 'method',
        className: 'PredictionModel',
        methodName: 'predict',
        metric: 'model_prediction_duration_seconds',
      },
    } as const;
    expect(resolveOptions({ ...base, slos: [latency, availability, method] }).slos).toHaveLength(3);
  });

  it.each([
    [{ ...latency, objective: 1 }, 'slos[0].objective', /strictly between 0 and 1/],
    [{ ...latency, objective: Number.NaN }, 'slos[0].objective', /strictly between 0 and 1/],
    [{ ...latency, objective: 0 }, 'slos[0].objective', /strictly between 0 and 1/],
    [{ ...latency, window: '30m' }, 'slos[0].window', /at least 1h/],
    [{ ...latency, window: 'month' }, 'slos[0].window', /Prometheus duration/],
    [
      { ...latency, thresholdSeconds: undefined },
      'slos[0].thresholdSeconds',
      /positive number of seconds/,
    ],
    [
      { ...latency, thresholdSeconds: -0.2 },
      'slos[0].thresholdSeconds',
      /positive number of seconds/,
    ],
    [
      { ...latency, type: 'availability' },
      'slos[0].thresholdSeconds',
      /no threshold on an availability SLO/,
    ],
    [
      { ...latency, type: 'throughput' },
      'slos[0].type',
      /'availability', 'latency', 'accuracy' or 'drift'/,
    ],
    [{ ...latency, name: 'Predict Latency' }, 'slos[0].name', /lowercase letters/],
    [
      { ...latency, target: { kind: 'http', route: 'predict' } },
      'slos[0].target.route',
      /starting with "\/"/,
    ],
    [
      { ...latency, target: { kind: 'method', className: 'X' } },
      'slos[0].target.methodName',
      /@Timed class and method/,
    ],
    [
      { ...latency, target: { kind: 'cache' } },
      'slos[0].target.kind',
      /'http', 'method', 'model', 'rpc'/,
    ],
    [{ ...latency, target: { kind: 'queue' } }, 'slos[0].target.destination', /destination/],
    [
      { ...latency, target: { kind: 'rpc', method: 'orders.get' }, thresholdSeconds: 0.2 },
      'slos[0].thresholdSeconds',
      /buckets of rpc_server_duration_seconds/,
    ],
    [{ ...latency, objectve: 0.9 }, 'slos[0].objectve', /no such field/],
  ])('rejects %j at %s', (slo, option, expected) => {
    const error = problemsOf(() => resolveOptions({ ...base, slos: [slo] } as never));
    const problem = error.problems.find((p) => p.option === option);
    expect(problem?.expected).toMatch(expected);
    expect(error.message).toContain(option);
  });

  it('rejects two SLOs with one name, and a non-array', () => {
    expect(
      problemsOf(() => resolveOptions({ ...base, slos: [latency, latency] })).problems[0]?.option,
    ).toBe('slos[1].name');
    expect(
      problemsOf(() => resolveOptions({ ...base, slos: {} as never })).problems[0]?.option,
    ).toBe('slos');
  });
});
