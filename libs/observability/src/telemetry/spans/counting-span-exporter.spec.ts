import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { ExportOutcome } from './counting-span-exporter';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  TracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { CountingSpanExporter } from './counting-span-exporter';

/** An exporter whose answers the test decides. */
class ScriptedExporter implements SpanExporter {
  readonly pending: ((result: ExportResult) => void)[] = [];
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.pending.push(done);
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function setup(deadlineMs = 50) {
  const inner = new ScriptedExporter();
  const outcomes: [ExportOutcome, number][] = [];
  const statuses: [boolean, string][] = [];
  const exporter = new CountingSpanExporter(inner, deadlineMs, {
    outcome: (o, n) => outcomes.push([o, n]),
    status: (f, d) => statuses.push([f, d]),
  });
  const batch = (n: number) => new Array(n).fill({}) as ReadableSpan[];
  return { inner, exporter, outcomes, statuses, batch };
}

describe('CountingSpanExporter', () => {
  it('counts delivered and refused batches, and says once when export starts failing and recovers', () => {
    const { inner, exporter, outcomes, statuses, batch } = setup(10_000);
    const results: ExportResultCode[] = [];
    for (const n of [3, 2, 4, 1]) exporter.export(batch(n), (r) => results.push(r.code));
    inner.pending[0]?.({ code: ExportResultCode.SUCCESS });
    inner.pending[1]?.({
      code: ExportResultCode.FAILED,
      error: new Error('503 Service Unavailable'),
    });
    inner.pending[2]?.({ code: ExportResultCode.FAILED, error: new Error('ECONNREFUSED') });
    inner.pending[3]?.({ code: ExportResultCode.SUCCESS });
    expect(outcomes).toEqual([
      ['exported', 3],
      ['export_failed', 2],
      ['export_failed', 4],
      ['exported', 1],
    ]);
    expect(statuses).toEqual([
      [true, '503 Service Unavailable'],
      [false, 'delivering again'],
    ]);
    expect(results).toEqual([
      ExportResultCode.SUCCESS,
      ExportResultCode.FAILED,
      ExportResultCode.FAILED,
      ExportResultCode.SUCCESS,
    ]);
  });

  it('counts a batch left unanswered past the deadline as a timeout, and ignores the late answer', async () => {
    const { inner, exporter, outcomes, statuses, batch } = setup(20);
    const results: ExportResult[] = [];
    exporter.export(batch(5), (r) => results.push(r));
    await new Promise((resolve) => setTimeout(resolve, 60));
    inner.pending[0]?.({ code: ExportResultCode.SUCCESS });
    expect(outcomes).toEqual([['export_timeout', 5]]);
    expect(statuses).toEqual([[true, 'no answer within 20 ms']]);
    expect(results).toHaveLength(1);
    expect(results[0]?.code).toBe(ExportResultCode.FAILED);
  });

  it('counts an exporter that throws as a failure', () => {
    const { exporter, outcomes } = setup();
    const throwing = new CountingSpanExporter(
      {
        export: () => {
          throw new Error('serializer broke');
        },
        shutdown: () => Promise.resolve(),
      },
      50,
      { outcome: (o, n) => outcomes.push([o, n]), status: () => undefined },
    );
    let code: ExportResultCode | undefined;
    throwing.export(new Array(2).fill({}) as ReadableSpan[], (r) => (code = r.code));
    expect(outcomes).toEqual([['export_failed', 2]]);
    expect(code).toBe(ExportResultCode.FAILED);
    void exporter;
  });

  it("counts the real OTLP exporter's own timeout against a collector that never answers as export_timeout", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const outcomes: ExportOutcome[] = [];
    const exporter = new CountingSpanExporter(
      new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, timeoutMillis: 300 }),
      10_000,
      { outcome: (o) => outcomes.push(o), status: () => undefined },
    );
    // A real span to send.
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    });
    provider.getTracer('t').startSpan('one').end();
    try {
      const result = await new Promise<ExportResult>((resolve) =>
        exporter.export(memory.getFinishedSpans(), resolve),
      );
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(outcomes).toEqual(['export_timeout']);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await exporter.shutdown();
    }
  }, 15_000);
});
