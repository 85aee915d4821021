import type { Attributes } from '@opentelemetry/api';
import type { EnvironmentWarning } from './env-reader';
import { EnvReader } from './env-reader';
import { ENVIRONMENT_MESSAGES } from '../messages/environment.messages';

/** OTLP transports (`OTEL_EXPORTER_OTLP_PROTOCOL`). @publicApi */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
/** The samplers of `OTEL_TRACES_SAMPLER` this SDK offers. @publicApi */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';
/** Propagators of `OTEL_PROPAGATORS`. @publicApi */
export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi';
/** Resource detectors of `OTEL_NODE_RESOURCE_DETECTORS`. @publicApi */
export type ResourceDetectorName =
  'env' | 'host' | 'os' | 'process' | 'serviceinstance' | 'container';

/** `OTEL_LOG_LEVEL` values. @publicApi */
export type DiagnosticsLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/** Where one signal is exported. @publicApi */
export interface OtlpTarget {
  readonly protocol: OtlpProtocol;
  /** The URL the exporter sends to (for http, with `/v1/<signal>`). */
  readonly endpoint: string;
}

/**
 * What the tracing preload does, read from OpenTelemetry's standard environment variables by
 * `readTelemetryEnvironment`.
 *
 * @publicApi
 */
export interface TelemetryEnvironment {
  /** `OTEL_SDK_DISABLED=true`: no SDK at all; the OpenTelemetry API stays a no-op. */
  readonly disabled: boolean;
  /** `OTEL_LOG_LEVEL`: what of OpenTelemetry's own diagnostics is logged (default `warn`). */
  readonly diagnostics: DiagnosticsLevel;
  /** `OTEL_SERVICE_NAME`. */
  readonly serviceName: string | undefined;
  /** `OTEL_RESOURCE_ATTRIBUTES`, decoded. */
  readonly resourceAttributes: Attributes;
  /** `OTEL_NODE_RESOURCE_DETECTORS` (`all` by default: env, host, os, process, serviceinstance, container). */
  readonly resourceDetectors: readonly ResourceDetectorName[];
  /** `OTEL_PROPAGATORS` (default `tracecontext,baggage`). */
  readonly propagators: readonly PropagatorName[];
  /** `OTEL_TRACES_EXPORTER` (`otlp`, `console`; default `otlp`) and the traces target. */
  readonly traces: OtlpTarget & { readonly exporters: readonly ('otlp' | 'console')[] };
  /**
   * `OTEL_METRICS_EXPORTER`: `prometheus` (the `/metrics` endpoint; the default here), `otlp`
   * (pushed every `intervalMs`), `console`, or a list; and the metrics target.
   */
  readonly metrics: OtlpTarget & {
    readonly exporters: readonly ('prometheus' | 'otlp' | 'console')[];
    /** `OTEL_METRIC_EXPORT_INTERVAL`, default 60000 ms. */
    readonly intervalMs: number;
    /** `OTEL_METRIC_EXPORT_TIMEOUT`, default 30000 ms. */
    readonly timeoutMs: number;
  };
  /** `OTEL_LOGS_EXPORTER` (`otlp`, `console`; none unless set), the logs target, `OTEL_BLRP_*`. */
  readonly logs: OtlpTarget & {
    readonly exporters: readonly ('otlp' | 'console')[];
    readonly batch: BatchSettings;
  };
  /** `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`) and `OTEL_TRACES_SAMPLER_ARG`. */
  readonly sampler: { readonly name: SamplerName; readonly ratio: number };
  /** `OTEL_[SPAN_]ATTRIBUTE_VALUE_LENGTH_LIMIT` (default 1024 here) and `..._COUNT_LIMIT` (128). */
  readonly spanLimits: {
    readonly attributeValueLengthLimit: number;
    readonly attributeCountLimit: number;
  };
  /** `OTEL_BSP_*`: the batch span processor's queue and timing. */
  readonly batch: BatchSettings;
}

/** A batch processor's queue and timing (`OTEL_BSP_*`, `OTEL_BLRP_*`). @publicApi */
export interface BatchSettings {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMs: number;
  readonly exportTimeoutMs: number;
}

/** `OTEL_<prefix>_*` with the specification's defaults for that processor. */
function batchSettings(reader: EnvReader, prefix: 'BSP' | 'BLRP', delayMs: number): BatchSettings {
  return {
    maxQueueSize: reader.number(`OTEL_${prefix}_MAX_QUEUE_SIZE`, 2048, 1),
    maxExportBatchSize: reader.number(`OTEL_${prefix}_MAX_EXPORT_BATCH_SIZE`, 512, 1),
    scheduledDelayMs: reader.number(`OTEL_${prefix}_SCHEDULE_DELAY`, delayMs, 0),
    exportTimeoutMs: reader.number(`OTEL_${prefix}_EXPORT_TIMEOUT`, 30_000, 1),
  };
}

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const DETECTORS: readonly ResourceDetectorName[] = [
  'env',
  'host',
  'os',
  'process',
  'serviceinstance',
  'container',
];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
type Signal = 'traces' | 'metrics' | 'logs';

/** `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs separated by commas, values percent-encoded. */
function resourceAttributes(reader: EnvReader): Attributes {
  const attributes: Attributes = {};
  const raw = reader.text('OTEL_RESOURCE_ATTRIBUTES');
  for (const pair of raw?.split(',') ?? []) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const key = equals > 0 ? pair.slice(0, equals).trim() : '';
    try {
      if (key === '') throw new Error('no key');
      attributes[key] = decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      const text = ENVIRONMENT_MESSAGES.resourceAttribute();
      reader.warnAbout('OTEL_RESOURCE_ATTRIBUTES', pair, text, text.used);
    }
  }
  return attributes;
}

/** The protocol and URL of one signal, as the specification derives them. */
function target(reader: EnvReader, signal: Signal): OtlpTarget {
  const SIGNAL = signal.toUpperCase();
  const ownProtocol = `OTEL_EXPORTER_OTLP_${SIGNAL}_PROTOCOL`;
  const protocol = reader.choice(
    reader.text(ownProtocol) !== undefined ? ownProtocol : 'OTEL_EXPORTER_OTLP_PROTOCOL',
    PROTOCOLS,
    'http/protobuf',
  );
  const grpc = protocol === 'grpc';
  const own = `OTEL_EXPORTER_OTLP_${SIGNAL}_ENDPOINT`;
  if (reader.text(own) !== undefined) {
    return { protocol, endpoint: reader.url(own, defaultEndpoint(grpc, signal)) };
  }
  const base = reader.url(
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    grpc ? 'http://localhost:4317' : 'http://localhost:4318',
  );
  return { protocol, endpoint: grpc ? base : `${base.replace(/\/+$/, '')}/v1/${signal}` };
}

function defaultEndpoint(grpc: boolean, signal: Signal): string {
  return grpc ? 'http://localhost:4317' : `http://localhost:4318/v1/${signal}`;
}

/**
 * The preload's settings, from OpenTelemetry's standard environment variables as the
 * specification defines them, with every unusable value reported as a warning (the variable, the
 * value, the fix and the default used instead). Where this SDK's default differs from the
 * specification's, the field says so: metrics go to `/metrics` unless `OTEL_METRICS_EXPORTER`
 * asks for OTLP, logs go to stdout unless `OTEL_LOGS_EXPORTER` asks for OTLP, and attribute values
 * are cut at 1024 characters.
 *
 * @publicApi
 */
export function readTelemetryEnvironment(env: NodeJS.ProcessEnv = process.env): {
  settings: TelemetryEnvironment;
  warnings: EnvironmentWarning[];
} {
  const reader = new EnvReader(env);
  const samplerName = reader.choice('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const detectors = reader.list('OTEL_NODE_RESOURCE_DETECTORS', [...DETECTORS, 'all'], ['all']);
  const settings: TelemetryEnvironment = {
    disabled: reader.boolean('OTEL_SDK_DISABLED', false),
    diagnostics: reader.choice(
      'OTEL_LOG_LEVEL',
      ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'],
      'warn',
    ),
    serviceName: reader.text('OTEL_SERVICE_NAME'),
    resourceAttributes: resourceAttributes(reader),
    resourceDetectors: detectors.includes('all')
      ? DETECTORS
      : (detectors as ResourceDetectorName[]),
    propagators: reader.list(
      'OTEL_PROPAGATORS',
      ['tracecontext', 'baggage', 'b3', 'b3multi'],
      ['tracecontext', 'baggage'],
    ),
    traces: {
      exporters: reader.list('OTEL_TRACES_EXPORTER', ['otlp', 'console'], ['otlp']),
      ...target(reader, 'traces'),
    },
    metrics: {
      exporters: reader.list(
        'OTEL_METRICS_EXPORTER',
        ['prometheus', 'otlp', 'console'],
        ['prometheus'],
      ),
      ...target(reader, 'metrics'),
      intervalMs: reader.number('OTEL_METRIC_EXPORT_INTERVAL', 60_000, 1),
      timeoutMs: reader.number('OTEL_METRIC_EXPORT_TIMEOUT', 30_000, 1),
    },
    logs: {
      exporters: reader.list('OTEL_LOGS_EXPORTER', ['otlp', 'console'], []),
      ...target(reader, 'logs'),
      batch: batchSettings(reader, 'BLRP', 1000),
    },
    sampler: {
      name: samplerName,
      ratio: samplerName.endsWith('traceidratio')
        ? reader.number('OTEL_TRACES_SAMPLER_ARG', 1, 0, 1)
        : 1,
    },
    spanLimits: {
      attributeValueLengthLimit: reader.number(
        'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
        reader.number('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 1024, 1),
        1,
      ),
      attributeCountLimit: reader.number(
        'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
        reader.number('OTEL_ATTRIBUTE_COUNT_LIMIT', 128, 1),
        1,
      ),
    },
    batch: batchSettings(reader, 'BSP', 5000),
  };
  return { settings, warnings: reader.warnings };
}
