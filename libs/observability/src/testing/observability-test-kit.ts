import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Registry } from 'prom-client';
import type { ExpositionFormat } from '../metrics/exposition';
import { renderMetrics } from '../metrics/exposition';
import { MESSAGES } from '../messages/messages';
import { metricCatalog } from '../metrics/metric-catalog';
import type { HistogramReading } from './metric-reader';
import { readHistogram, sumValues } from './metric-reader';

/**
 * A test kit for users' own tests: captures spans in memory and reads metric values by name and
 * labels, without parsing `/metrics`. `start()` registers an in-memory tracing SDK globally (every
 * span sampled, context propagated with AsyncLocalStorage, and across processes and brokers with
 * the W3C trace context and baggage propagators, as the preload does); `reset()` between tests clears the
 * captured spans and sets every metric back to zero; `stop()` unregisters it.
 *
 * @publicApi
 * @example
 * const kit = ObservabilityTestKit.start();
 * afterEach(() => kit.reset());
 * afterAll(() => kit.stop());
 * it('traces the prediction', async () => {
 *   await service.predict(features);
 *   expect((await kit.span('PredictionService.predict')).status.code).toBe(SpanStatusCode.UNSET);
 *   expect(await kit.counterValue('method_calls_total', { method: 'predict' })).toBe(1);
 * });
 */
export class ObservabilityTestKit {
  private constructor(
    private readonly exporter: InMemorySpanExporter,
    private readonly provider: TracerProvider,
    private readonly contextManager: AsyncLocalStorageContextManager,
  ) {}

  /** Registers the in-memory tracing SDK globally and starts from zeroed metrics. */
  static start(): ObservabilityTestKit {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const contextManager = new AsyncLocalStorageContextManager().enable();
    trace.disable();
    context.disable();
    propagation.disable();
    context.setGlobalContextManager(contextManager);
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    );
    const kit = new ObservabilityTestKit(exporter, provider, contextManager);
    kit.reset();
    return kit;
  }

  /** The registry the SDK's metrics are exposed through. */
  get registry(): Registry {
    return metricCatalog.currentRegistry;
  }

  /** Every span ended so far, oldest first. */
  async spans(): Promise<ReadableSpan[]> {
    await this.provider.forceFlush();
    return this.exporter.getFinishedSpans();
  }

  /** The one ended span named `name`; throws, listing the names seen, when there is not exactly one. */
  async span(name: string): Promise<ReadableSpan> {
    const spans = await this.spans();
    const found = spans.filter((s) => s.name === name);
    const [span] = found;
    if (found.length !== 1 || span === undefined) {
      throw new Error(
        MESSAGES.notOneSpan(
          name,
          found.length,
          spans.map((s) => s.name),
        ),
      );
    }
    return span;
  }

  /** Sum of the counter (or gauge) series of `name` whose labels include `labels`. */
  counterValue(name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
    return sumValues(this.registry, name, labels);
  }

  /** Count, sum and buckets of the histogram series of `name` whose labels include `labels`. */
  histogram(
    name: string,
    labels: Readonly<Record<string, string>> = {},
  ): Promise<HistogramReading> {
    return readHistogram(this.registry, name, labels);
  }

  /** What a scrape of `/metrics` would return, in either format. */
  scrape(format: ExpositionFormat = 'prometheus'): Promise<string> {
    return renderMetrics(this.registry, format);
  }

  /** Clears captured spans and sets every metric of the registry back to zero. */
  reset(): void {
    this.exporter.reset();
    this.registry.resetMetrics();
  }

  /** Unregisters the tracing SDK and context manager. */
  async stop(): Promise<void> {
    await this.provider.shutdown();
    this.contextManager.disable();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}
