import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtlpReceiver } from './support/otlp-receiver';

/** Attributes of every value type OTLP carries: int, string, bool, double, array. */
const SERVER_ATTRIBUTES = {
  'http.response.status_code': 500,
  'url.path': '/models/7',
  ok: false,
  ratio: 0.25,
  tags: ['a', 'b'],
};

/**
 * The OTLP receiver the tracing tests rely on decodes exactly what OpenTelemetry's own exporters
 * send, over both OTLP/HTTP encodings.
 */
describe.each([
  ['http/protobuf', (url: string) => new OtlpProtoExporter({ url })],
  ['http/json', (url: string) => new OtlpJsonExporter({ url })],
] as const)('the OTLP receiver, fed by the real %s exporter', (protocol, exporterFor) => {
  let receiver: OtlpReceiver;
  beforeAll(async () => (receiver = await OtlpReceiver.start()));
  afterAll(() => receiver.stop());

  it('decodes the trace tree, attributes, events, status and resource', async () => {
    const exporter: SpanExporter = exporterFor(`${receiver.endpoint}/v1/traces`);
    const provider = new TracerProvider({
      resource: resourceFromAttributes({
        'service.name': 'receiver-test',
        'service.version': '1.2.3',
      }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const tracer = provider.getTracer('receiver-scope');
    const parent = tracer.startSpan('GET /models/:id', {
      kind: SpanKind.SERVER,
      attributes: SERVER_ATTRIBUTES,
    });
    const child = tracer.startSpan(
      'ModelService.find',
      {},
      trace.setSpan(context.active(), parent),
    );
    child.recordException(new RangeError('no such model'));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'no such model' });
    child.end();
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();

    expect(receiver.requests[0]?.contentType).toContain(
      protocol === 'http/json' ? 'json' : 'protobuf',
    );
    const server = receiver.spans.find((s) => s.name === 'GET /models/:id');
    const inner = receiver.spans.find((s) => s.name === 'ModelService.find');
    expect(server).toMatchObject({
      kind: 2,
      parentSpanId: '',
      scope: 'receiver-scope',
      attributes: SERVER_ATTRIBUTES,
      resource: { 'service.name': 'receiver-test', 'service.version': '1.2.3' },
    });
    expect(server?.traceId).toBe(parent.spanContext().traceId);
    expect(server?.spanId).toBe(parent.spanContext().spanId);
    expect(inner?.parentSpanId).toBe(parent.spanContext().spanId);
    expect(inner?.traceId).toBe(parent.spanContext().traceId);
    expect(inner?.status).toEqual({ code: 2, message: 'no such model' });
    expect(inner?.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'RangeError', 'exception.message': 'no such model' },
    });
    expect((inner?.endNanos ?? 0n) >= (inner?.startNanos ?? 1n)).toBe(true);
  });
});
