import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { ObservabilityTestKit } from '../testing/observability-test-kit';
import type { CallRecord } from './call';
import { instrumentFunction } from './instrument';
import { MethodInstrumentation } from './method-instrumentation';
import { Observable } from 'rxjs';
import type { Operation, OperationOutcome, OperationSink, SinkStages } from './operation';
import {
  endOperationSpan,
  OperationProbe,
  RECORD_STAGES,
  SinkChain,
  SPAN_STAGES,
} from './operation';
import { currentTracer } from './tracer';

const ERRORS = 'observability_instrumentation_errors_total';

/** A sink that writes what it sees into `seen`, and throws where it is told to. */
function recorder(
  name: string,
  seen: string[],
  failOn?: 'start' | 'end',
  stages: SinkStages = RECORD_STAGES,
): OperationSink<Operation> & { outcomes: OperationOutcome[] } {
  const outcomes: OperationOutcome[] = [];
  return {
    outcomes,
    stages,
    start() {
      seen.push(`${name}.start`);
      if (failOn === 'start') throw new Error(`${name} broke at the start`);
    },
    end(_operation, outcome) {
      seen.push(`${name}.end`);
      outcomes.push(outcome);
      if (failOn === 'end') throw new Error(`${name} broke at the end`);
    },
  };
}

describe('the operation model every context shares', () => {
  let kit: ObservabilityTestKit;
  beforeAll(() => {
    kit = ObservabilityTestKit.start();
  });
  afterEach(() => kit.reset());
  afterAll(() => kit.stop());

  it('starts the sinks in order and ends them in reverse: the span opens first and ends last', () => {
    const seen: string[] = [];
    const chain = new SinkChain([recorder('span', seen), recorder('metrics', seen)]);
    const operation: Operation = { span: undefined, context: ROOT_CONTEXT };
    chain.start(operation, 'op');
    chain.end(operation, { outcome: 'success', error: undefined, seconds: 0.1 }, 'op');
    expect(seen).toEqual(['span.start', 'metrics.start', 'metrics.end', 'span.end']);
  });

  it('a sink failing at the end is counted under its own stage, and the other sinks still run', async () => {
    const seen: string[] = [];
    const span = recorder('span', seen, undefined, SPAN_STAGES);
    const chain = new SinkChain([span, recorder('metrics', seen, 'end')]);
    const operation: Operation = { span: undefined, context: ROOT_CONTEXT };
    chain.start(operation, 'op');
    expect(() =>
      chain.end(operation, { outcome: 'error', error: new Error('x'), seconds: 1 }, 'op'),
    ).not.toThrow();
    expect(seen).toEqual(['span.start', 'metrics.start', 'metrics.end', 'span.end']);
    expect(span.outcomes).toHaveLength(1);
    expect(await kit.counterValue(ERRORS, { stage: 'record-duration' })).toBe(1);
    expect(await kit.counterValue(ERRORS, { stage: 'end-span' })).toBe(0);
  });

  it('a sink failing at the start is counted under its own stage, and the later sinks still start', async () => {
    const seen: string[] = [];
    const chain = new SinkChain([
      recorder('span', seen, 'start', SPAN_STAGES),
      recorder('metrics', seen),
    ]);
    const operation: Operation = { span: undefined, context: ROOT_CONTEXT };
    expect(() => chain.start(operation, 'op')).not.toThrow();
    chain.end(operation, { outcome: 'success', error: undefined, seconds: 1 }, 'op');
    expect(seen).toEqual(['span.start', 'metrics.start', 'metrics.end', 'span.end']);
    expect(await kit.counterValue(ERRORS, { stage: 'start-span' })).toBe(1);
    expect(await kit.counterValue(ERRORS, { stage: 'start-call' })).toBe(0);
  });

  it('a method whose calls are operations hands each call’s outcome and duration to its sinks once', async () => {
    const seen: string[] = [];
    const sink = recorder('sink', seen);
    const plan = new MethodInstrumentation({
      className: 'Job',
      methodName: 'run',
      qualifiedName: 'Job.run',
    });
    plan.add(new OperationProbe(new SinkChain<CallRecord>([sink]), 'Job.run'));
    const run = instrumentFunction(async (fail: unknown) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (fail === true) throw new TypeError('broken');
      return 'done';
    }, plan) as (fail: boolean) => Promise<string>;

    await expect(run(false)).resolves.toBe('done');
    await expect(run(true)).rejects.toThrow('broken');
    expect(seen).toEqual(['sink.start', 'sink.end', 'sink.start', 'sink.end']);
    const [ok, failed] = sink.outcomes;
    expect(ok).toMatchObject({ outcome: 'success', error: undefined });
    expect(failed?.outcome).toBe('error');
    expect(failed?.error).toBeInstanceOf(TypeError);
    // The clock runs for an operation probe though it is the plan's only probe.
    for (const outcome of sink.outcomes) expect(outcome.seconds).toBeGreaterThanOrEqual(0.015);
  });

  it('a method returning an Observable its subscriber drops ends its operation as cancelled', () => {
    const sink = recorder('sink', []);
    const plan = new MethodInstrumentation({
      className: 'Feed',
      methodName: 'watch',
      qualifiedName: 'Feed.watch',
    });
    plan.add(new OperationProbe(new SinkChain<CallRecord>([sink]), 'Feed.watch'));
    const watch = instrumentFunction(
      () => new Observable<number>((subscriber) => subscriber.next(1)),
      plan,
    ) as () => Observable<number>;
    const subscription = watch().subscribe();
    expect(sink.outcomes).toHaveLength(0);
    subscription.unsubscribe();
    expect(sink.outcomes.map((o) => o.outcome)).toEqual(['cancelled']);
  });

  it('ends a span with its outcome: ERROR and error.type on failure, an event when cancelled', async () => {
    const tracer = currentTracer();
    endOperationSpan(tracer.startSpan('ok'), 'success', undefined);
    endOperationSpan(tracer.startSpan('failed'), 'error', new RangeError('no'));
    endOperationSpan(tracer.startSpan('plain'), 'error', { message: 'serialised' });
    endOperationSpan(tracer.startSpan('dropped'), 'cancelled', undefined);
    endOperationSpan(tracer.startSpan('given up'), 'error', undefined);
    const ok = await kit.span('ok');
    expect(ok.status.code).toBe(SpanStatusCode.UNSET);
    const failed = await kit.span('failed');
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('RangeError');
    expect((await kit.span('plain')).attributes['error.type']).toBe('_OTHER');
    expect((await kit.span('dropped')).events.map((e) => e.name)).toEqual(['cancelled']);
    expect((await kit.span('given up')).attributes['error.type']).toBe('_OTHER');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
