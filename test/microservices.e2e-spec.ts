import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Injectable, Module } from '@nestjs/common';
import type { INestMicroservice } from '@nestjs/common';
import type { ClientProxy, MicroserviceOptions } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  ClientProxyFactory,
  Ctx,
  EventPattern,
  MessagePattern,
  NatsRecordBuilder,
  Payload,
  RmqRecordBuilder,
  RpcException,
  Transport,
} from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { firstValueFrom } from 'rxjs';
import { ObservabilityModule, Traced } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { freePort, waitFor } from './support/ports';
import type { RawTarget } from './support/raw-transports';
import {
  AMQP_URL,
  MQTT_URL,
  deleteQueues,
  NATS_URL,
  REDIS_HOST,
  REDIS_PORT,
  sendRaw,
} from './support/raw-transports';

/** This run's own patterns and queue: other runs on the machine share the brokers. */
const RUN = randomUUID().slice(0, 8);
const DOUBLE = `double.${RUN}`;
const FAIL = `fail.${RUN}`;
const CREATED = `order.created.${RUN}`;
const ECHO = `echo.headers.${RUN}`;

interface HeadersSeen {
  readonly body: unknown;
  readonly tenant?: unknown;
  readonly traceparent?: unknown;
  readonly priority?: unknown;
}

/** The headers a NATS or RabbitMQ handler sees in its context. */
function headersSeen(body: unknown, ctx: unknown): HeadersSeen {
  const nats = ctx as { getHeaders?: () => { get(k: string): string } | undefined };
  const rmq = ctx as {
    getMessage?: () => { properties: { headers?: Record<string, unknown>; priority?: number } };
  };
  if (typeof nats.getHeaders === 'function') {
    const h = nats.getHeaders();
    return { body, tenant: h?.get('x-tenant'), traceparent: h?.get('traceparent') };
  }
  const properties = rmq.getMessage?.().properties;
  return {
    body,
    tenant: properties?.headers?.['x-tenant'],
    traceparent: properties?.headers?.traceparent,
    priority: properties?.priority,
  };
}

@Injectable()
class Doubler {
  @Traced()
  async double(n: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return n * 2;
  }
}

@Controller()
class MathController {
  static readonly orders: string[] = [];
  constructor(private readonly doubler: Doubler) {}

  @MessagePattern(DOUBLE)
  double(@Payload() n: number): Promise<number> {
    return this.doubler.double(n);
  }

  @MessagePattern(FAIL)
  fail(): never {
    throw new RpcException('refused');
  }

  @MessagePattern(ECHO)
  echo(@Payload() body: unknown, @Ctx() ctx: unknown): HeadersSeen {
    return headersSeen(body, ctx);
  }

  @EventPattern(CREATED)
  created(@Payload() order: { id?: string }): void {
    MathController.orders.push(String(order.id));
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'microservices-e2e' })],
  controllers: [MathController],
  providers: [Doubler],
})
class MathModule {}

type Transported = MicroserviceOptions & { transport: Transport };

interface Case {
  readonly name: 'tcp' | 'nats' | 'redis' | 'rabbitmq' | 'mqtt';
  readonly options: () => Promise<Transported>;
}

const CASES: Case[] = [
  {
    name: 'tcp',
    options: async () => ({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: await freePort() },
    }),
  },
  {
    name: 'nats',
    options: async () => ({ transport: Transport.NATS, options: { servers: [NATS_URL] } }),
  },
  {
    name: 'redis',
    options: async () => ({
      transport: Transport.REDIS,
      options: { host: REDIS_HOST, port: REDIS_PORT },
    }),
  },
  {
    name: 'mqtt',
    options: async () => ({
      transport: Transport.MQTT,
      options: { url: MQTT_URL, protocolVersion: 5 },
    }),
  },
  {
    name: 'rabbitmq',
    options: async () => ({
      transport: Transport.RMQ,
      options: { urls: [AMQP_URL], queue: `obs-e2e-${RUN}`, queueOptions: { durable: false } },
    }),
  },
];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe.each(CASES)('Nest microservices over $name (real broker)', ({ name, options }) => {
  let kit: ObservabilityTestKit;
  let server: INestMicroservice;
  let client: ClientProxy;
  let target: RawTarget;

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    const transported = await options();
    const moduleRef = await Test.createTestingModule({ imports: [MathModule] }).compile();
    server = moduleRef.createNestMicroservice<MicroserviceOptions>({
      ...transported,
      logger: false,
    } as unknown as MicroserviceOptions);
    await server.listen();
    client = ClientProxyFactory.create(
      transported as unknown as Parameters<typeof ClientProxyFactory.create>[0],
    );
    await client.connect();
    const port = (transported.options as { port?: number }).port;
    target = { transport: name, tcpPort: port, queue: `obs-e2e-${RUN}` };
  }, 30_000);

  afterEach(() => kit.reset());

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await kit?.stop();
    // The shared RabbitMQ keeps a non-durable queue after its consumer left: delete this run's.
    if (name === 'rabbitmq') await deleteQueues(`obs-e2e-${RUN}`);
  });

  async function spansNamed(spanName: string, count = 1): Promise<ReadableSpan[]> {
    await waitFor(`${count} span(s) ${spanName}`, async () => {
      return (await kit.spans()).filter((s) => s.name === spanName).length >= count;
    });
    return (await kit.spans()).filter((s) => s.name === spanName);
  }

  it('one trace from the caller through the CLIENT span to the handler SERVER span and its decorators', async () => {
    const answer = await trace.getTracer('test').startActiveSpan('caller', async (span) => {
      try {
        return await firstValueFrom(client.send<number>(DOUBLE, 21));
      } finally {
        span.end();
      }
    });
    expect(answer).toBe(42);
    const [serverSpan] = await spansNamed(DOUBLE, 2).then((all) =>
      all.filter((s) => s.kind === SpanKind.SERVER),
    );
    const spans = await kit.spans();
    const caller = spans.find((s) => s.name === 'caller') as ReadableSpan;
    const clientSpan = spans.find((s) => s.name === DOUBLE && s.kind === SpanKind.CLIENT);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(clientSpan?.attributes).toMatchObject({ 'rpc.system': name, 'rpc.method': DOUBLE });
    expect(serverSpan?.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
    expect(serverSpan?.attributes).toMatchObject({ 'rpc.system': name, 'rpc.method': DOUBLE });
    const decorated = spans.find((s) => s.name === 'Doubler.double');
    expect(decorated?.parentSpanContext?.spanId).toBe(serverSpan?.spanContext().spanId);
    await waitFor('the RPC duration', async () => {
      const labels = { rpc_system: name, rpc_method: DOUBLE, outcome: 'success' };
      return (await kit.histogram('rpc_server_duration_seconds', labels)).count === 1;
    });
  });

  it('a failing handler: outcome error in the metric, status ERROR on the span, the caller gets the error', async () => {
    await expect(firstValueFrom(client.send(FAIL, {}))).rejects.toMatchObject({
      message: 'refused',
    });
    const serverSpan = (await spansNamed(FAIL, 2)).find((s) => s.kind === SpanKind.SERVER);
    expect(serverSpan?.status.code).toBe(SpanStatusCode.ERROR);
    expect(serverSpan?.attributes['error.type']).toBe('_OTHER');
    await waitFor('the failed RPC', async () => {
      const labels = { rpc_system: name, rpc_method: FAIL, outcome: 'error' };
      return (await kit.histogram('rpc_server_duration_seconds', labels)).count === 1;
    });
  });

  it('an event: PRODUCER span and sent count, CONSUMER span in the same trace, process duration', async () => {
    const id = `o-${hex(4)}`;
    await trace.getTracer('test').startActiveSpan('emitter', async (span) => {
      await firstValueFrom(client.emit(CREATED, { id }), { defaultValue: undefined });
      span.end();
    });
    const [consumer] = await spansNamed(`process ${CREATED}`);
    const producer = (await kit.spans()).find((s) => s.name === `send ${CREATED}`);
    expect(MathController.orders).toContain(id);
    expect(producer?.kind).toBe(SpanKind.PRODUCER);
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(producer?.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumer?.attributes).toMatchObject({
      'messaging.system': name,
      'messaging.destination.name': CREATED,
      'messaging.operation.type': 'process',
    });
    const labels = { messaging_system: name, messaging_destination_name: CREATED };
    expect(await kit.counterValue('messaging_client_sent_messages_total', labels)).toBe(1);
    await waitFor('the process duration', async () => {
      const process = { ...labels, outcome: 'success' };
      return (await kit.histogram('messaging_process_duration_seconds', process)).count === 1;
    });
  });

  /**
   * An event sent by a foreign producer with `fields` as its trace context: in the envelope where
   * the transport has no headers (MQTT has user properties from version 5 only).
   */
  async function foreignEvent(fields: Record<string, string>, id: string): Promise<void> {
    const envelope = name === 'tcp' || name === 'redis' || name === 'mqtt';
    const body = JSON.stringify({
      pattern: CREATED,
      data: { id },
      ...(envelope ? { metadata: fields } : {}),
    });
    await sendRaw(target, CREATED, body, envelope ? {} : fields);
  }

  it('continues a well-formed foreign traceparent; a malformed or oversized one starts a new trace', async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    await foreignEvent({ traceparent: `00-${traceId}-${parentId}-01` }, 'well-formed');
    await foreignEvent({ traceparent: `00-${hex(15)}zz-${hex(8)}-01` }, 'malformed');
    await foreignEvent({ traceparent: `00-${traceId}-${parentId}-01${'x'.repeat(9000)}` }, 'big');
    const consumers = await spansNamed(`process ${CREATED}`, 3);
    const continued = consumers.filter((s) => s.spanContext().traceId === traceId);
    expect(continued).toHaveLength(1);
    expect(continued[0]?.parentSpanContext?.spanId).toBe(parentId);
    for (const fresh of consumers.filter((s) => s.spanContext().traceId !== traceId)) {
      expect(fresh.parentSpanContext).toBeUndefined();
    }
    expect(MathController.orders).toEqual(
      expect.arrayContaining(['well-formed', 'malformed', 'big']),
    );
  });

  /** A record of the transport's own with the application's header (and AMQP option). */
  function ownRecord(): { record: unknown; untouched: () => boolean } | undefined {
    if (name === 'nats') {
      const h = natsHeaders();
      h.set('x-tenant', 'acme');
      const record = new NatsRecordBuilder({ n: 1 }).setHeaders(h).build();
      return { record, untouched: () => !h.has('traceparent') && h.keys().length === 1 };
    }
    if (name === 'rabbitmq') {
      const options = { headers: { 'x-tenant': 'acme' }, priority: 3 };
      const record = new RmqRecordBuilder({ n: 1 }).setOptions(options).build();
      return { record, untouched: () => Object.keys(options.headers).length === 1 };
    }
    return undefined;
  }

  if (name === 'nats' || name === 'rabbitmq') {
    it(`a ${name === 'nats' ? 'NatsRecord' : 'RmqRecord'} keeps its own headers and options, gains traceparent, and is not modified`, async () => {
      const own = ownRecord() as NonNullable<ReturnType<typeof ownRecord>>;
      const [seen, traceId] = await trace
        .getTracer('test')
        .startActiveSpan('caller', async (span) => {
          try {
            const reply = await firstValueFrom(client.send<HeadersSeen>(ECHO, own.record));
            return [reply, span.spanContext().traceId] as const;
          } finally {
            span.end();
          }
        });
      expect(seen).toMatchObject({ body: { n: 1 }, tenant: 'acme' });
      expect(seen.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      if (name === 'rabbitmq') expect(seen.priority).toBe(3);
      expect(own.untouched()).toBe(true);
      const serverSpan = (await spansNamed(ECHO, 2)).find((s) => s.kind === SpanKind.SERVER);
      expect(serverSpan?.spanContext().traceId).toBe(traceId);
    });

    it('a record whose headers carry their own traceparent keeps it', async () => {
      const traceId = hex(16);
      const mine = `00-${traceId}-${hex(8)}-01`;
      const h = natsHeaders();
      h.set('traceparent', mine);
      const record =
        name === 'nats'
          ? new NatsRecordBuilder({ n: 2 }).setHeaders(h).build()
          : new RmqRecordBuilder({ n: 2 }).setOptions({ headers: { traceparent: mine } }).build();
      const seen = await trace.getTracer('test').startActiveSpan('caller', async (span) => {
        try {
          return await firstValueFrom(client.send<HeadersSeen>(ECHO, record));
        } finally {
          span.end();
        }
      });
      expect(seen.traceparent).toBe(mine);
    });
  }

  if (name === 'mqtt') {
    it('an MQTT 5 producer outside Nest: the trace fields in its user properties are continued', async () => {
      const traceId = hex(16);
      const parentId = hex(8);
      const body = JSON.stringify({ pattern: CREATED, data: { id: 'user-properties' } });
      await sendRaw(target, CREATED, body, { traceparent: `00-${traceId}-${parentId}-01` });
      await waitFor('the consumer span of the MQTT 5 event', async () =>
        (await kit.spans()).some((s) => s.spanContext().traceId === traceId),
      );
      const consumer = (await kit.spans()).find((s) => s.spanContext().traceId === traceId);
      expect(consumer?.name).toBe(`process ${CREATED}`);
      expect(consumer?.parentSpanContext?.spanId).toBe(parentId);
    });
  }

  it('a message for a pattern no handler serves never becomes a label', async () => {
    const stray = `stray.${RUN}.${hex(4)}`;
    await sendRaw(target, stray, JSON.stringify({ pattern: stray, data: {} }));
    await expect(firstValueFrom(client.send<number>(DOUBLE, 1))).resolves.toBe(2);
    expect(await kit.scrape()).not.toContain(stray);
  });

  it('a malformed payload is refused by the transport and the service keeps answering', async () => {
    await sendRaw(target, CREATED, '{"pattern": not json', { traceparent: 'garbage' });
    await sendRaw(target, CREATED, JSON.stringify({ pattern: CREATED, data: null, metadata: 7 }));
    await expect(firstValueFrom(client.send<number>(DOUBLE, 2))).resolves.toBe(4);
  });
});
