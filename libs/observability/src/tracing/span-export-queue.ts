import { context, TraceFlags } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { CounterFamily, CounterSeries } from '../metrics/counter-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../metrics/metric-names';

/** Why a finished span was never delivered. @internal */
export type DropReason = 'queue_full' | 'export_failed' | 'export_timeout' | 'shutdown';

/** The bounds of the queue. @internal */
export interface ExportQueueLimits {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMs: number;
  readonly exportTimeoutMs: number;
}

/** What the queue reports: a failing collector, once per failure streak, and its recovery. */
export type ExportStatusListener = (failing: boolean, detail: string) => void;

/**
 * The batch span processor, bounded by construction: finished, sampled spans wait in a queue of
 * at most `maxQueueSize` (more are dropped and counted, never buffered), one export runs at a
 * time with a deadline of its own, and a collector that refuses or never answers costs the
 * request path nothing but the push onto the queue. Every span that is not delivered is counted
 * in `observability_spans_dropped_total{reason}`; delivered ones in
 * `observability_spans_exported_total`. `shutdown(deadline)` flushes what it can in time and
 * then lets go.
 *
 * A resource set later (`ObservabilityModule` options win over the environment the preload read)
 * applies to every span exported from then on.
 *
 * @internal
 */
export class SpanExportQueue implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private exporting: Promise<void> | undefined;
  private closed = false;
  private failing = false;
  private resource: Resource | undefined;
  private readonly exported: CounterSeries;
  private readonly dropped: CounterFamily;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly limits: ExportQueueLimits,
    private readonly prepare: (span: ReadableSpan) => void,
    private readonly onStatus: ExportStatusListener,
  ) {
    this.exported = metricCatalog
      .counter({
        name: METRIC_NAMES.spansExported,
        help: METRIC_HELP.spansExported,
        labelNames: [],
        maxSeries: 1,
      })
      .resolve([]);
    this.dropped = metricCatalog.counter({
      name: METRIC_NAMES.spansDropped,
      help: METRIC_HELP.spansDropped,
      labelNames: ['reason'],
      maxSeries: 10,
    });
  }

  /** The resource every span exported from now on carries. */
  useResource(resource: Resource): void {
    this.resource = resource;
  }

  /** Spans waiting for export. */
  get size(): number {
    return this.queue.length;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.limits.maxQueueSize) {
      this.drop('queue_full', 1);
      return;
    }
    this.prepare(span);
    this.queue.push(span);
    if (this.queue.length >= this.limits.maxExportBatchSize) this.exportSoon(0);
    else this.exportSoon(this.limits.scheduledDelayMs);
  }

  /** Exports everything queued now, batch after batch. */
  async forceFlush(): Promise<void> {
    while (this.queue.length > 0 || this.exporting !== undefined) {
      await (this.exporting ?? this.exportNext());
    }
  }

  /**
   * Flushes within `deadlineMs`, then shuts the exporter down; spans still queued at the deadline
   * are counted as dropped (`shutdown`). Never takes longer than the deadline.
   */
  async shutdown(deadlineMs = 3000): Promise<void> {
    if (this.closed) return;
    const started = performance.now();
    await withDeadline(this.forceFlush(), deadlineMs);
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.drop('shutdown', this.queue.length);
    this.queue = [];
    const left = Math.max(0, deadlineMs - (performance.now() - started));
    await withDeadline(
      this.exporter.shutdown().catch(() => undefined),
      left,
    );
  }

  private exportSoon(delayMs: number): void {
    if (this.exporting !== undefined) return; // the running export continues with the queue
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportNext();
    }, delayMs);
    this.timer.unref();
  }

  private exportNext(): Promise<void> {
    if (this.exporting !== undefined) return this.exporting;
    const batch = this.queue.splice(0, this.limits.maxExportBatchSize);
    if (batch.length === 0) return Promise.resolve();
    this.exporting = this.send(batch).finally(() => {
      this.exporting = undefined;
      if (this.queue.length > 0 && !this.closed) {
        this.exportSoon(
          this.queue.length >= this.limits.maxExportBatchSize ? 0 : this.limits.scheduledDelayMs,
        );
      }
    });
    return this.exporting;
  }

  private send(batch: ReadableSpan[]): Promise<void> {
    const resource = this.resource;
    if (resource !== undefined) for (const span of batch) assignResource(span, resource);
    return new Promise<void>((resolve) => {
      let settled = false;
      const settle = (reason: DropReason | undefined, detail: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (reason === undefined) this.exported.inc(batch.length);
        else this.drop(reason, batch.length);
        this.report(reason !== undefined, detail);
        resolve();
      };
      const timer = setTimeout(
        () => settle('export_timeout', `no answer within ${this.limits.exportTimeoutMs} ms`),
        this.limits.exportTimeoutMs,
      );
      timer.unref();
      try {
        // The exporter's own HTTP request must not be traced: each export would make a span.
        context.with(suppressTracing(context.active()), () =>
          this.exporter.export(batch, (result: ExportResult) =>
            result.code === ExportResultCode.SUCCESS
              ? settle(undefined, 'delivering again')
              : settle('export_failed', result.error?.message ?? 'export failed'),
          ),
        );
      } catch (error) {
        settle('export_failed', error instanceof Error ? error.message : String(error));
      }
    });
  }

  private drop(reason: DropReason, count: number): void {
    if (count > 0) this.dropped.resolve([reason]).inc(count);
  }

  private report(failing: boolean, detail: string): void {
    if (failing === this.failing) return;
    this.failing = failing;
    this.onStatus(failing, detail);
  }
}

/**
 * Gives a finished span, which the queue now owns, the resource it is exported with: a field
 * assignment, as a per-span copy cost 2% of a traced request's CPU.
 */
function assignResource(span: ReadableSpan, resource: Resource): void {
  (span as { resource: Resource }).resource = resource;
}

function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
