import { ObservabilityConfigError } from '../errors/observability-config.error';
import { parseResourceAttributes, tracingSettingsFromEnv } from './tracing-settings';

describe('tracingSettingsFromEnv', () => {
  it('applies the specification defaults', () => {
    expect(tracingSettingsFromEnv({})).toEqual({
      disabled: false,
      resource: { 'service.name': 'unknown_service:node' },
      exporter: 'otlp',
      protocol: 'http/protobuf',
      endpoint: 'http://localhost:4318/v1/traces',
      sampler: 'parentbased_always_on',
      ratio: 1,
      attributeValueLengthLimit: 1024,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      scheduledDelayMs: 5000,
      exportTimeoutMs: 30000,
      logsExporter: 'none',
      logsProtocol: 'http/protobuf',
      logsEndpoint: 'http://localhost:4318/v1/logs',
    });
  });

  it('reads every standard variable', () => {
    const settings = tracingSettingsFromEnv({
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_SERVICE_NAME: 'ml',
      OTEL_RESOURCE_ATTRIBUTES:
        'service.name=ignored,team=data%2Cml, deployment.environment.name=prod',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '256',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
    });
    expect(settings).toMatchObject({
      disabled: true,
      resource: { 'service.name': 'ml', team: 'data,ml', 'deployment.environment.name': 'prod' },
      protocol: 'http/json',
      endpoint: 'http://collector:4318/v1/traces',
      sampler: 'parentbased_traceidratio',
      ratio: 0.25,
      attributeValueLengthLimit: 256,
      maxQueueSize: 100,
    });
  });

  it('reads the logs exporter, its endpoint and protocol', () => {
    expect(
      tracingSettingsFromEnv({
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      }),
    ).toMatchObject({
      logsExporter: 'otlp',
      logsProtocol: 'http/json',
      logsEndpoint: 'http://a:4318/v1/logs',
      protocol: 'http/protobuf',
    });
    expect(
      tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://b/logs' }).logsEndpoint,
    ).toBe('http://b/logs');
  });

  it('uses the traces endpoint and protocol as given, over the general ones', () => {
    const settings = tracingSettingsFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    });
    expect(settings.endpoint).toBe('http://b:9999/custom');
    expect(settings.protocol).toBe('http/protobuf');
  });

  it('ignores the sampler argument of samplers without a ratio', () => {
    const settings = tracingSettingsFromEnv({
      OTEL_TRACES_SAMPLER: 'always_off',
      OTEL_TRACES_SAMPLER_ARG: 'not-read',
    });
    expect(settings.sampler).toBe('always_off');
  });

  it('names every invalid variable, its value and the fix', () => {
    let error: unknown;
    try {
      tracingSettingsFromEnv({
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
        OTEL_BSP_MAX_QUEUE_SIZE: '-1',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    const message = (error as Error).message;
    expect(message).toContain('OTEL_TRACES_SAMPLER (environment) = "sometimes"');
    expect(message).toContain('OTEL_EXPORTER_OTLP_PROTOCOL (environment) = "grpc"');
    expect(message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT (environment) = "not a url"');
    expect(message).toContain('OTEL_BSP_MAX_QUEUE_SIZE (environment) = "-1"');
    expect(message).toMatch(/Fix: set OTEL_TRACES_SAMPLER to one of them/);
  });

  it('rejects a ratio outside 0..1', () => {
    expect(() =>
      tracingSettingsFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }),
    ).toThrow(/OTEL_TRACES_SAMPLER_ARG \(environment\) = "2": expected a number from 0 to 1/);
  });
});

describe('parseResourceAttributes', () => {
  it('decodes percent-encoded values and skips empty pairs', () => {
    expect(parseResourceAttributes('a=1,,b=x%20y')).toEqual({ a: '1', b: 'x y' });
  });
});
