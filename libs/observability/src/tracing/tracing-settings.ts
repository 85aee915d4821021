import type { Attributes } from '@opentelemetry/api';
import type { OptionProblem } from '../errors/observability-config.error';
import { ObservabilityConfigError } from '../errors/observability-config.error';

/** How finished spans leave the process. @publicApi */
export type TraceExporterKind = 'otlp' | 'console' | 'none';
/** OTLP/HTTP encodings (`OTEL_EXPORTER_OTLP_PROTOCOL`). @publicApi */
export type OtlpProtocol = 'http/protobuf' | 'http/json';
/** The samplers of `OTEL_TRACES_SAMPLER`. @publicApi */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/**
 * Everything the tracing bootstrap needs, read from OpenTelemetry's standard environment
 * variables by `tracingSettingsFromEnv` (or given to `startTracing` directly).
 *
 * @publicApi
 */
export interface TracingSettings {
  /** `OTEL_SDK_DISABLED=true`: no provider, no instrumentation; the API stays a no-op. */
  readonly disabled: boolean;
  /** Resource attributes: `OTEL_RESOURCE_ATTRIBUTES`, then `OTEL_SERVICE_NAME` over `service.name`. */
  readonly resource: Attributes;
  /** `OTEL_TRACES_EXPORTER`: `otlp` (default), `console` or `none`. */
  readonly exporter: TraceExporterKind;
  /** `OTEL_EXPORTER_OTLP_PROTOCOL` / `_TRACES_PROTOCOL`; default `http/protobuf`. */
  readonly protocol: OtlpProtocol;
  /** `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  readonly endpoint: string;
  /** `OTEL_TRACES_SAMPLER`; default `parentbased_always_on`. */
  readonly sampler: SamplerName;
  /** `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers; default 1. */
  readonly ratio: number;
  /** `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` / `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`; default 1024. */
  readonly attributeValueLengthLimit: number;
  /** `OTEL_BSP_MAX_QUEUE_SIZE`: finished spans held for export; more are dropped and counted. */
  readonly maxQueueSize: number;
  /** `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`. */
  readonly maxExportBatchSize: number;
  /** `OTEL_BSP_SCHEDULE_DELAY` in ms. */
  readonly scheduledDelayMs: number;
  /** `OTEL_BSP_EXPORT_TIMEOUT` in ms: an export still unanswered then counts as failed. */
  readonly exportTimeoutMs: number;
  /**
   * `OTEL_LOGS_EXPORTER=otlp` also sends every log line to the collector as an OTLP log record;
   * `none` (the default here: logs go to stdout, and the copy is opt-in) does not.
   */
  readonly logsExporter: 'otlp' | 'none';
  /** `OTEL_EXPORTER_OTLP_LOGS_PROTOCOL`, else the general protocol. */
  readonly logsProtocol: OtlpProtocol;
  /** `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT` as is, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/logs`. */
  readonly logsEndpoint: string;
}

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const DEFAULT_ENDPOINT = 'http://localhost:4318';

/** Reads `env` one variable at a time, collecting every problem before failing once. */
class EnvReader {
  readonly problems: OptionProblem[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(
      name,
      this.env[name],
      `one of ${allowed.join(', ')}`,
      `set ${name} to one of them or unset it`,
    );
    return fallback;
  }

  number(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min && value <= max) return value;
    this.problem(
      name,
      this.env[name],
      `a number from ${min} to ${max}`,
      `set ${name} to such a number or unset it`,
    );
    return fallback;
  }

  problem(name: string, value: unknown, expected: string, fix: string): void {
    this.problems.push({ option: `${name} (environment)`, value, expected, fix });
  }
}

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` (`key=value,key=value`, values percent-encoded).
 *
 * @internal
 */
export function parseResourceAttributes(raw: string | undefined, reader?: EnvReader): Attributes {
  const attributes: Attributes = {};
  if (raw === undefined) return attributes;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const key = equals > 0 ? pair.slice(0, equals).trim() : '';
    try {
      if (key === '') throw new Error('no key');
      attributes[key] = decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      reader?.problem(
        'OTEL_RESOURCE_ATTRIBUTES',
        pair,
        'key=value pairs separated by commas, values percent-encoded',
        'write each attribute as key=value, encoding "," as %2C',
      );
    }
  }
  return attributes;
}

/** The endpoint of one signal: its own variable as is, or the general one plus `/v1/<signal>`. */
function signalEndpoint(reader: EnvReader, signal: 'traces' | 'logs'): string {
  const own = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`;
  const specific = reader.text(own);
  const endpoint =
    specific ??
    `${(reader.text('OTEL_EXPORTER_OTLP_ENDPOINT') ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1/${signal}`;
  try {
    new URL(endpoint);
  } catch {
    const name = specific ? own : 'OTEL_EXPORTER_OTLP_ENDPOINT';
    reader.problem(
      name,
      reader.text(name),
      'an absolute http(s) URL',
      `set ${name} to a URL such as http://collector:4318`,
    );
  }
  return endpoint;
}

/**
 * The tracing settings `env` gives, as the OpenTelemetry specification defines its variables.
 * Invalid values stop startup with an `ObservabilityConfigError` naming the variable, the value
 * and the fix, rather than being silently replaced.
 *
 * @publicApi
 */
export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const reader = new EnvReader(env);
  const resource = parseResourceAttributes(reader.text('OTEL_RESOURCE_ATTRIBUTES'), reader);
  const serviceName = reader.text('OTEL_SERVICE_NAME');
  if (serviceName !== undefined) resource['service.name'] = serviceName;
  resource['service.name'] ??= 'unknown_service:node';
  const sampler = reader.choice('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const ratio = sampler.endsWith('traceidratio')
    ? reader.number('OTEL_TRACES_SAMPLER_ARG', 1, 0, 1)
    : 1;
  const protocolOf = (signal: 'TRACES' | 'LOGS'): OtlpProtocol => {
    const own = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
    const name = reader.text(own) ? own : 'OTEL_EXPORTER_OTLP_PROTOCOL';
    return reader.choice(name, ['http/protobuf', 'http/json'], 'http/protobuf');
  };
  const logsExporter = reader.choice('OTEL_LOGS_EXPORTER', ['otlp', 'none'], 'none');
  const settings: TracingSettings = {
    disabled: reader.choice('OTEL_SDK_DISABLED', ['true', 'false'], 'false') === 'true',
    resource,
    exporter: reader.choice('OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'], 'otlp'),
    protocol: protocolOf('TRACES'),
    endpoint: signalEndpoint(reader, 'traces'),
    sampler,
    ratio,
    attributeValueLengthLimit: reader.number(
      'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      reader.number('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 1024, 1),
      1,
    ),
    maxQueueSize: reader.number('OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1),
    maxExportBatchSize: reader.number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1),
    scheduledDelayMs: reader.number('OTEL_BSP_SCHEDULE_DELAY', 5000, 0),
    exportTimeoutMs: reader.number('OTEL_BSP_EXPORT_TIMEOUT', 30000, 1),
    logsExporter,
    logsProtocol: logsExporter === 'otlp' ? protocolOf('LOGS') : 'http/protobuf',
    logsEndpoint: signalEndpoint(reader, 'logs'),
  };
  if (reader.problems.length > 0) throw new ObservabilityConfigError(reader.problems);
  return settings;
}
