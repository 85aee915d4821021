import type { SpanContext } from '@opentelemetry/api';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { EdgeSampler } from './edge-sampler';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function parent(sampled: boolean, isRemote: boolean) {
  const spanContext: SpanContext = {
    traceId: TRACE_ID,
    spanId: 'b7ad6b7169203331',
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote,
  };
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

function decide(sampler: EdgeSampler, context = ROOT_CONTEXT) {
  return sampler.shouldSample(context, TRACE_ID).decision;
}

const { RECORD_AND_SAMPLED: SAMPLED, NOT_RECORD: DROPPED } = SamplingDecision;

describe('EdgeSampler', () => {
  it('lets our own ratio decide for an untrusted caller, whatever its sampled flag', () => {
    const never = new EdgeSampler('parentbased_traceidratio', 0);
    expect(decide(never, parent(true, true))).toBe(DROPPED);
    const always = new EdgeSampler('parentbased_always_on', 1);
    expect(decide(always, parent(false, true))).toBe(SAMPLED);
  });

  it("obeys a trusted caller's sampled flag", () => {
    const sampler = new EdgeSampler('parentbased_traceidratio', 0, true);
    expect(decide(sampler, parent(true, true))).toBe(SAMPLED);
    sampler.configure(1, true);
    expect(decide(sampler, parent(false, true))).toBe(DROPPED);
  });

  it('follows a local parent, so a trace is sampled whole or not at all', () => {
    const sampler = new EdgeSampler('parentbased_traceidratio', 0);
    expect(decide(sampler, parent(true, false))).toBe(SAMPLED);
    expect(decide(new EdgeSampler('parentbased_always_on', 1), parent(false, false))).toBe(DROPPED);
  });

  it('samples roots by ratio, by trace id, and can be reconfigured', () => {
    const sampler = new EdgeSampler('parentbased_always_off', 1);
    expect(decide(sampler)).toBe(DROPPED);
    sampler.configure(1, false);
    expect(decide(sampler)).toBe(SAMPLED);
    const half = new EdgeSampler('traceidratio', 0.5);
    const low = '00000000000000000000000000000001';
    const high = 'ffffffff000000000000000000000000';
    const decisions = [low, high].map((id) => half.shouldSample(ROOT_CONTEXT, id).decision);
    expect(new Set(decisions)).toEqual(new Set([SAMPLED, DROPPED]));
    expect(half.shouldSample(ROOT_CONTEXT, low).decision).toBe(decisions[0]);
  });

  it('ignores parents for the plain samplers, as the specification defines them', () => {
    expect(decide(new EdgeSampler('always_on', 1, true), parent(false, false))).toBe(SAMPLED);
    expect(decide(new EdgeSampler('always_off', 1, true), parent(true, false))).toBe(DROPPED);
  });

  it('describes itself for the startup report', () => {
    expect(String(new EdgeSampler('parentbased_traceidratio', 0.1))).toBe(
      'parentbased_traceidratio, root ratio 0.1, incoming sampled flag not trusted: our ratio decides',
    );
  });
});
