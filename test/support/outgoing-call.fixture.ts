/**
 * Run with the tracing preload: makes one outgoing HTTP call inside a span, to a server of its
 * own, then shuts tracing down (which flushes) and exits. The test reads what the exporter sent.
 */
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { findPreloadOffer } from '../../libs/observability/src/telemetry/preload-handoff';
import type { TelemetrySdk } from '../../libs/observability/src/telemetry/telemetry-sdk';

async function main(): Promise<void> {
  const server = createServer((_req, res) => res.end('pong'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await trace.getTracer('fixture').startActiveSpan('outgoing-call', async (span) => {
    await new Promise<void>((resolve, reject) =>
      get(`http://127.0.0.1:${port}/ping?token=secret-value`, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject),
    );
    span.end();
  });
  server.close();
  await findPreloadOffer<TelemetrySdk>()?.sdk.shutdown(2000);
}

void main();
