import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { FixtureProcess } from './support/fixture-process';
import { startFixture } from './support/fixture-process';
import type { ReceivedSpan } from './support/otlp-receiver';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

describe('one trace and correlated logs across HTTP and NATS (preload, real exporter, real NATS)', () => {
  const run = randomUUID().slice(0, 8);
  let receiver: OtlpReceiver;
  let fixture: FixtureProcess;
  let base: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    fixture = await startFixture('messaging-app', {
      RUN: run,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    base = `http://127.0.0.1:${fixture.ports[0]}`;
  }, 60_000);

  afterAll(async () => {
    await fixture?.kill();
    await receiver?.stop();
    // The fixture's queue lives on the shared Redis: remove it and its keys, through BullMQ.
    const invoices = new Queue(`invoices-${run}`, {
      connection: { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) },
    });
    await invoices.obliterate({ force: true });
    await invoices.close();
  });

  it('HTTP request → CLIENT → SERVER handler → decorator, and PRODUCER → CONSUMER, in one trace; logs carry it', async () => {
    const response = await fetch(`${base}/orders/abc`, { method: 'POST' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'abc', price: 30 });
    const traceId = (response.headers.get('traceresponse') ?? '').split('-')[1] as string;
    const expected = [
      `price.${run}`,
      'Pricer.price',
      `send order.placed.${run}`,
      `process order.placed.${run}`,
      'process order.audited',
    ];
    await waitFor('every span of the request', async () => {
      const names = receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.name);
      const rpc = names.filter((name) => name === `price.${run}`).length;
      return rpc === 2 && expected.every((name) => names.includes(name));
    });
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const find = (name: string, kind?: number) =>
      spans.find((s) => s.name === name && (kind === undefined || s.kind === kind)) as ReceivedSpan;
    const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId);

    const client = find(`price.${run}`, CLIENT);
    const server = find(`price.${run}`, SERVER);
    expect(parentOf(client)?.name).toBe('handler OrdersController.place');
    expect(parentOf(server)).toBe(client);
    expect(server.attributes).toMatchObject({ 'rpc.system': 'nats', 'rpc.method': `price.${run}` });
    expect(parentOf(find('Pricer.price'))).toBe(server);
    const producer = find(`send order.placed.${run}`, PRODUCER);
    const consumer = find(`process order.placed.${run}`, CONSUMER);
    expect(parentOf(consumer)).toBe(producer);

    await waitFor('the handlers’ log lines', async () =>
      fixture.stdout().includes(`order abc placed`),
    );
    const lines = fixture.lines();
    const priced = lines.find((l) => l.msg === 'priced order abc');
    const placed = lines.find((l) => l.msg === 'order abc placed');
    expect(priced).toMatchObject({
      trace_id: traceId,
      span_id: find('Pricer.price').spanId,
      context: 'Pricer',
    });
    expect(priced?.message_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(priced?.request_id).toBeUndefined();
    expect(placed).toMatchObject({ trace_id: traceId, span_id: consumer.spanId });
    expect(placed?.message_id).toBe(consumer.attributes['messaging.message.id']);

    // An in-process event keeps the request's id and trace; its listener has a span of its own.
    const listener = find('process order.audited', CONSUMER);
    expect(parentOf(listener)?.name).toBe('handler OrdersController.place');
    const audited = lines.find((l) => l.msg === 'audited order abc');
    expect(audited).toMatchObject({
      trace_id: traceId,
      span_id: listener.spanId,
      request_id: response.headers.get('x-request-id'),
    });
  });

  it('HTTP request → queued job → worker in one trace; the processor logs its job id', async () => {
    const response = await fetch(`${base}/orders/job1`, { method: 'POST' });
    expect(response.status).toBe(201);
    const traceId = (response.headers.get('traceresponse') ?? '').split('-')[1] as string;
    await waitFor('the job’s log line', async () =>
      fixture.stdout().includes('invoiced order job1'),
    );
    await waitFor('the job’s spans', async () =>
      receiver.spans.some((s) => s.traceId === traceId && s.name === `process invoices-${run}`),
    );
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const producer = spans.find((s) => s.kind === PRODUCER && s.name.startsWith('add invoices'));
    const consumer = spans.find((s) => s.name === `process invoices-${run}`) as ReceivedSpan;
    expect(consumer.parentSpanId).toBe(producer?.spanId);
    expect(spans.find((s) => s.spanId === producer?.parentSpanId)?.name).toBe(
      'handler OrdersController.place',
    );
    const line = fixture.lines().find((l) => l.msg === 'invoiced order job1');
    expect(line).toMatchObject({
      trace_id: traceId,
      span_id: consumer.spanId,
      job_id: consumer.attributes['messaging.message.id'],
    });
    expect(line?.request_id).toBeUndefined();
  });

  it('a scheduled run logs in a trace of its own, with its run id', async () => {
    await waitFor('a heartbeat', async () => fixture.stdout().includes('"msg":"heartbeat"'));
    const beat = fixture.lines().find((l) => l.msg === 'heartbeat');
    expect(beat?.run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(beat?.request_id).toBeUndefined();
    await waitFor('the heartbeat span', async () =>
      receiver.spans.some((s) => s.name === 'scheduled heartbeat' && s.traceId === beat?.trace_id),
    );
    const span = receiver.spans.find((s) => s.traceId === beat?.trace_id) as ReceivedSpan;
    expect(span.spanId).toBe(beat?.span_id);
    expect(span.parentSpanId).toBe('');
  });

  it('serves the RPC and messaging metrics after the traffic', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      new RegExp(
        `rpc_server_duration_seconds_count\\{rpc_system="nats",rpc_method="price\\.${run}",outcome="success"\\} 2`,
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `messaging_client_sent_messages_total\\{messaging_system="nats",messaging_destination_name="order\\.placed\\.${run}"\\} 2`,
      ),
    );
    await waitFor('the process duration', async () =>
      new RegExp(
        `messaging_process_duration_seconds_count\\{messaging_system="nats",messaging_destination_name="order\\.placed\\.${run}",outcome="success"\\} 2`,
      ).test(await (await fetch(`${base}/metrics`)).text()),
    );
  });
});
