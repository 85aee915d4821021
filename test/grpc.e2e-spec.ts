import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Controller, Injectable, Module } from '@nestjs/common';
import type { INestMicroservice } from '@nestjs/common';
import type { ClientGrpc, MicroserviceOptions } from '@nestjs/microservices';
import { ClientProxyFactory, GrpcMethod, RpcException, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Observable } from 'rxjs';
import { firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { grpcClientInterceptor, ObservabilityModule, Traced } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { freePort, waitFor } from './support/ports';

const PROTO = join(__dirname, 'fixtures/grpc/greeter.proto');
const GREET = 'obs.e2e.Greeter/Greet';
const REFUSE = 'obs.e2e.Greeter/Refuse';
const COUNT = 'obs.e2e.Greeter/Count';

interface GreetRequest {
  readonly name: string;
}
interface GreetReply {
  readonly message: string;
}
interface Greeter {
  greet(request: GreetRequest, metadata?: grpc.Metadata): Observable<GreetReply>;
  refuse(request: GreetRequest): Observable<GreetReply>;
  count(request: GreetRequest): Observable<GreetReply>;
}

@Injectable()
class Greetings {
  @Traced()
  async compose(name: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return `hello ${name}`;
  }
}

@Controller()
class GreeterController {
  /** The `traceparent` values each call's metadata brought the handler. */
  static readonly traceparents: string[][] = [];
  constructor(private readonly greetings: Greetings) {}

  @GrpcMethod('Greeter', 'Greet')
  async greet(request: GreetRequest, metadata: grpc.Metadata): Promise<GreetReply> {
    GreeterController.traceparents.push(metadata.get('traceparent').map(String));
    return { message: await this.greetings.compose(request.name) };
  }

  @GrpcMethod('Greeter', 'Refuse')
  refuse(): never {
    throw new RpcException({ code: grpc.status.FAILED_PRECONDITION, message: 'refused' });
  }

  @GrpcMethod('Greeter', 'Count')
  count(request: GreetRequest): Observable<GreetReply> {
    return from([1, 2, 3].map((i) => ({ message: `${request.name} ${i}` })));
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'grpc-e2e' })],
  controllers: [GreeterController],
  providers: [Greetings],
})
class GreeterModule {}

/** A plain grpc-js client of the same service: a caller outside Nest and outside the SDK. */
type RawGreeter = grpc.Client & {
  greet(
    request: GreetRequest,
    metadata: grpc.Metadata,
    callback: (error: grpc.ServiceError | null, reply?: GreetReply) => void,
  ): grpc.ClientUnaryCall;
};

function rawClient(url: string): RawGreeter {
  const definition = grpc.loadPackageDefinition(loadSync(PROTO)) as unknown as {
    obs: { e2e: { Greeter: grpc.ServiceClientConstructor } };
  };
  return new definition.obs.e2e.Greeter(
    url,
    grpc.credentials.createInsecure(),
  ) as unknown as RawGreeter;
}

function rawGreet(client: RawGreeter, metadata: grpc.Metadata): Promise<GreetReply | undefined> {
  return new Promise((resolve, reject) =>
    client.greet({ name: 'raw' }, metadata, (error, reply) =>
      error ? reject(error) : resolve(reply),
    ),
  );
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('Nest microservices over gRPC (real server and clients)', () => {
  let kit: ObservabilityTestKit;
  let server: INestMicroservice;
  let greeter: Greeter;
  let raw: RawGreeter;

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    const url = `127.0.0.1:${await freePort()}`;
    const options = { url, package: 'obs.e2e', protoPath: PROTO };
    const moduleRef = await Test.createTestingModule({ imports: [GreeterModule] }).compile();
    server = moduleRef.createNestMicroservice<MicroserviceOptions>({
      transport: Transport.GRPC,
      options,
      logger: false,
    });
    await server.listen();
    const client = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: { ...options, channelOptions: { interceptors: [grpcClientInterceptor()] } },
    }) as unknown as ClientGrpc;
    greeter = client.getService<Greeter>('Greeter');
    raw = rawClient(url);
  }, 30_000);

  afterEach(() => kit.reset());

  afterAll(async () => {
    raw?.close();
    await server?.close();
    await kit?.stop();
  });

  async function spansNamed(spanName: string, count = 1): Promise<ReadableSpan[]> {
    await waitFor(`${count} span(s) ${spanName}`, async () => {
      return (await kit.spans()).filter((s) => s.name === spanName).length >= count;
    });
    return (await kit.spans()).filter((s) => s.name === spanName);
  }

  async function serverSpan(spanName: string): Promise<ReadableSpan | undefined> {
    await waitFor(`the SERVER span ${spanName}`, async () =>
      (await kit.spans()).some((s) => s.name === spanName && s.kind === SpanKind.SERVER),
    );
    return (await kit.spans()).find((s) => s.name === spanName && s.kind === SpanKind.SERVER);
  }

  it('one trace from the caller through the CLIENT span to the SERVER span and its decorators', async () => {
    const answer = await trace.getTracer('test').startActiveSpan('caller', async (span) => {
      try {
        return await firstValueFrom(greeter.greet({ name: 'ada' }));
      } finally {
        span.end();
      }
    });
    expect(answer).toEqual({ message: 'hello ada' });
    await spansNamed(GREET, 2);
    const spans = await kit.spans();
    const caller = spans.find((s) => s.name === 'caller') as ReadableSpan;
    const clientSpan = spans.find((s) => s.name === GREET && s.kind === SpanKind.CLIENT);
    const handled = spans.find((s) => s.name === GREET && s.kind === SpanKind.SERVER);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(clientSpan?.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.method': GREET,
      'rpc.grpc.status_code': 0,
    });
    expect(clientSpan?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(handled?.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(handled?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
    expect(handled?.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.method': GREET });
    const decorated = spans.find((s) => s.name === 'Greetings.compose');
    expect(decorated?.parentSpanContext?.spanId).toBe(handled?.spanContext().spanId);
    await waitFor('the RPC duration', async () => {
      const labels = { rpc_system: 'grpc', rpc_method: GREET, outcome: 'success' };
      return (await kit.histogram('rpc_server_duration_seconds', labels)).count === 1;
    });
    const scrape = await kit.scrape();
    const series = scrape
      .split('\n')
      .filter((l) => l.startsWith('rpc_server_duration_seconds_count'));
    expect(series).toEqual([
      `rpc_server_duration_seconds_count{rpc_system="grpc",rpc_method="${GREET}",outcome="success"} 1`,
    ]);
  });

  it('a failing handler: the caller gets its gRPC status, outcome error, both spans ERROR', async () => {
    await expect(firstValueFrom(greeter.refuse({ name: 'x' }))).rejects.toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
    });
    const handled = await serverSpan(REFUSE);
    expect(handled?.status.code).toBe(SpanStatusCode.ERROR);
    const clientSpan = (await spansNamed(REFUSE, 2)).find((s) => s.kind === SpanKind.CLIENT);
    expect(clientSpan?.status.code).toBe(SpanStatusCode.ERROR);
    expect(clientSpan?.attributes['rpc.grpc.status_code']).toBe(grpc.status.FAILED_PRECONDITION);
    await waitFor('the failed RPC', async () => {
      const labels = { rpc_system: 'grpc', rpc_method: REFUSE, outcome: 'error' };
      return (await kit.histogram('rpc_server_duration_seconds', labels)).count === 1;
    });
  });

  it('a server stream: one SERVER span that ends when the stream completes', async () => {
    const replies = await lastValueFrom(greeter.count({ name: 'n' }).pipe(toArray()));
    expect(replies.map((r) => r.message)).toEqual(['n 1', 'n 2', 'n 3']);
    const handled = await serverSpan(COUNT);
    expect(handled?.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.method': COUNT });
    const clientSpan = (await spansNamed(COUNT, 2)).find((s) => s.kind === SpanKind.CLIENT);
    expect(handled?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
    await waitFor('the stream duration', async () => {
      const labels = { rpc_system: 'grpc', rpc_method: COUNT, outcome: 'success' };
      return (await kit.histogram('rpc_server_duration_seconds', labels)).count === 1;
    });
  });

  it("continues a foreign caller's well-formed traceparent and tracestate from the metadata", async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    const metadata = new grpc.Metadata();
    metadata.set('traceparent', `00-${traceId}-${parentId}-01`);
    metadata.set('tracestate', 'vendor=abc');
    await expect(rawGreet(raw, metadata)).resolves.toEqual({ message: 'hello raw' });
    const handled = await serverSpan(GREET);
    expect(handled?.spanContext().traceId).toBe(traceId);
    expect(handled?.parentSpanContext?.spanId).toBe(parentId);
    expect(handled?.parentSpanContext?.traceState?.get('vendor')).toBe('abc');
  });

  it.each([
    ['a malformed', () => ['00-not-a-trace-01']],
    ['an oversized', () => [`00-${hex(16)}-${hex(8)}-01-${'a'.repeat(9000)}`]],
    ['a repeated', () => [`00-${hex(16)}-${hex(8)}-01`, `00-${hex(16)}-${hex(8)}-01`]],
  ])('%s traceparent starts a fresh trace, and the call is served', async (_, values) => {
    const sent = values();
    const metadata = new grpc.Metadata();
    for (const value of sent) metadata.add('traceparent', value);
    await expect(rawGreet(raw, metadata)).resolves.toEqual({ message: 'hello raw' });
    // The value reached the handler (grpc-js hands a repeated key over as one joined value).
    expect(GreeterController.traceparents.at(-1)?.join(', ')).toBe(sent.join(', '));
    const handled = await serverSpan(GREET);
    expect(handled?.parentSpanContext).toBeUndefined();
    for (const value of sent) expect(value).not.toContain(handled?.spanContext().traceId);
  });
});
