import type {
  Counter,
  Meter,
  MeterProvider,
  MetricOptions,
  ObservableCallback,
  ObservableResult,
  ObservableUpDownCounter,
} from '@opentelemetry/api';
import { createNoopMeter } from '@opentelemetry/api';

/** The span processor's self-observability instruments this meter listens to. */
const PROCESSED = 'otel.sdk.processor.span.processed';
const QUEUE_SIZE = 'otel.sdk.processor.span.queue.size';

/**
 * A `MeterProvider` handed to a `BatchSpanProcessor` as its self-observability meter provider
 * (OpenTelemetry's public, experimental `selfObsMeterProvider` option): it is how the processor
 * says that it dropped spans because its queue was full (`otel.sdk.processor.span.processed` with
 * `error.type=queue_full`), which it reports nowhere else, and how many spans wait in its queue.
 * Every other instrument is a no-op.
 *
 * @internal
 */
export class QueueDropMeter implements MeterProvider {
  private readonly meter: Meter;
  private readonly queueCallbacks: ObservableCallback[] = [];

  constructor(onQueueFull: (spans: number) => void) {
    const base = createNoopMeter();
    const callbacks = this.queueCallbacks;
    const processed: Counter = {
      add(value, attributes) {
        if (attributes?.['error.type'] === 'queue_full') onQueueFull(value);
      },
    };
    const queueSize: ObservableUpDownCounter = {
      addCallback: (callback) => void callbacks.push(callback),
      removeCallback: (callback) => {
        const i = callbacks.indexOf(callback);
        if (i !== -1) callbacks.splice(i, 1);
      },
    };
    this.meter = Object.assign(Object.create(base) as Meter, {
      createCounter: (name: string, options?: MetricOptions) =>
        name === PROCESSED ? processed : base.createCounter(name, options),
      createObservableUpDownCounter: (name: string, options?: MetricOptions) =>
        name === QUEUE_SIZE ? queueSize : base.createObservableUpDownCounter(name, options),
    });
  }

  getMeter(): Meter {
    return this.meter;
  }

  /** Spans waiting in the processor's queue now (0 when it reports nothing). */
  queuedSpans(): number {
    let total = 0;
    const result: ObservableResult = { observe: (value) => void (total += value) };
    for (const callback of this.queueCallbacks) void callback(result);
    return total;
  }
}
