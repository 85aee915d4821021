import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { ROOT_CONTEXT, SpanStatusCode } from '@opentelemetry/api';
import { ObservabilityTestKit } from '../../testing/observability-test-kit';
import type { HttpExchange } from '../http-exchange';
import { outcomeOfStatus } from '../http-exchange';
import { ServerSpanSink } from './server-span';

/** A request as Node hands it to the pipeline: `GET /models/42`. */
function exchange(): HttpExchange {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/models/42';
  req.headers = { host: '127.0.0.1:3000' };
  return {
    req,
    res: new ServerResponse(req),
    method: 'GET',
    startedMs: 0,
    requestId: 'r1',
    span: undefined,
    context: ROOT_CONTEXT,
  };
}

/** The SERVER span of one request that ended with `status`. */
async function spanEndingWith(kit: ObservabilityTestKit, status: string) {
  const sink = new ServerSpanSink(false);
  const request = exchange();
  sink.start(request);
  const outcome = outcomeOfStatus(status);
  sink.end(request, { outcome, error: undefined, status, route: '/models/:id', seconds: 0.01 });
  return kit.span('GET /models/:id');
}

describe('the SERVER span’s end, from the request’s outcome', () => {
  let kit: ObservabilityTestKit;
  beforeAll(() => {
    kit = ObservabilityTestKit.start();
  });
  afterEach(() => kit.reset());
  afterAll(() => kit.stop());

  it('maps a status to the outcome every context shares', () => {
    expect(['200', '302', '404', '422', '499', '500', '503'].map(outcomeOfStatus)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'cancelled',
      'error',
      'error',
    ]);
  });

  it('a 5xx: status ERROR, error.type the status code', async () => {
    const span = await spanEndingWith(kit, '503');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('503');
    expect(span.attributes['http.response.status_code']).toBe(503);
  });

  it('a 4xx is the caller’s mistake: status left unset, no error.type', async () => {
    const span = await spanEndingWith(kit, '404');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.attributes['http.response.status_code']).toBe(404);
  });

  it('a connection closed first: error.type aborted, no status code, status unset', async () => {
    const span = await spanEndingWith(kit, '499');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBe('aborted');
    expect(span.attributes['http.response.status_code']).toBeUndefined();
  });
});
