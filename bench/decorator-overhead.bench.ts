/**
 * Per-call cost of @Counted, @Timed and @Traced against the hand-written instrumentation they
 * replace, measured interleaved in one run, with nestjs-otel's @Span and autometrics for
 * comparison. Tracing runs on the real SDK (batch processor, AsyncLocalStorage context, every span
 * sampled, a discarding exporter), as in a service.
 *
 * Run: npm run bench:decorators          (SDK registered)
 *      npm run bench:decorators -- --no-sdk   (no tracing SDK: the API's no-ops)
 */
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AutometricsLegacy, registerExporter } from '@autometrics/autometrics';
import { Span } from 'nestjs-otel';
import { Counter, Histogram, Registry } from 'prom-client';
import { Counted, Timed, Traced } from '../libs/observability/src/index';
import { DEFAULT_DURATION_BUCKETS } from '../libs/observability/src/naming/metric-names';
import type { Contender } from './harness';
import { runInterleaved, toMarkdown } from './harness';

const withSdk = !process.argv.includes('--no-sdk');

/** Drops every span: the cost measured is the SDK's and the instrumentation's, not a network's. */
class DiscardingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

if (withSdk) {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new TracerProvider({
      spanProcessors: [new BatchSpanProcessor({ exporter: new DiscardingExporter() })],
    }),
  );
}

// autometrics records through its own OpenTelemetry metrics SDK; give it a reader, as its
// Prometheus exporter would.
const autometricsRequire = createRequire(require.resolve('@autometrics/autometrics'));
const { MetricReader } = autometricsRequire('@opentelemetry/sdk-metrics') as {
  MetricReader: abstract new () => object;
};
/** A pull reader, like the Prometheus exporter autometrics ships. */
class PullReader extends MetricReader {
  onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
registerExporter({ metricReader: new PullReader() as never });

const registry = new Registry();
const labels = { class: 'Hand', method: 'work', outcome: 'success' };
const countChild = new Counter({
  name: 'hand_calls_total',
  help: 'Hand-written call counter.',
  labelNames: ['class', 'method', 'outcome', 'error_type'],
  registers: [registry],
}).labels({ ...labels, error_type: '' });
const timeChild = new Histogram({
  name: 'hand_duration_seconds',
  help: 'Hand-written call duration.',
  labelNames: ['class', 'method', 'outcome'],
  buckets: [...DEFAULT_DURATION_BUCKETS],
  registers: [registry],
}).labels(labels);
const tracer = trace.getTracer('bench');

/** The instrumentation written by hand, as a careful developer would. */
class Hand {
  counted(x: number): number {
    const result = x + 1;
    countChild.inc();
    return result;
  }
  timed(x: number): number {
    const start = process.hrtime.bigint();
    const result = x + 1;
    timeChild.observe(Number(process.hrtime.bigint() - start) / 1e9);
    return result;
  }
  traced(x: number): number {
    return tracer.startActiveSpan('Hand.traced', (span) => {
      try {
        return x + 1;
      } finally {
        span.end();
      }
    });
  }
  timedCounted(x: number): number {
    const start = process.hrtime.bigint();
    const result = x + 1;
    timeChild.observe(Number(process.hrtime.bigint() - start) / 1e9);
    countChild.inc();
    return result;
  }
}

class Decorated {
  @Counted()
  counted(x: number): number {
    return x + 1;
  }
  @Timed()
  timed(x: number): number {
    return x + 1;
  }
  @Traced()
  traced(x: number): number {
    return x + 1;
  }
  @Timed()
  @Counted()
  timedCounted(x: number): number {
    return x + 1;
  }
}

class Others {
  @Span()
  nestjsOtelSpan(x: number): number {
    return x + 1;
  }
  @AutometricsLegacy()
  autometrics(x: number): number {
    return x + 1;
  }
}

const hand = new Hand();
const decorated = new Decorated();
const others = new Others();
const plain = (x: number) => x + 1;
let i = 0;

const contenders: Contender[] = [
  { name: 'undecorated method', fn: () => plain(i++) },
  { name: 'hand: boundChild.inc()', fn: () => hand.counted(i++) },
  { name: '@Counted()', fn: () => decorated.counted(i++) },
  { name: 'hand: hrtime.bigint() + boundChild.observe()', fn: () => hand.timed(i++) },
  { name: '@Timed()', fn: () => decorated.timed(i++) },
  { name: 'hand: observe() + inc()', fn: () => hand.timedCounted(i++) },
  { name: '@Timed() @Counted()', fn: () => decorated.timedCounted(i++) },
  { name: 'autometrics @AutometricsLegacy()', fn: () => others.autometrics(i++) },
  { name: 'hand: tracer.startActiveSpan + span.end()', fn: () => hand.traced(i++) },
  { name: '@Traced()', fn: () => decorated.traced(i++) },
  { name: "nestjs-otel's @Span()", fn: () => others.nestjsOtelSpan(i++) },
];

/** Pairs each decorator with the hand-written code it replaces. */
const PAIRS: [string, string, number][] = [
  ['@Counted()', 'hand: boundChild.inc()', 1.2],
  ['@Timed()', 'hand: hrtime.bigint() + boundChild.observe()', 1.2],
  ['@Timed() @Counted()', 'hand: observe() + inc()', 1.2],
  ['autometrics @AutometricsLegacy()', 'hand: observe() + inc()', Infinity],
  ['@Traced()', 'hand: tracer.startActiveSpan + span.end()', 1.1],
  ["nestjs-otel's @Span()", 'hand: tracer.startActiveSpan + span.end()', Infinity],
];

async function main(): Promise<void> {
  const results = await runInterleaved(contenders, 'undecorated method');
  const ns = new Map(results.map((r) => [r.name, r.medianNs]));
  console.log(
    `Node ${process.version}, ${new Date().toISOString()}, tracing SDK: ${withSdk ? 'registered' : 'none (no-op API)'}\n`,
  );
  console.log(toMarkdown(results, 'undecorated method'));
  console.log('\n| contender | vs its hand-written equivalent | goal |\n| --- | ---: | ---: |');
  for (const [name, reference, goal] of PAIRS) {
    const ratio = (ns.get(name) ?? NaN) / (ns.get(reference) ?? NaN);
    console.log(
      `| ${name} | ${ratio.toFixed(2)}× | ${Number.isFinite(goal) ? `≤ ${goal}×` : '(comparison)'} |`,
    );
  }
}

void main();
