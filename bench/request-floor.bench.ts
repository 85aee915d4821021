/**
 * The physical floor of the SDK's cost per HTTP request: each part of what it does for one request
 * measured alone, with the SDK's own code (the pipeline's sinks, its logger, its span processors,
 * OpenTelemetry's OTLP protobuf serializer), interleaved, then added up per variant of
 * `bench:http`. What a variant costs in `bench:http` above this floor is the price of running it
 * inside a server (garbage collection, cache misses, the stdout and export I/O, the event loop).
 *
 * Run: npm run bench:floor   (BARE_US: the bare app's server CPU µs per request in `bench:http`,
 * default 48, to turn the floor into the best ratio each variant could reach)
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { Context } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, Sampler, SamplingResult, SpanExporter } from '@opentelemetry/sdk-trace';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SamplingDecision,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { withOperationIds } from '../libs/observability/src/context/operation-context';
import type { HttpExchange, HttpOutcome } from '../libs/observability/src/http/http-exchange';
import { AccessLogSink } from '../libs/observability/src/http/sinks/access-log.sink';
import { HttpMetricsSink } from '../libs/observability/src/http/sinks/http-metrics.sink';
import { ServerSpanSink } from '../libs/observability/src/http/sinks/server-span';
import { loggerOptions } from '../libs/observability/src/logging/root-logger';
import { DEFAULT_DURATION_BUCKETS } from '../libs/observability/src/naming/metric-names';
import { RedactionSpanProcessor } from '../libs/observability/src/telemetry/spans/redaction.processor';
import { runInterleaved, toMarkdown } from './harness';

const BARE_US = Number(process.env.BARE_US ?? 48);
const BATCH = 64;

/** Keeps the last spans it was given (to serialize them), and drops the rest. */
class KeepingExporter implements SpanExporter {
  kept: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    if (this.kept.length < BATCH) this.kept.push(...spans.slice(0, BATCH - this.kept.length));
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Samples a new trace or not as the contender being measured says (a ratio sampler's verdict). */
let sampleRoots = true;
const rootSampler: Sampler = {
  shouldSample: (): SamplingResult => ({
    decision: sampleRoots ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD,
  }),
  toString: () => 'bench',
};

const exporter = new KeepingExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(
  new TracerProvider({
    sampler: new ParentBasedSampler({ root: rootSampler }),
    spanProcessors: [new RedactionSpanProcessor(), new BatchSpanProcessor({ exporter })],
  }),
);
const tracer = trace.getTracer('bench');

/** What a request of the benchmark app looks like to the sinks (`GET /models/42`). */
function exchange(headers: Record<string, string>): HttpExchange {
  // Emitters, as Node's are: the SERVER span binds both to its context.
  const req = Object.assign(new EventEmitter(), {
    method: 'GET',
    url: '/models/42',
    httpVersion: '1.1',
    headers: { host: '127.0.0.1:3000', 'user-agent': 'autocannon', ...headers },
    socket: { remoteAddress: '127.0.0.1', remotePort: 51234 },
  }) as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    setHeader: () => undefined,
  }) as unknown as ServerResponse;
  return {
    req,
    res,
    method: 'GET',
    startedMs: 0,
    requestId: '3f1c9a7e-6d1b-4c1e-9a51-2b8f7d0c4e11',
    span: undefined,
    context: ROOT_CONTEXT,
  };
}

const OUTCOME: HttpOutcome = {
  outcome: 'success',
  error: undefined,
  status: '200',
  route: '/models/:id',
  seconds: 0.0012,
};
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const spans = new ServerSpanSink('traceresponse');
const metrics = new HttpMetricsSink({
  prefix: '',
  buckets: DEFAULT_DURATION_BUCKETS,
  maxSeries: 2000,
});
const access = new AccessLogSink(
  pino(loggerOptions({ level: 'info', service: 'bench', pretty: false }), discard),
  [],
);

/** A Nest-level span (controller or handler) as the SDK starts one, in the request's scope. */
function nestSpan(parent: Context): void {
  tracer
    .startSpan(
      'handler ModelsController.find',
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          component: '@nestjs/core',
          'nestjs.type': 'handler',
          'nestjs.controller': 'ModelsController',
          'nestjs.callback': 'find',
          'code.function.name': 'ModelsController.find',
        },
      },
      parent,
    )
    .end();
}

async function main(): Promise<void> {
  // Fill the exporter with real finished spans of both shapes, to serialize.
  while (exporter.kept.length < BATCH) {
    const e = exchange({});
    spans.start(e);
    nestSpan(e.context);
    spans.end(e, OUTCOME);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const batch = exporter.kept.slice(0, BATCH);
  const serializer = ProtobufTraceSerializer;
  const results = await runInterleaved(
    [
      {
        name: 'request scope (ids in the context, run in it)',
        fn: () => {
          const e = exchange({});
          const scope = withOperationIds(context.active(), {
            field: 'request_id',
            value: e.requestId,
          });
          return context.with(scope, () => e);
        },
      },
      {
        name: 'HTTP metrics (start and end)',
        fn: () => {
          const e = exchange({});
          metrics.start(e);
          metrics.end(e, OUTCOME);
        },
      },
      { name: 'access line', fn: () => access.end(exchange({}), OUTCOME) },
      {
        name: 'SERVER span, not sampled (start and end)',
        fn: () => {
          sampleRoots = false;
          const e = exchange({});
          spans.start(e);
          spans.end(e, OUTCOME);
        },
      },
      {
        name: 'SERVER span, sampled (start and end, batched)',
        fn: () => {
          sampleRoots = true;
          const e = exchange({});
          spans.start(e);
          spans.end(e, OUTCOME);
        },
      },
      {
        name: 'Nest-level span, sampled (start and end)',
        fn: () => {
          sampleRoots = true;
          nestSpan(ROOT_CONTEXT);
        },
      },
      {
        name: `OTLP protobuf serialization of ${BATCH} spans`,
        fn: () => serializer.serializeRequest(batch),
      },
    ],
    'access line',
  );
  console.log(`\nParts of one request (Node ${process.version}, ${new Date().toISOString()})\n`);
  console.log(toMarkdown(results, 'access line'));

  const us = (name: string) => (results.find((r) => r.name.startsWith(name))?.medianNs ?? 0) / 1e3;
  const scope = us('request scope');
  const metricsUs = us('HTTP metrics');
  const line = us('access line');
  const unsampled = us('SERVER span, not sampled');
  const traced = us('SERVER span, sampled') + 2 * us('Nest-level span') + (3 * us('OTLP')) / BATCH;
  const floors = [
    ['metrics (HTTP metrics, request scope)', scope + metricsUs],
    [
      'sampled 10% (+ access line, a span per request, 10 % of them recorded and serialized)',
      scope + metricsUs + line + 0.9 * unsampled + 0.1 * traced,
    ],
    ['full (+ every trace: 3 spans recorded and serialized)', scope + metricsUs + line + traced],
  ] as const;
  console.log(`\nFloor per request, and the best ratio to a bare app at ${BARE_US} µs\n`);
  console.log('| variant | floor µs/request | best ratio to bare |');
  console.log('| --- | ---: | ---: |');
  for (const [name, floor] of floors) {
    console.log(`| ${name} | ${floor.toFixed(1)} | ${(BARE_US / (BARE_US + floor)).toFixed(2)}× |`);
  }
}

void main();
