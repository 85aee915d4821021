import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { RUNTIME_MESSAGES } from '../../messages/runtime.messages';

/** What became of a batch. @internal */
export type ExportOutcome = 'exported' | 'export_failed' | 'export_timeout';

/** Told of every batch's outcome, and of the collector starting or stopping to fail. @internal */
export interface ExportListener {
  outcome(outcome: ExportOutcome, spans: number): void;
  /** Once when export starts failing (with why), once when it recovers. */
  status(failing: boolean, detail: string): void;
}

/**
 * Whether an exporter's failure is its own timeout: the OTLP HTTP exporter's `Request timed out`
 * (after its retries, at `OTEL_EXPORTER_OTLP_TIMEOUT`, 10 s, usually before our deadline), gRPC's
 * `DEADLINE_EXCEEDED` (code 4), a socket's `ETIMEDOUT`. Read from the error the exporter returns,
 * its only public description of what happened.
 */
function isTimeout(error: Error | undefined): boolean {
  if (error === undefined) return false;
  const code = (error as { code?: unknown }).code;
  return code === 4 || code === 'ETIMEDOUT' || /timed out|deadline exceeded/i.test(error.message);
}

/**
 * A span exporter around the real one (OTLP over HTTP or gRPC) that counts what became of each
 * batch: delivered, refused or failed, or unanswered (the exporter's own timeout, or none within
 * `deadlineMs`). The deadline is set just
 * under the batch processor's own export timeout, so a collector that accepts the connection and
 * never answers is counted as a timeout, not left to the processor (which only logs it). A batch
 * that times out is reported failed to the processor at once; a late answer is ignored.
 *
 * @internal
 */
export class CountingSpanExporter implements SpanExporter {
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly deadlineMs: number,
    private readonly listener: ExportListener,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    let settled = false;
    const settle = (outcome: ExportOutcome, result: ExportResult, detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.listener.outcome(outcome, spans.length);
      this.report(outcome !== 'exported', detail);
      done(result);
    };
    const timer = setTimeout(
      () =>
        settle(
          'export_timeout',
          {
            code: ExportResultCode.FAILED,
            error: new Error(RUNTIME_MESSAGES.exportDeadlineExceeded()),
          },
          RUNTIME_MESSAGES.exportNoAnswer(this.deadlineMs),
        ),
      this.deadlineMs,
    );
    timer.unref();
    try {
      this.inner.export(spans, (result) =>
        result.code === ExportResultCode.SUCCESS
          ? settle('exported', result, RUNTIME_MESSAGES.exportDelivering())
          : settle(
              isTimeout(result.error) ? 'export_timeout' : 'export_failed',
              result,
              result.error?.message ?? RUNTIME_MESSAGES.exportFailed(),
            ),
      );
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      settle('export_failed', { code: ExportResultCode.FAILED, error: failure }, failure.message);
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private report(failing: boolean, detail: string): void {
    if (failing === this.failing) return;
    this.failing = failing;
    this.listener.status(failing, detail);
  }
}
