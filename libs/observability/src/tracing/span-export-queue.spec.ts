import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { register } from 'prom-client';
import { SpanExportQueue } from './span-export-queue';

/** An exporter at the protocol boundary: answers as told, or never. */
class ScriptedExporter implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  answer: 'success' | 'failure' | 'never' = 'success';

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.batches.push(spans);
    if (this.answer === 'success') done({ code: ExportResultCode.SUCCESS });
    else if (this.answer === 'failure')
      done({ code: ExportResultCode.FAILED, error: new Error('503') });
  }

  shutdown(): Promise<void> {
    return this.answer === 'never' ? new Promise(() => undefined) : Promise.resolve();
  }
}

async function droppedTotal(reason: string): Promise<number> {
  const metric = register.getSingleMetric('observability_spans_dropped_total');
  const values = (await metric?.get())?.values ?? [];
  return values.filter((v) => v.labels.reason === reason).reduce((sum, v) => sum + v.value, 0);
}

function setup(limits: Partial<ConstructorParameters<typeof SpanExportQueue>[1]> = {}) {
  const exporter = new ScriptedExporter();
  const statuses: [boolean, string][] = [];
  const queue = new SpanExportQueue(
    exporter,
    {
      maxQueueSize: 5,
      maxExportBatchSize: 2,
      scheduledDelayMs: 60_000,
      exportTimeoutMs: 200,
      ...limits,
    },
    () => undefined,
    (failing, detail) => statuses.push([failing, detail]),
  );
  const tracer = new TracerProvider({ spanProcessors: [queue] }).getTracer('test');
  const end = (n: number) => {
    for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`).end();
  };
  return { exporter, queue, end, statuses };
}

describe('SpanExportQueue', () => {
  it('holds at most maxQueueSize spans and counts the rest as dropped', async () => {
    const { queue, end, exporter } = setup({ maxExportBatchSize: 5 });
    exporter.answer = 'never';
    const before = await droppedTotal('queue_full');
    end(5); // fills the queue: its first batch goes out (and never comes back)
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queue.size).toBe(0);
    end(8); // 5 wait again, 3 are dropped
    expect(queue.size).toBeLessThanOrEqual(5);
    expect((await droppedTotal('queue_full')) - before).toBe(3);
  });

  it('exports in batches on flush, and reports a failing collector once, then its recovery', async () => {
    const { queue, end, exporter, statuses } = setup();
    exporter.answer = 'failure';
    end(3);
    await queue.forceFlush();
    expect(exporter.batches.map((b) => b.length)).toEqual([2, 1]);
    expect(statuses).toEqual([[true, '503']]);
    exporter.answer = 'success';
    end(1);
    await queue.forceFlush();
    expect(statuses).toEqual([
      [true, '503'],
      [false, 'delivering again'],
    ]);
  });

  it('shuts down within its deadline when the collector never answers, counting what was left', async () => {
    const { queue, end, exporter } = setup({ exportTimeoutMs: 10_000 });
    exporter.answer = 'never';
    const before = await droppedTotal('shutdown');
    end(4);
    const started = performance.now();
    await queue.shutdown(300);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await droppedTotal('shutdown')) - before).toBeGreaterThan(0);
    end(1); // after shutdown: ignored, not queued
    expect(queue.size).toBe(0);
  });
});
