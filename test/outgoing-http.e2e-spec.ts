import { join } from 'node:path';
import { OtlpReceiver } from './support/otlp-receiver';
import { spawnPreloaded } from './support/sample-process';

const CLIENT = 3;

describe('outgoing HTTP calls under the preload', () => {
  it('get a CLIENT span beneath the active span, with the query redacted', async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const child = spawnPreloaded(
        join(__dirname, 'support/outgoing-call.fixture.ts'),
        [],
        { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'outgoing-fixture' },
        ['ignore', 'ignore', 'pipe'],
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const parent = receiver.spans.find((s) => s.name === 'outgoing-call');
      const client = receiver.spans.find((s) => s.kind === CLIENT);
      expect(client).toMatchObject({
        name: 'GET',
        traceId: parent?.traceId,
        parentSpanId: parent?.spanId,
        attributes: expect.objectContaining({
          'http.request.method': 'GET',
          'http.response.status_code': 200,
          'server.address': '127.0.0.1',
        }),
      });
      expect(JSON.stringify(client?.attributes)).not.toContain('secret-value');
      expect(client?.resource['service.name']).toBe('outgoing-fixture');
      // The exporter's own requests to the collector are never traced.
      expect(receiver.spans.filter((s) => s.kind === CLIENT)).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  }, 60_000);
});
