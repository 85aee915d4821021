import type { Attributes, SpanContext } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { EdgeSampler } from './edge-sampler';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const { RECORD_AND_SAMPLED: SAMPLED, NOT_RECORD: DROPPED } = SamplingDecision;

function parent(sampled: boolean, isRemote: boolean) {
  const spanContext: SpanContext = {
    traceId: TRACE_ID,
    spanId: 'b7ad6b7169203331',
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote,
  };
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

function decide(sampler: EdgeSampler, context = ROOT_CONTEXT, attributes: Attributes = {}) {
  return sampler.shouldSample(context, TRACE_ID, 'span', SpanKind.SERVER, attributes, []).decision;
}

const settings = (over: object = {}) => ({
  ratio: undefined,
  trustIncoming: false,
  rules: [],
  ...over,
});

describe('EdgeSampler', () => {
  it('lets our own ratio decide for an untrusted caller, whatever its sampled flag', () => {
    const never = new EdgeSampler('parentbased_traceidratio', 0);
    expect(decide(never, parent(true, true))).toBe(DROPPED);
    const always = new EdgeSampler('parentbased_always_on', 1);
    expect(decide(always, parent(false, true))).toBe(SAMPLED);
  });

  it("follows a trusted caller's flag, and a local parent's always", () => {
    const sampler = new EdgeSampler('parentbased_traceidratio', 0);
    sampler.apply(settings({ trustIncoming: true }));
    expect(decide(sampler, parent(true, true))).toBe(SAMPLED);
    expect(decide(sampler, parent(false, true))).toBe(DROPPED);
    const untrusting = new EdgeSampler('parentbased_always_on', 1);
    expect(decide(untrusting, parent(false, false))).toBe(DROPPED);
    expect(decide(untrusting, parent(true, false))).toBe(SAMPLED);
  });

  it('ignores parents for the plain samplers, as the specification defines them', () => {
    expect(decide(new EdgeSampler('always_on', 1), parent(false, false))).toBe(SAMPLED);
    expect(decide(new EdgeSampler('always_off', 0), parent(true, false))).toBe(DROPPED);
  });

  it("applies the module's ratio over the environment's", () => {
    const sampler = new EdgeSampler('parentbased_always_on', 1);
    sampler.apply(settings({ ratio: 0 }));
    expect(decide(sampler)).toBe(DROPPED);
    expect(sampler.toString()).toBe(
      'parentbased_always_on, root ratio 0, incoming sampled flag not trusted: our ratio decides',
    );
  });

  it('decides roots by the first matching route rule, else by the ratio', () => {
    const sampler = new EdgeSampler('parentbased_always_on', 1);
    sampler.apply(
      settings({
        rules: [
          { route: '/health', ratio: 0 },
          { route: '/models/:id', ratio: 0 },
          { route: '/admin/*', ratio: 0 },
        ],
      }),
    );
    expect(decide(sampler, ROOT_CONTEXT, { 'url.path': '/health' })).toBe(DROPPED);
    expect(decide(sampler, ROOT_CONTEXT, { 'url.path': '/health/' })).toBe(DROPPED);
    expect(decide(sampler, ROOT_CONTEXT, { 'url.path': '/models/7' })).toBe(DROPPED);
    expect(decide(sampler, ROOT_CONTEXT, { 'url.path': '/models/7/x' })).toBe(SAMPLED);
    expect(decide(sampler, ROOT_CONTEXT, { 'url.path': '/admin/a/b' })).toBe(DROPPED);
    expect(decide(sampler, ROOT_CONTEXT, { 'url.path': '/predict' })).toBe(SAMPLED);
    expect(decide(sampler, ROOT_CONTEXT, {})).toBe(SAMPLED);
    expect(decide(sampler, parent(true, true), { 'url.path': '/health' })).toBe(DROPPED);
  });

  it('lets a never-sample rule drop a trusted caller’s sampled trace, and other rules yield to the flag', () => {
    const sampler = new EdgeSampler('parentbased_always_on', 1);
    sampler.apply(
      settings({
        trustIncoming: true,
        rules: [
          { route: '/health', ratio: 0 },
          { route: '/predict', ratio: 0.000001 },
        ],
      }),
    );
    expect(decide(sampler, parent(true, true), { 'url.path': '/health' })).toBe(DROPPED);
    expect(decide(sampler, parent(true, true), { 'url.path': '/predict' })).toBe(SAMPLED);
  });

  it('decides the roots of a transport’s work by the first matching transport rule', () => {
    const sampler = new EdgeSampler('parentbased_always_on', 1);
    sampler.apply(
      settings({
        rules: [
          { route: '/health', ratio: 0 },
          { transport: 'nats', operation: 'audit.*', ratio: 1 },
          { transport: 'nats', ratio: 0 },
          { transport: 'schedule', operation: 'heartbeat', ratio: 0 },
        ],
      }),
    );
    const rpc = (method: string) => ({ 'rpc.system': 'nats', 'rpc.method': method });
    const at = (kind: SpanKind, attributes: Attributes, context = ROOT_CONTEXT) =>
      sampler.shouldSample(context, TRACE_ID, 's', kind, attributes, []).decision;
    expect(at(SpanKind.SERVER, rpc('price.eu'))).toBe(DROPPED);
    expect(at(SpanKind.SERVER, rpc('audit.orders'))).toBe(SAMPLED);
    expect(at(SpanKind.SERVER, { 'rpc.system': 'redis', 'rpc.method': 'price.eu' })).toBe(SAMPLED);
    expect(at(SpanKind.CONSUMER, { 'messaging.system': 'nats' })).toBe(DROPPED);
    expect(at(SpanKind.INTERNAL, { 'nestjs.schedule.task': 'heartbeat' })).toBe(DROPPED);
    expect(at(SpanKind.INTERNAL, { 'nestjs.schedule.task': 'cleanup' })).toBe(SAMPLED);
    // What the service sends is not its transport's work; HTTP still samples.
    expect(at(SpanKind.CLIENT, rpc('price.eu'))).toBe(SAMPLED);
    expect(at(SpanKind.SERVER, { 'url.path': '/predict' })).toBe(SAMPLED);
    // A caller's untrusted trace is decided by the rules, a local parent's is followed.
    expect(at(SpanKind.SERVER, rpc('price.eu'), parent(true, true))).toBe(DROPPED);
    expect(at(SpanKind.SERVER, rpc('price.eu'), parent(true, false))).toBe(SAMPLED);
    expect(sampler.toString()).toContain(
      'rules /health=0 nats:audit.*=1 nats=0 schedule:heartbeat=0,',
    );
  });

  it('applies a transport rule’s ratio by trace id, as every service applying it would', () => {
    const sampler = new EdgeSampler('parentbased_always_on', 1);
    sampler.apply(settings({ rules: [{ transport: 'bullmq', operation: 'reports', ratio: 0.5 }] }));
    const job = { 'messaging.system': 'bullmq', 'messaging.destination.name': 'reports' };
    const at = (traceId: string) =>
      sampler.shouldSample(ROOT_CONTEXT, traceId, 's', SpanKind.CONSUMER, job, []).decision;
    expect(at('00000000000000000000000000000001')).toBe(SAMPLED);
    expect(at('0000000000000000000000007ffffffe')).toBe(SAMPLED);
    expect(at('000000000000000000000000ffffffff')).toBe(DROPPED);
    expect(at('00000000000000000000000080000000')).toBe(DROPPED);
  });

  it('lets a never-sample transport rule drop a trusted caller’s sampled trace; other rules yield to the flag', () => {
    const sampler = new EdgeSampler('parentbased_always_on', 1);
    sampler.apply(
      settings({
        trustIncoming: true,
        rules: [
          { transport: 'rabbitmq', operation: 'audit', ratio: 0 },
          { transport: 'rabbitmq', ratio: 0.000001 },
        ],
      }),
    );
    const consumed = (destination: string) => ({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': destination,
    });
    const at = (attributes: Attributes) =>
      sampler.shouldSample(parent(true, true), TRACE_ID, 's', SpanKind.CONSUMER, attributes, [])
        .decision;
    expect(at(consumed('audit'))).toBe(DROPPED);
    expect(at(consumed('orders'))).toBe(SAMPLED);
  });

  it('samples a share of roots close to the ratio, by trace id', () => {
    const sampler = new EdgeSampler('parentbased_traceidratio', 0.25);
    let sampled = 0;
    for (let i = 0; i < 4000; i++) {
      const traceId = (i * 2654435761).toString(16).padStart(32, '7').slice(-32);
      const result = sampler.shouldSample(ROOT_CONTEXT, traceId, 's', SpanKind.SERVER, {}, []);
      if (result.decision === SAMPLED) sampled++;
    }
    expect(sampled / 4000).toBeGreaterThan(0.2);
    expect(sampled / 4000).toBeLessThan(0.3);
  });
});
