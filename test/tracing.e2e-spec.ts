import { uniqueFlower } from './support/app';
import type { ReceivedSpan } from './support/otlp-receiver';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';
import type { TestDatabase } from './support/postgres';
import { createTestDatabase } from './support/postgres';
import { SHARED_REDIS_URL } from './support/redis';
import type { LogLine } from './support/traced-sample';
import { exportingTo, TracedSample, withExportingSample } from './support/traced-sample';

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
const REDIS_URL = SHARED_REDIS_URL.replace(/\/\d+$/, '/5');

function traceIdOf(response: Response): string {
  const header = response.headers.get('traceresponse') ?? '';
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(header);
  if (match === null) throw new Error(`no traceresponse header: ${header}`);
  return match[1] as string;
}

/**
 * The spans of one trace once at least `atLeast` arrived and its SERVER span among them: the
 * server span ends last, so a batch exported before it holds only its children.
 */
async function spansOf(receiver: OtlpReceiver, traceId: string, atLeast: number) {
  await waitFor(`${atLeast} spans of trace ${traceId}, its SERVER span among them`, async () => {
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    return spans.length >= atLeast && spans.some((s) => s.kind === SERVER);
  });
  return receiver.spans.filter((s) => s.traceId === traceId);
}

describe('traces and correlated logs of the sample service (preload, real OTLP exporter)', () => {
  let receiver: OtlpReceiver;
  let db: TestDatabase;
  let sample: TracedSample;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    db = await createTestDatabase();
    sample = await TracedSample.start({
      ...exportingTo(receiver),
      DATABASE_URL: db.url,
      REDIS_URL,
      LOG_LEVEL: 'debug',
      OTEL_RESOURCE_ATTRIBUTES: 'team=ml,deployment.environment.name=overridden',
      NODE_ENV: 'staging',
    });
  }, 90_000);

  afterAll(async () => {
    await sample?.kill();
    await receiver?.stop();
    await db?.drop().catch(() => undefined);
  });

  const byId = (spans: ReceivedSpan[]) => new Map(spans.map((s) => [s.spanId, s]));
  const parentName = (spans: ReceivedSpan[], span: ReceivedSpan) =>
    byId(spans).get(span.parentSpanId)?.name;
  function ancestors(spans: ReceivedSpan[], span: ReceivedSpan): string[] {
    const index = byId(spans);
    const names: string[] = [];
    for (let p = index.get(span.parentSpanId); p !== undefined; p = index.get(p.parentSpanId)) {
      names.push(p.name);
    }
    return names;
  }

  it('reports at startup that tracing started before Nest, its exporter, sampler and patches', () => {
    const report = sample.logs().find((l) => l.context === 'Tracing');
    expect(report?.level).toBe('info');
    expect(report?.msg).toMatch(/^Tracing started before Nest; /);
    expect(report?.msg).toContain(`exporter otlp http/protobuf ${receiver.endpoint}/v1/traces`);
    expect(report?.msg).toContain('sampler parentbased_always_on');
    expect(report?.msg).toMatch(
      /http patched.*pg patched 8\.[\d.]+.*ioredis patched 6\.[\d.]+.*nest/,
    );
  });

  it('gives one request one trace: SERVER span by route, Nest spans, decorator spans, pg and Redis CLIENT spans', async () => {
    const response = await sample.post('/predict', uniqueFlower());
    expect(response.status).toBe(200);
    const traceId = traceIdOf(response);
    const spans = await spansOf(receiver, traceId, 10);
    const servers = spans.filter((s) => s.kind === SERVER);
    expect(servers).toHaveLength(1);
    const server = servers[0] as ReceivedSpan;
    expect(server.name).toBe('POST /predict');
    expect(server.parentSpanId).toBe('');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/predict',
      'http.response.status_code': 200,
      'url.path': '/predict',
      'url.scheme': 'http',
    });
    expect(server.status.code).not.toBe(ERROR);
    const named = (name: string) => spans.find((s) => s.name === name) as ReceivedSpan;
    expect(parentName(spans, named('controller PredictionController.predict'))).toBe(
      'POST /predict',
    );
    expect(parentName(spans, named('handler PredictionController.predict'))).toBe(
      'controller PredictionController.predict',
    );
    expect(parentName(spans, named('PredictionService.predict'))).toBe(
      'handler PredictionController.predict',
    );
    const clients = spans.filter((s) => s.kind === CLIENT);
    const pg = clients.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    const redis = clients.filter(
      (s) => s.attributes['db.system.name'] === 'redis' || s.attributes['db.system'] === 'redis',
    );
    expect(pg.length).toBeGreaterThan(0);
    expect(redis.length).toBeGreaterThan(0);
    for (const client of [...pg, ...redis]) {
      expect(ancestors(spans, client)).toContain('PredictionService.predictMany');
    }
    expect(server.resource).toMatchObject({
      'service.name': 'prediction-api',
      'deployment.environment.name': 'staging',
      team: 'ml',
    });
    expect(server.resource['service.version']).toEqual(expect.any(String));
    expect(
      spans.every((s) => s.scope !== '' && s.resource['service.name'] === 'prediction-api'),
    ).toBe(true);
  });

  it('stores an oversized attribute value as at most 1 KB', async () => {
    const userAgent = `agent/${'x'.repeat(12_000)}`;
    const response = await sample.post('/predict', uniqueFlower(), { 'user-agent': userAgent });
    const [server] = (await spansOf(receiver, traceIdOf(response), 4)).filter(
      (s) => s.kind === SERVER,
    );
    const stored = server?.attributes['user_agent.original'];
    expect(typeof stored).toBe('string');
    expect((stored as string).length).toBe(1024);
    expect(userAgent.startsWith(stored as string)).toBe(true);
  });

  it('continues an incoming trace: same trace id, the caller span as parent, baggage kept out of logs', async () => {
    const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    const response = await sample.post('/predict', uniqueFlower(), {
      traceparent: `00-${caller.traceId}-${caller.spanId}-01`,
      tracestate: 'vendor=opaque',
      baggage: 'user.email=ada%40example.com',
    });
    expect(traceIdOf(response)).toBe(caller.traceId);
    const [server] = (await spansOf(receiver, caller.traceId, 5)).filter((s) => s.kind === SERVER);
    expect(server?.parentSpanId).toBe(caller.spanId);
    await waitFor('the access log line', async () => sample.output.includes(caller.traceId));
    expect(sample.output).not.toContain('ada%40example.com');
    expect(sample.output).not.toContain('ada@example.com');
  });

  it("puts the trace id in every line of a request: the access log and the service's own lines", async () => {
    const response = await sample.post('/predict', uniqueFlower());
    const traceId = traceIdOf(response);
    const requestId = response.headers.get('x-request-id');
    await waitFor('the access log line', async () =>
      sample.logs().some((l) => l.trace_id === traceId && l.msg === 'request completed'),
    );
    const lines = sample.logs().filter((l) => l.trace_id === traceId);
    const access = lines.find((l) => l.msg === 'request completed') as LogLine;
    expect(access).toMatchObject({
      level: 'info',
      service: 'prediction-api',
      request_id: requestId,
      method: 'POST',
      route: '/predict',
      status: 200,
      duration_ms: expect.any(Number),
      trace_flags: '01',
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(new Date(String(access.time)).toISOString()).toBe(access.time);
    const own = lines.find((l) => l.context === 'PredictionService') as LogLine;
    expect(own).toMatchObject({
      level: 'debug',
      request_id: requestId,
      msg: expect.stringMatching(/^predicting 1 row/),
    });
    expect(own.span_id).not.toBe(access.span_id); // logged inside PredictionService.predictMany's span
    expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(1);
  });

  it('marks a 5xx SERVER span ERROR and logs the cause once, with type, message and stack', async () => {
    await db.drop();
    const response = await sample.post('/predict', uniqueFlower());
    expect(response.status).toBe(503);
    const traceId = traceIdOf(response);
    const [server] = (await spansOf(receiver, traceId, 3)).filter((s) => s.kind === SERVER);
    expect(server?.status.code).toBe(ERROR);
    expect(server?.attributes['http.response.status_code']).toBe(503);
    await waitFor('the error line', async () =>
      sample.logs().some((l) => l.trace_id === traceId && l.level === 'error'),
    );
    const errors = sample.logs().filter((l) => l.trace_id === traceId && l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.err).toMatchObject({
      type: 'StoreUnavailableError',
      message: expect.any(String),
      stack: expect.stringContaining('StoreUnavailableError'),
    });
  });
});

describe('OTLP over http/json', () => {
  it(
    'exports the same spans when OTEL_EXPORTER_OTLP_PROTOCOL is http/json',
    () =>
      withExportingSample(
        {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=ml-team',
        },
        async (sample, receiver) => {
          const response = await sample.post('/predict', uniqueFlower());
          const spans = await spansOf(receiver, traceIdOf(response), 4);
          expect(spans.find((s) => s.kind === SERVER)?.name).toBe('POST /predict');
          const request = receiver.requests.find((r) => r.contentType.includes('json'));
          expect(request?.headers['x-tenant']).toBe('ml-team');
          expect(receiver.requests.every((r) => r.contentType.includes('application/json'))).toBe(
            true,
          );
        },
      ),
    90_000,
  );
});

describe('sampling at the edge', () => {
  it(
    'lets our own ratio decide for a caller that asks for sampling, and keeps its trace id',
    () =>
      withExportingSample(
        { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
        async (sample, receiver) => {
          const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
          const response = await sample.post('/predict', uniqueFlower(), {
            traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
          });
          expect(response.status).toBe(200);
          expect(response.headers.get('traceresponse')).toMatch(
            new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`),
          );
          await waitFor('the access log line', async () =>
            sample.logs().some((l) => l.trace_id === traceId && l.msg === 'request completed'),
          );
          const access = sample.logs().find((l) => l.trace_id === traceId);
          expect(access?.trace_flags).toBe('00');
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(receiver.spans.filter((s) => s.traceId === traceId)).toEqual([]);
          const report = sample.logs().find((l) => l.context === 'Tracing');
          expect(report?.msg).toContain('incoming sampled flag not trusted');
        },
      ),
    90_000,
  );
});

describe('logs over OTLP (OTEL_LOGS_EXPORTER=otlp)', () => {
  it(
    'sends the same redacted records to the collector, with their trace context',
    () =>
      withExportingSample(
        {
          OTEL_LOGS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
          OTEL_BLRP_SCHEDULE_DELAY: '50',
        },
        async (sample, receiver) => {
          const response = await sample.post('/predict?token=abc', uniqueFlower());
          const traceId = traceIdOf(response);
          await waitFor('the access record', async () =>
            receiver.logs.some((l) => l.traceId === traceId && l.body === 'request completed'),
          );
          const access = receiver.logs.find((l) => l.traceId === traceId);
          expect(access).toMatchObject({
            severityText: 'INFO',
            severityNumber: 9,
            spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
            attributes: expect.objectContaining({
              route: '/predict',
              status: 200,
              path: '/predict?token=[REDACTED]',
              request_id: response.headers.get('x-request-id'),
              'headers.content-type': 'application/json',
            }),
          });
          expect(access?.resource['service.name']).toBe('prediction-api');
          const stdout = sample.logs().find((l) => l.trace_id === traceId);
          expect(stdout?.msg).toBe('request completed');
        },
      ),
    90_000,
  );
});
