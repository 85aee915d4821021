import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { resolveOptions } from '../../options/resolve-options';
import { createRootLogger } from '../../logging/root-logger';
import type { HttpExchange } from '../http-exchange';
import { AccessLogSink } from './access-log.sink';

/** The access line one request makes, as written and parsed. */
function accessLine(url: string, headers: Record<string, string>) {
  let raw = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString('utf8');
      done();
    },
  });
  const logger = createRootLogger(
    resolveOptions({ serviceName: 'svc', logging: { level: 'info' } }, {}),
    destination,
  );
  const sink = new AccessLogSink(logger, ['user-agent']);
  const exchange: HttpExchange = {
    req: { method: 'GET', url, headers } as unknown as IncomingMessage,
    res: {} as ServerResponse,
    method: 'GET',
    startedMs: 0,
    requestId: 'r1',
    span: undefined,
    context: ROOT_CONTEXT,
  };
  sink.end(exchange, {
    outcome: 'success',
    error: undefined,
    status: '200',
    route: '/items',
    seconds: 0.001,
  });
  const line = raw.trim();
  return {
    raw: line,
    parsed: JSON.parse(line) as { path: string; headers: Record<string, string> },
  };
}

describe('the access line', () => {
  it('stays bounded for a 16 KB query: the path is cut at 2048 characters, saying how much more', () => {
    const url = `/items?q=${'a'.repeat(16_384)}&${'k'.repeat(16_384)}`;
    const { raw, parsed } = accessLine(url, {});
    expect(parsed.path).toMatch(/^\/items\?q=\[REDACTED\]&k+\.\.\.\[\d+ more characters\]$/);
    expect(parsed.path.length).toBeLessThan(2048 + 30);
    expect(raw.length).toBeLessThan(3000);
  });

  it('keeps a short path whole, its query values redacted', () => {
    expect(accessLine('/items?token=abc&mode=fast', {}).parsed.path).toBe(
      '/items?token=[REDACTED]&mode=[REDACTED]',
    );
  });

  it('redacts a secret written in an allow-listed header (User-Agent)', () => {
    const { raw, parsed } = accessLine('/items', {
      'user-agent': 'probe/1.0 password=CANARYua1',
    });
    expect(raw).not.toContain('CANARYua1');
    expect(parsed.headers['user-agent']).toBe('probe/1.0 password=[REDACTED]');
  });
});
