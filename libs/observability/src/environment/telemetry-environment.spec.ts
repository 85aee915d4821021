import { readTelemetryEnvironment } from './telemetry-environment';

const read = (env: NodeJS.ProcessEnv) => readTelemetryEnvironment(env);

describe('readTelemetryEnvironment', () => {
  it('applies the defaults: the specification, except prometheus for metrics and stdout for logs', () => {
    const { settings, warnings } = read({});
    expect(warnings).toEqual([]);
    expect(settings).toMatchObject({
      disabled: false,
      diagnostics: 'warn',
      serviceName: undefined,
      resourceAttributes: {},
      resourceDetectors: ['env', 'host', 'os', 'process', 'serviceinstance', 'container'],
      propagators: ['tracecontext', 'baggage'],
      traces: {
        exporters: ['otlp'],
        protocol: 'http/protobuf',
        endpoint: 'http://localhost:4318/v1/traces',
      },
      metrics: {
        exporters: ['prometheus'],
        endpoint: 'http://localhost:4318/v1/metrics',
        intervalMs: 60_000,
        timeoutMs: 30_000,
      },
      logs: { exporters: [], endpoint: 'http://localhost:4318/v1/logs' },
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      spanLimits: { attributeValueLengthLimit: 1024, attributeCountLimit: 128 },
      batch: {
        maxQueueSize: 2048,
        maxExportBatchSize: 512,
        scheduledDelayMs: 5000,
        exportTimeoutMs: 30_000,
      },
    });
    expect(settings.logs.batch.scheduledDelayMs).toBe(1000);
  });

  it('reads lists, case-insensitively, without duplicates; none alone empties a list', () => {
    const { settings, warnings } = read({
      OTEL_TRACES_EXPORTER: 'OTLP, console,otlp',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_PROPAGATORS: 'b3multi,tracecontext',
      OTEL_NODE_RESOURCE_DETECTORS: 'host,process',
    });
    expect(warnings).toEqual([]);
    expect(settings.traces.exporters).toEqual(['otlp', 'console']);
    expect(settings.metrics.exporters).toEqual(['prometheus', 'otlp']);
    expect(settings.logs.exporters).toEqual(['otlp']);
    expect(settings.propagators).toEqual(['b3multi', 'tracecontext']);
    expect(settings.resourceDetectors).toEqual(['host', 'process']);
    expect(read({ OTEL_TRACES_EXPORTER: 'none' }).settings.traces.exporters).toEqual([]);
    expect(read({ OTEL_PROPAGATORS: 'none' }).settings.propagators).toEqual([]);
  });

  it('derives each signal endpoint: its own variable as is, else the base plus /v1/<signal>; grpc uses the base as is', () => {
    const http = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:9999/custom',
    }).settings;
    expect(http.traces.endpoint).toBe('http://collector:4318/v1/traces');
    expect(http.metrics.endpoint).toBe('http://collector:4318/v1/metrics');
    expect(http.logs.endpoint).toBe('http://logs:9999/custom');
    const grpc = read({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).settings;
    expect(grpc.traces).toMatchObject({ protocol: 'grpc', endpoint: 'http://localhost:4317' });
    const mixed = read({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
    }).settings;
    expect(mixed.traces).toMatchObject({ protocol: 'grpc', endpoint: 'http://c:4317' });
    expect(mixed.metrics).toMatchObject({
      protocol: 'http/json',
      endpoint: 'http://c:4317/v1/metrics',
    });
  });

  it('reads the service name, the resource attributes (percent-decoded) and the sampler', () => {
    const { settings } = read({
      OTEL_SERVICE_NAME: 'ml',
      OTEL_RESOURCE_ATTRIBUTES: 'team=data%2Cml, deployment.environment.name=prod',
      OTEL_TRACES_SAMPLER: 'ParentBased_TraceIdRatio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(settings.serviceName).toBe('ml');
    expect(settings.resourceAttributes).toEqual({
      team: 'data,ml',
      'deployment.environment.name': 'prod',
    });
    expect(settings.sampler).toEqual({ name: 'parentbased_traceidratio', ratio: 0.25 });
    expect(read({ OTEL_TRACES_SAMPLER_ARG: '0.25' }).settings.sampler.ratio).toBe(1);
  });

  it('treats an empty value as unset', () => {
    const { settings, warnings } = read({
      OTEL_TRACES_EXPORTER: '',
      OTEL_BSP_MAX_QUEUE_SIZE: '  ',
    });
    expect(warnings).toEqual([]);
    expect(settings.traces.exporters).toEqual(['otlp']);
    expect(settings.batch.maxQueueSize).toBe(2048);
  });

  it.each([
    ['OTEL_TRACES_SAMPLER', 'bogus', 'parentbased_always_on'],
    ['OTEL_TRACES_EXPORTER', 'jaeger', 'otlp'],
    ['OTEL_METRICS_EXPORTER', 'statsd', 'prometheus'],
    ['OTEL_PROPAGATORS', 'xray', 'tracecontext,baggage'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'udp', 'http/protobuf'],
    ['OTEL_SDK_DISABLED', 'yes', 'false'],
    ['OTEL_BSP_MAX_QUEUE_SIZE', 'abc', '2048'],
    ['OTEL_BSP_MAX_QUEUE_SIZE', 'NaN', '2048'],
    ['OTEL_BSP_MAX_QUEUE_SIZE', 'Infinity', '2048'],
    ['OTEL_BSP_MAX_QUEUE_SIZE', '0', '2048'],
    ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', '-3', '1024'],
    ['OTEL_TRACES_SAMPLER_ARG', '1.5', '1'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', 'http://localhost:4318'],
    ['OTEL_METRIC_EXPORT_INTERVAL', '-1', '60000'],
    ['OTEL_LOG_LEVEL', 'loud', 'warn'],
  ])('warns about %s=%s, naming it, the value and the fix, and uses %s', (name, value, used) => {
    const env: NodeJS.ProcessEnv = { [name]: value };
    if (name === 'OTEL_TRACES_SAMPLER_ARG') env.OTEL_TRACES_SAMPLER = 'traceidratio';
    const { warnings } = read(env);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.variable).toBe(name);
    expect(warnings[0]?.message).toMatch(
      new RegExp(
        `^${name}=.* cannot be used: expected .+\\. Fix: .+\\. Using ${used.replace(/[.]/g, '\\.')} meanwhile\\.$`,
      ),
    );
  });

  it('keeps the known entries of a list that names an unknown one, and says which it dropped', () => {
    const { settings, warnings } = read({ OTEL_PROPAGATORS: 'tracecontext,jaeger' });
    expect(settings.propagators).toEqual(['tracecontext']);
    expect(warnings[0]?.message).toContain('Fix: remove jaeger from OTEL_PROPAGATORS');
  });

  it('keeps the good resource attributes and names the malformed pair', () => {
    const { settings, warnings } = read({
      OTEL_RESOURCE_ATTRIBUTES: 'team=ml,noequals,x=%E0%A4%A',
    });
    expect(settings.resourceAttributes).toEqual({ team: 'ml' });
    expect(warnings.map((w) => w.value)).toEqual(['noequals', 'x=%E0%A4%A']);
  });
});
