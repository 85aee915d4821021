import type { Attributes } from '@opentelemetry/api';
import type { Logger as LogRecordLogger } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { EdgeSampler } from './edge-sampler';
import { createLogExporter } from './exporters';
import type { SpanExportQueue } from './span-export-queue';
import type { TracingSettings } from './tracing-settings';

/** What the module may change after the preload started tracing. @internal */
export interface TracingOverrides {
  readonly resource: Attributes;
  readonly sampleRatio: number | undefined;
  readonly trustIncomingSampling: boolean;
}

interface ModuleDefinitionLike {
  name?: string;
  moduleExports?: unknown;
  moduleVersion?: string;
}

/** Where status messages go: stderr until the application's logger takes over. */
export type TracingLogSink = (level: 'log' | 'warn', message: string) => void;

/**
 * The running tracing SDK of this process, as `startTracing` built it (the provider itself is the
 * global one): the export queue, the sampler and the instrumentations. One per process (kept on `globalThis`), so the
 * preload and the Nest module share it even when the library is loaded twice.
 *
 * @internal
 */
export class TracingRuntime {
  private sink: TracingLogSink = (level, message) =>
    process.stderr.write(
      `${JSON.stringify({ level: level === 'log' ? 'info' : 'warn', time: new Date().toISOString(), context: 'Tracing', msg: message })}\n`,
    );
  private stopped: Promise<void> | undefined;
  private resource: Attributes;
  private logs: { provider: LoggerProvider; logger: LogRecordLogger } | undefined;

  constructor(
    readonly settings: TracingSettings,
    readonly queue: SpanExportQueue | undefined,
    readonly sampler: EdgeSampler,
    readonly instrumentations: readonly Instrumentation[],
    /** Modules that were loaded before tracing started (their calls are not traced). */
    readonly loadedEarly: readonly string[],
  ) {
    this.resource = settings.resource;
  }

  /** Sends status messages (collector failing, recovered) to `sink` from now on. */
  logTo(sink: TracingLogSink): void {
    this.sink = sink;
  }

  log(level: 'log' | 'warn', message: string): void {
    this.sink(level, message);
  }

  /** Applies the module's options: they win over the environment the preload read. */
  configure(overrides: TracingOverrides): void {
    this.resource = { ...this.settings.resource, ...overrides.resource };
    this.queue?.useResource(resourceFromAttributes(this.resource));
    this.sampler.configure(overrides.sampleRatio, overrides.trustIncomingSampling);
  }

  /**
   * Where log lines are copied as OTLP log records (`OTEL_LOGS_EXPORTER=otlp`), or undefined.
   * Created on first use, with the resource known then (the module's, once it configured us).
   */
  logRecordLogger(): LogRecordLogger | undefined {
    if (this.settings.logsExporter !== 'otlp' || this.stopped !== undefined) return undefined;
    if (this.logs === undefined) {
      const provider = new LoggerProvider({
        resource: resourceFromAttributes(this.resource),
        processors: [new BatchLogRecordProcessor({ exporter: createLogExporter(this.settings) })],
      });
      this.logs = { provider, logger: provider.getLogger('@app/observability') };
    }
    return this.logs.logger;
  }

  /** Flushes within `deadlineMs` and stops; later calls wait for the first. */
  shutdown(deadlineMs: number): Promise<void> {
    this.stopped ??= (async () => {
      const logs = this.logs?.provider.shutdown().catch(() => undefined);
      await Promise.all([
        this.queue?.shutdown(deadlineMs),
        logs &&
          Promise.race([logs, new Promise((resolve) => setTimeout(resolve, deadlineMs).unref())]),
      ]);
      for (const instrumentation of this.instrumentations) instrumentation.disable();
    })();
    return this.stopped;
  }

  /**
   * One line: started before Nest or not, the exporter, the sampler, what was patched;
   * `extraInstrumentations` names what the application side installed (the Nest spans).
   */
  report(extraInstrumentations: readonly string[] = []): string {
    const s = this.settings;
    const before =
      this.loadedEarly.length === 0
        ? 'started before Nest'
        : `started AFTER ${this.loadedEarly.join(', ')} loaded: their calls are not traced; preload it: node --import nestjs-observability/register dist/main.js`;
    const exporter = s.exporter === 'otlp' ? `otlp ${s.protocol} ${s.endpoint}` : s.exporter;
    const patched = [...this.instrumentations.map((i) => patchState(i)), ...extraInstrumentations];
    const logs =
      s.logsExporter === 'otlp'
        ? `; log lines also sent as OTLP logs (${s.logsProtocol} ${s.logsEndpoint})`
        : '';
    return `Tracing ${before}; exporter ${exporter}; sampler ${this.sampler.toString()}; instrumentations: ${patched.join(', ')}${logs}`;
  }
}

/** `http patched`, `pg patched 8.16.3`, `ioredis not loaded`. */
function patchState(instrumentation: Instrumentation): string {
  const definitions =
    (instrumentation as unknown as { _modules?: ModuleDefinitionLike[] })._modules ?? [];
  const name = instrumentation.instrumentationName.replace('@opentelemetry/instrumentation-', '');
  const loaded = definitions.filter((d) => d.moduleExports !== undefined);
  if (loaded.length === 0) return `${name} not loaded`;
  const versions = [...new Set(loaded.map((d) => d.moduleVersion).filter(Boolean))];
  return `${name} patched${versions.length > 0 ? ` ${versions.join('/')}` : ''}`;
}

const SLOT = Symbol.for('@app/observability.tracing');

/** The process's tracing runtime, when `startTracing` ran. @internal */
export function tracingRuntime(): TracingRuntime | undefined {
  return (globalThis as { [SLOT]?: TracingRuntime })[SLOT];
}

/** Records the process's tracing runtime. @internal */
export function setTracingRuntime(runtime: TracingRuntime | undefined): void {
  (globalThis as { [SLOT]?: TracingRuntime })[SLOT] = runtime;
}
