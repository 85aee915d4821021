import { join } from 'node:path';
import type { AdapterName } from './support/nest-app';
import type { ReceivedSpan } from './support/otlp-receiver';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';
import { spawnPreloaded } from './support/sample-process';

describe.each<AdapterName>(['express', 'fastify'])('tracing and logs on %s', (adapter) => {
  it('one trace per request from the SERVER span to the service, and its id in the log lines', async () => {
    const receiver = await OtlpReceiver.start();
    const child = spawnPreloaded(
      join(__dirname, 'support/adapter-app.fixture.ts'),
      [adapter],
      {
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      ['ignore', 'pipe', 'inherit', 'pipe'],
    );
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        (child.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) =>
          resolve(Number(String(data).trim())),
        );
        child.once('exit', (code) =>
          reject(new Error(`the ${adapter} fixture exited with ${code}`)),
        );
      });
      const response = await fetch(`http://127.0.0.1:${port}/api/items/42/score`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: 21 }),
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ id: '42', score: 42 });
      const traceId = (response.headers.get('traceresponse') ?? '').split('-')[1] as string;
      await waitFor('the spans of the request', async () =>
        receiver.spans.some((s) => s.traceId === traceId && s.name === 'ItemsService.score'),
      );
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const parentOf = (name: string) =>
        byId.get((spans.find((s) => s.name === name) as ReceivedSpan).parentSpanId)?.name;
      const server = spans.find((s) => s.kind === 2);
      expect(server?.name).toBe('POST /api/items/:id/score');
      expect(server?.attributes).toMatchObject({
        'http.route': '/api/items/:id/score',
        'http.response.status_code': 201,
        'url.path': '/api/items/42/score',
      });
      expect(parentOf('controller ItemsController.score')).toBe('POST /api/items/:id/score');
      expect(parentOf('handler ItemsController.score')).toBe('controller ItemsController.score');
      expect(parentOf('ItemsService.score')).toBe('handler ItemsController.score');
      await waitFor('the access line', async () => stdout.includes('"msg":"request completed"'));
      const lines = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const own = lines.find((l) => l.msg === 'scored item 42');
      const access = lines.find((l) => l.msg === 'request completed');
      expect(own).toMatchObject({
        trace_id: traceId,
        context: 'ItemsService',
        service: 'adapter-fixture',
      });
      expect(own?.request_id).toBe(response.headers.get('x-request-id'));
      expect(access).toMatchObject({
        trace_id: traceId,
        route: '/api/items/:id/score',
        status: 201,
      });
    } finally {
      const exited = new Promise((resolve) =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode),
      );
      child.kill();
      await exited;
      await receiver.stop();
    }
  }, 60_000);
});
