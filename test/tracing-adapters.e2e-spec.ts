import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { AdapterName } from './support/nest-app';
import type { ReceivedSpan } from './support/otlp-receiver';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';
import { spawnPreloaded } from './support/sample-process';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly traceId: string;
  readonly requestId: string | undefined;
}

/**
 * `POST /api/items/:id/score` with `{"x":21}`, written as the headers and the first bytes of the
 * body, then, `pauseMs` later, the rest: a body that arrives after the request was routed, as a
 * slow client's or a large upload's does.
 */
function scoreInTwoParts(port: number, id: string, pauseMs: number): Promise<Answer> {
  const body = JSON.stringify({ x: 21 });
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', text = ''] = raw.split('\r\n\r\n');
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim();
      resolve({
        status: Number(head.split(' ')[1]),
        body: JSON.parse(text) as unknown,
        traceId: (header('traceresponse') ?? '').split('-')[1] ?? '',
        requestId: header('x-request-id'),
      });
    });
    socket.write(
      `POST /api/items/${id}/score HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 3)}`,
    );
    setTimeout(() => socket.write(body.slice(3)), pauseMs);
  });
}

describe.each<AdapterName>(['express', 'fastify'])('tracing and logs on %s', (adapter) => {
  let receiver: OtlpReceiver;
  let child: ChildProcess;
  let port: number;
  let stdout = '';

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    child = spawnPreloaded(
      join(__dirname, 'support/adapter-app.fixture.ts'),
      [adapter],
      {
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      ['ignore', 'pipe', 'inherit', 'pipe'],
    );
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    port = await new Promise<number>((resolve, reject) => {
      (child.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) =>
        resolve(Number(String(data).trim())),
      );
      child.once('exit', (code) => reject(new Error(`the ${adapter} fixture exited with ${code}`)));
    });
  }, 60_000);

  afterAll(async () => {
    const exited = new Promise((resolve) =>
      child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode),
    );
    child.kill();
    await exited;
    await receiver.stop();
  });

  /** The request's spans by name and its parent's name, once the service's own span arrived. */
  async function spansOf(traceId: string): Promise<{
    server: ReceivedSpan | undefined;
    parentOf: (name: string) => string | undefined;
  }> {
    await waitFor('the spans of the request', async () =>
      receiver.spans.some((s) => s.traceId === traceId && s.name === 'ItemsService.score'),
    );
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    return {
      server: spans.find((s) => s.kind === 2),
      parentOf: (name) =>
        byId.get((spans.find((s) => s.name === name) as ReceivedSpan).parentSpanId)?.name,
    };
  }

  /** The JSON lines written so far whose `msg` is `msg`. */
  function linesSaying(msg: string): Record<string, unknown>[] {
    return stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === msg);
  }

  it('one trace per request from the SERVER span to the service, and its id in the log lines', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/items/42/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x: 21 }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: '42', score: 42 });
    const traceId = (response.headers.get('traceresponse') ?? '').split('-')[1] as string;
    const { server, parentOf } = await spansOf(traceId);
    expect(server?.name).toBe('POST /api/items/:id/score');
    expect(server?.attributes).toMatchObject({
      'http.route': '/api/items/:id/score',
      'http.response.status_code': 201,
      'url.path': '/api/items/42/score',
    });
    expect(parentOf('controller ItemsController.score')).toBe('POST /api/items/:id/score');
    expect(parentOf('handler ItemsController.score')).toBe('controller ItemsController.score');
    expect(parentOf('ItemsService.score')).toBe('handler ItemsController.score');
    await waitFor('the access line', async () =>
      linesSaying('request completed').some((l) => l.trace_id === traceId),
    );
    const own = linesSaying('scored item 42').find((l) => l.trace_id === traceId);
    const access = linesSaying('request completed').find((l) => l.trace_id === traceId);
    expect(own).toMatchObject({ context: 'ItemsService', service: 'adapter-fixture' });
    expect(own?.request_id).toBe(response.headers.get('x-request-id'));
    expect(access).toMatchObject({ route: '/api/items/:id/score', status: 201 });
  }, 60_000);

  it('keeps a body that arrives after the headers, and all that runs once it is parsed, in the request trace', async () => {
    const answer = await scoreInTwoParts(port, '77', 150);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: '77', score: 42 });
    const { server, parentOf } = await spansOf(answer.traceId);
    expect(server?.name).toBe('POST /api/items/:id/score');
    expect(parentOf('controller ItemsController.score')).toBe('POST /api/items/:id/score');
    expect(parentOf('ItemsService.score')).toBe('handler ItemsController.score');
    await waitFor('the access line', async () =>
      linesSaying('request completed').some((l) => l.trace_id === answer.traceId),
    );
    const own = linesSaying('scored item 77');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ trace_id: answer.traceId, request_id: answer.requestId });
  }, 60_000);
});
