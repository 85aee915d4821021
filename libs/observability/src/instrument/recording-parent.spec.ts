import { SpanKind, TraceFlags, context, trace } from '@opentelemetry/api';
import { ObservabilityTestKit } from '../testing/observability-test-kit';
import { instrumentFunction } from './instrument';
import { MethodInstrumentation } from './method-instrumentation';
import { SpanProbe } from './probes/span.probe';

const site = { className: 'Routes', methodName: 'find', qualifiedName: 'Routes.find' };

/** A route wrapped as the Nest-level spans wrap it: traced only under a recording span. */
function nestLikeRoute(): () => string {
  const plan = new MethodInstrumentation(site, true);
  plan.add(new SpanProbe('controller Routes.find', SpanKind.INTERNAL, {}, [], site.qualifiedName));
  return instrumentFunction(
    () => trace.getActiveSpan()?.spanContext().spanId ?? 'none',
    plan,
  ) as () => string;
}

describe('MethodInstrumentation with onlyUnderRecordingSpan (the Nest-level spans)', () => {
  let kit: ObservabilityTestKit;
  beforeAll(() => {
    kit = ObservabilityTestKit.start();
  });
  afterEach(() => kit.reset());
  afterAll(() => kit.stop());

  it('leaves a call under a span that does not record alone: no span, the caller’s context, the same result', async () => {
    const unsampled = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.NONE,
    });
    const route = nestLikeRoute();
    const seen = context.with(trace.setSpan(context.active(), unsampled), () => route());
    expect(seen).toBe('b7ad6b7169203331');
    expect(await kit.spans()).toEqual([]);
  });

  it('traces a call under a recording span, as a child of it', async () => {
    const route = nestLikeRoute();
    const parent = trace.getTracer('test').startSpan('GET /routes');
    const seen = context.with(trace.setSpan(context.active(), parent), () => route());
    parent.end();
    const span = await kit.span('controller Routes.find');
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(seen).toBe(span.spanContext().spanId);
  });

  it('traces a call with no active span (no server span: tracing without the preload)', async () => {
    const seen = nestLikeRoute()();
    expect(seen).toBe((await kit.span('controller Routes.find')).spanContext().spanId);
  });

  it('a plan without the option traces under a span that does not record too (as @Traced does)', () => {
    const plan = new MethodInstrumentation(site);
    expect(
      plan.skips(
        trace.setSpan(
          context.active(),
          trace.wrapSpanContext({
            traceId: '0af7651916cd43dd8448eb211c80319c',
            spanId: 'b7ad6b7169203331',
            traceFlags: TraceFlags.NONE,
          }),
        ),
      ),
    ).toBe(false);
  });
});

describe('MethodInstrumentation with onlyUnderRecordingSpan and no tracing SDK registered', () => {
  it('leaves a call with no active span alone, and traces it again once an SDK is registered', async () => {
    trace.disable();
    const plan = new MethodInstrumentation(site, true);
    expect(plan.skips(context.active())).toBe(true);
    const kit = ObservabilityTestKit.start();
    try {
      expect(plan.skips(context.active())).toBe(false);
      const seen = nestLikeRoute()();
      expect(seen).toBe((await kit.span('controller Routes.find')).spanContext().spanId);
    } finally {
      await kit.stop();
    }
    expect(plan.skips(context.active())).toBe(true);
  });
});
