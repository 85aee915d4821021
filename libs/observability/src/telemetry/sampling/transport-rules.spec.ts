import { SpanKind } from '@opentelemetry/api';
import type { TransportSamplingRule } from '../../options/observability-options.interface';
import { handledWork } from './handled-work';
import { compileTransportRule, matchTransportRule } from './transport-rules';

describe('sampling transport rules', () => {
  const rules = (
    [
      { transport: 'nats', operation: 'price.*', ratio: 0.5 },
      { transport: 'nats', ratio: 0 },
      { transport: 'bullmq', operation: 'reports', ratio: 0.1 },
      { transport: 'schedule', operation: 'heartbeat', ratio: 0 },
    ] satisfies TransportSamplingRule[]
  ).map(compileTransportRule);
  const ratioOf = (transport: string, operation?: string) =>
    matchTransportRule(rules, { transport, operation })?.ratio;

  it('takes the first rule of the transport whose operation matches', () => {
    expect(ratioOf('nats', 'price.eu')).toBe(0.5);
    expect(ratioOf('nats', 'orders.created')).toBe(0);
    expect(ratioOf('bullmq', 'reports')).toBe(0.1);
    expect(ratioOf('schedule', 'heartbeat')).toBe(0);
  });

  it('matches no other transport, and no operation it does not name', () => {
    expect(ratioOf('redis', 'price.eu')).toBeUndefined();
    expect(ratioOf('bullmq', 'reports-eu')).toBeUndefined();
    expect(ratioOf('schedule', 'cleanup')).toBeUndefined();
    expect(ratioOf('NATS', 'price.eu')).toBeUndefined();
  });

  it('lets a rule without an operation match work that started without one', () => {
    expect(ratioOf('nats')).toBe(0);
    expect(ratioOf('bullmq')).toBeUndefined();
  });
});

describe('the work a span handles, from its kind and start attributes', () => {
  it('reads a handler call, a consumed message, a job attempt, a listener call and a task run', () => {
    expect(
      handledWork(SpanKind.SERVER, { 'rpc.system': 'nats', 'rpc.method': 'price.eu' }),
    ).toEqual({ transport: 'nats', operation: 'price.eu' });
    expect(
      handledWork(SpanKind.CONSUMER, {
        'messaging.system': 'bullmq',
        'messaging.destination.name': 'reports',
      }),
    ).toEqual({ transport: 'bullmq', operation: 'reports' });
    expect(handledWork(SpanKind.CONSUMER, { 'messaging.system': 'event_emitter' })).toEqual({
      transport: 'event_emitter',
      operation: undefined,
    });
    expect(handledWork(SpanKind.INTERNAL, { 'nestjs.schedule.task': 'heartbeat' })).toEqual({
      transport: 'schedule',
      operation: 'heartbeat',
    });
  });

  it('sees no work in what a service sends, or in spans without a transport', () => {
    expect(handledWork(SpanKind.CLIENT, { 'rpc.system': 'nats' })).toBeUndefined();
    expect(handledWork(SpanKind.PRODUCER, { 'messaging.system': 'bullmq' })).toBeUndefined();
    expect(handledWork(SpanKind.SERVER, { 'messaging.system': 'nats' })).toBeUndefined();
    expect(handledWork(SpanKind.INTERNAL, { 'rpc.system': 'nats' })).toBeUndefined();
    expect(handledWork(SpanKind.SERVER, { 'rpc.system': 7 })).toBeUndefined();
    expect(handledWork(SpanKind.SERVER, {})).toBeUndefined();
  });
});
