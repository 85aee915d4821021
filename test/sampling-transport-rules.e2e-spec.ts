import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { FixtureProcess } from './support/fixture-process';
import { startFixture } from './support/fixture-process';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

/** A W3C trace context whose trace id a ratio of 0.5 keeps (low) or drops (high), by its last 8 digits. */
const KEPT_TRACE = `${'0'.repeat(24)}00000042`;
const DROPPED_TRACE = `${'0'.repeat(24)}f0000042`;
const traceparent = (traceId: string) => `00-${traceId}-00f067aa0ba902b7-01`;

describe('transport sampling rules in the module options (preload, real exporter, real NATS and Redis)', () => {
  const run = randomUUID().slice(0, 8);
  const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) };
  let receiver: OtlpReceiver;
  let fixture: FixtureProcess;
  let base: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    fixture = await startFixture('messaging-app', {
      RUN: run,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OBS_OPTIONS: JSON.stringify({
        tracing: {
          rules: [
            { transport: 'nats', ratio: 0 },
            { transport: 'schedule', operation: 'heartbeat', ratio: 0 },
            { transport: 'bullmq', operation: 'invoices-*', ratio: 0.5 },
          ],
        },
      }),
    });
    base = `http://127.0.0.1:${fixture.ports[0]}`;
  }, 60_000);

  afterAll(async () => {
    await fixture?.kill();
    await receiver?.stop();
    const invoices = new Queue(`invoices-${run}`, { connection });
    await invoices.obliterate({ force: true });
    await invoices.close();
  });

  it('names the rules in the startup line', async () => {
    const report = () => fixture.lines().find((l) => String(l.msg).startsWith('Tracing started'));
    await waitFor('the startup line', async () => report() !== undefined);
    expect(report()?.msg).toContain(
      'rules nats=0 schedule:heartbeat=0 bullmq:invoices-*=0.5, incoming sampled flag not trusted',
    );
  });

  it('never samples the NATS handlers, while the HTTP request and what it sends are sampled', async () => {
    const response = await fetch(`${base}/orders/abc`, { method: 'POST' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'abc', price: 30 });
    const [, traceId, , flags] = (response.headers.get('traceresponse') ?? '').split('-');
    expect(flags).toBe('01');
    await waitFor('the request’s spans and the handlers’ log lines', async () => {
      const names = receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.name);
      return (
        names.includes('POST /orders/:id') &&
        names.includes('process order.audited') &&
        fixture.stdout().includes('order abc placed')
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    expect(spans.find((s) => s.name === 'POST /orders/:id')?.kind).toBe(SERVER);
    // The call out is the request's; the NATS side that handled it recorded nothing.
    expect(spans.filter((s) => s.name === `price.${run}`).map((s) => s.kind)).toEqual([CLIENT]);
    expect(spans.some((s) => s.name === `process order.placed.${run}`)).toBe(false);
    expect(spans.some((s) => s.name === 'Pricer.price')).toBe(false);
    expect(
      receiver.spans.some((s) => s.attributes['rpc.system'] === 'nats' && s.kind === SERVER),
    ).toBe(false);
    // The handlers ran, and their lines keep the trace id with the unsampled flag.
    const placed = fixture.lines().find((l) => l.msg === 'order abc placed');
    expect(placed).toMatchObject({ trace_id: traceId, trace_flags: '00' });
  });

  it('never samples the heartbeat task, which keeps running and logging', async () => {
    await waitFor(
      'three heartbeats',
      async () => fixture.lines().filter((l) => l.msg === 'heartbeat').length >= 3,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans.filter((s) => s.name === 'scheduled heartbeat')).toEqual([]);
    const beat = fixture.lines().find((l) => l.msg === 'heartbeat');
    expect(beat?.trace_flags).toBe('00');
  });

  it('samples the invoice jobs at the rule’s ratio, by trace id', async () => {
    const queue = new Queue(`invoices-${run}`, { connection });
    try {
      for (const [id, traceId] of [
        ['kept', KEPT_TRACE],
        ['dropped', DROPPED_TRACE],
      ] as const) {
        const metadata = JSON.stringify({ traceparent: traceparent(traceId), t: Date.now() });
        await queue.add('invoice', { id }, { telemetry: { metadata }, removeOnComplete: true });
      }
    } finally {
      await queue.close();
    }
    await waitFor('both jobs processed, the kept one’s span received', async () => {
      const out = fixture.stdout();
      return (
        out.includes('invoiced order kept') &&
        out.includes('invoiced order dropped') &&
        receiver.spans.some((s) => s.traceId === KEPT_TRACE)
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const attempts = receiver.spans.filter(
      (s) => s.traceId === KEPT_TRACE && s.name === `process invoices-${run}`,
    );
    expect(attempts.map((s) => s.kind)).toEqual([CONSUMER]);
    expect(attempts[0]?.attributes['messaging.destination.name']).toBe(`invoices-${run}`);
    expect(receiver.spans.filter((s) => s.traceId === DROPPED_TRACE)).toEqual([]);
  });
});
