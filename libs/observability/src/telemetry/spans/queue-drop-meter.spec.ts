import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { QueueDropMeter } from './queue-drop-meter';

/** An exporter that answers only when told: meanwhile the processor's queue fills up. */
const waiting: ((r: { code: ExportResultCode }) => void)[] = [];
const stuck: SpanExporter = {
  export: (_spans: ReadableSpan[], done: (r: { code: ExportResultCode }) => void) =>
    void waiting.push(done),
  shutdown: () => Promise.resolve(),
};

describe("QueueDropMeter on OpenTelemetry's own BatchSpanProcessor", () => {
  it('is told of every span dropped because the queue was full, and reads the queue', async () => {
    let dropped = 0;
    const meter = new QueueDropMeter((n) => (dropped += n));
    const processor = new BatchSpanProcessor({
      exporter: stuck,
      maxQueueSize: 10,
      maxExportBatchSize: 5,
      scheduledDelayMillis: 60_000,
      exportTimeoutMillis: 60_000,
      selfObsMeterProvider: meter,
    });
    const provider = new TracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('test');
    for (let i = 0; i < 25; i++) tracer.startSpan(`s${i}`).end();
    expect(dropped).toBeGreaterThanOrEqual(10);
    expect(meter.queuedSpans() + dropped).toBeLessThanOrEqual(25);
    expect(meter.queuedSpans()).toBeGreaterThan(0);
    // Answer every export, now and while the processor flushes on shutdown.
    const answering = setInterval(() => {
      while (waiting.length > 0) waiting.shift()?.({ code: ExportResultCode.SUCCESS });
    }, 1);
    await provider.shutdown();
    clearInterval(answering);
  });
});
