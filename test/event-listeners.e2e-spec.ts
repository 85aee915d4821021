import type { INestApplication } from '@nestjs/common';
import { Injectable, Module } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Counted, ObservabilityModule, Traced } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { waitFor } from './support/ports';

@Injectable()
class Ledger {
  @Traced()
  record(id: string): string {
    return id;
  }
}

@Injectable()
class Listeners {
  readonly seen: string[] = [];
  constructor(private readonly ledger: Ledger) {}

  @OnEvent('order.created')
  created(order: { id: string }): void {
    this.seen.push(this.ledger.record(order.id));
  }

  @Counted()
  @OnEvent('order.*', { async: true })
  async anyOrder(order: { id: string }): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.seen.push(`any:${order.id}`);
  }

  @OnEvent('order.refused', { suppressErrors: true })
  refused(): void {
    throw new TypeError('refused');
  }
}

@Module({
  imports: [
    ObservabilityModule.forRoot({ serviceName: 'events-e2e' }),
    EventEmitterModule.forRoot({ wildcard: true }),
  ],
  providers: [Listeners, Ledger],
})
class EventsModule {}

describe('@nestjs/event-emitter listeners observed like consumers', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    const moduleRef = await Test.createTestingModule({ imports: [EventsModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterEach(() => kit.reset());

  afterAll(async () => {
    await app?.close();
    await kit?.stop();
  });

  it('a CONSUMER span per listener call, child of the emitter’s span, with the decorators under it', async () => {
    await trace.getTracer('test').startActiveSpan('emitter', async (span) => {
      app.get(EventEmitter2).emit('order.created', { id: 'o-1' });
      span.end();
    });
    await waitFor('both listeners', async () => app.get(Listeners).seen.includes('any:o-1'));
    const spans = await kit.spans();
    const emitter = spans.find((s) => s.name === 'emitter');
    const consumer = spans.find((s) => s.name === 'process order.created');
    const wildcard = spans.find((s) => s.name === 'process order.*');
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.parentSpanContext?.spanId).toBe(emitter?.spanContext().spanId);
    expect(wildcard?.parentSpanContext?.spanId).toBe(emitter?.spanContext().spanId);
    expect(consumer?.attributes).toMatchObject({
      'messaging.system': 'event_emitter',
      'messaging.destination.name': 'order.created',
      'messaging.operation.type': 'process',
    });
    const record = spans.find((s) => s.name === 'Ledger.record');
    expect(record?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
    const labels = { messaging_system: 'event_emitter', outcome: 'success' };
    expect(
      (
        await kit.histogram('messaging_process_duration_seconds', {
          ...labels,
          messaging_destination_name: 'order.created',
        })
      ).count,
    ).toBe(1);
    await waitFor('the async listener’s duration', async () => {
      const reading = await kit.histogram('messaging_process_duration_seconds', {
        ...labels,
        messaging_destination_name: 'order.*',
      });
      return reading.count === 1 && reading.sum >= 0.004;
    });
    expect(await kit.counterValue('method_calls_total', { method: 'anyOrder' })).toBe(1);
  });

  it('a failing listener: outcome error and status ERROR, and the emitter is not affected', async () => {
    expect(() => app.get(EventEmitter2).emit('order.refused', {})).not.toThrow();
    await waitFor('the failed listener', async () => {
      const reading = await kit.histogram('messaging_process_duration_seconds', {
        messaging_system: 'event_emitter',
        messaging_destination_name: 'order.refused',
        outcome: 'error',
      });
      return reading.count === 1;
    });
    const span = (await kit.spans()).find((s) => s.name === 'process order.refused');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe('TypeError');
  });
});
