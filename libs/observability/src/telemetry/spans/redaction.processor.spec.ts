import { SpanStatusCode } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { RedactionSpanProcessor } from './redaction.processor';

describe('RedactionSpanProcessor', () => {
  it('removes secrets from attributes, the status and exception events before any exporter sees the span', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new RedactionSpanProcessor(), new SimpleSpanProcessor({ exporter })],
    });
    const span = provider.getTracer('t').startSpan('op', {
      attributes: {
        'http.request.header.authorization': 'Bearer abc',
        'user.password': 'hunter2',
        'url.full': 'https://api/x?token=s3cr3t&page=2',
        'url.query': 'apiKey=k1&q=iris',
        'db.query.text': "SELECT 1 WHERE password='p4ss'",
        'model.version': '1.0.0',
        count: 3,
      },
    });
    span.recordException(new Error('login failed for postgres://app:pw123@db/x'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'token=t0k3n expired' });
    span.end();
    await provider.forceFlush();
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({
      'http.request.header.authorization': '[REDACTED]',
      'user.password': '[REDACTED]',
      'url.full': 'https://api/x?token=[REDACTED]&page=[REDACTED]',
      'url.query': 'apiKey=[REDACTED]&q=[REDACTED]',
      'db.query.text': "SELECT 1 WHERE password='[REDACTED]'",
      'model.version': '1.0.0',
      count: 3,
    });
    expect(exported?.status.message).toBe('token=[REDACTED] expired');
    const event = exported?.events[0];
    expect(String(event?.attributes?.['exception.message'])).not.toContain('pw123');
    const seen = JSON.stringify([exported?.attributes, exported?.status, exported?.events]);
    expect(seen).not.toMatch(/hunter2|s3cr3t|p4ss|t0k3n|pw123|Bearer abc/);
  });
});
