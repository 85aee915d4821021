import { FLOWERS } from './support/app';
import { OtlpGrpcReceiver } from './support/otlp-grpc-receiver';
import type { ReceivedMetric } from './support/otlp-metrics';
import { waitFor } from './support/ports';
import { TracedSample, withExportingSample } from './support/traced-sample';

/** The value of the sample `name{labels}` in a Prometheus text scrape. */
function scraped(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        wanted.every((w) => l.includes(w)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function pushed(metrics: ReceivedMetric[], name: string): ReceivedMetric | undefined {
  return metrics.filter((m) => m.name === name).at(-1);
}

describe('the preload, on NodeSDK, reads the OTEL_* settings as the specification defines them', () => {
  it('OTEL_METRICS_EXPORTER=prometheus,otlp pushes what /metrics serves: names, labels, counters, histograms with their buckets', async () => {
    await withExportingSample(
      {
        OTEL_METRICS_EXPORTER: 'prometheus,otlp',
        OTEL_METRIC_EXPORT_INTERVAL: '300',
      },
      async (sample, receiver) => {
        for (let i = 0; i < 3; i++)
          expect((await sample.post('/predict', FLOWERS.setosa)).status).toBe(200);
        // A push taken after the traffic, then a scrape: both see the same counts.
        const after = receiver.metrics.length;
        await waitFor('a push after the traffic', async () => receiver.metrics.length > after + 5);
        const pushes = receiver.metrics;
        const text = await (await fetch(`${sample.url}/metrics`)).text();

        const requests = pushed(pushes, 'http_requests_total');
        expect(requests).toMatchObject({ kind: 'sum', monotonic: true, temporality: 2 });
        const predict = requests?.points.find((p) => p.attributes.route === '/predict');
        expect(predict?.attributes).toEqual({ method: 'POST', route: '/predict', status: '200' });
        expect(predict?.value).toBe(
          scraped(text, 'http_requests_total', { route: '/predict', status: '200' }),
        );
        expect(predict?.value).toBe(3);

        const duration = pushed(pushes, 'http_request_duration_seconds');
        expect(duration?.kind).toBe('histogram');
        const point = duration?.points.find((p) => p.attributes.route === '/predict');
        const h = point?.histogram;
        expect(h?.count).toBe(3);
        expect(h?.bounds).toEqual(expect.arrayContaining([0.005, 0.25, 10]));
        expect(h?.counts).toHaveLength((h?.bounds.length ?? 0) + 1);
        // Prometheus buckets are cumulative; OTLP's are per bucket: the running sum matches.
        let cumulative = 0;
        h?.bounds.forEach((bound, i) => {
          cumulative += h.counts[i] ?? 0;
          expect(
            scraped(text, 'http_request_duration_seconds_bucket', {
              route: '/predict',
              le: String(bound),
            }),
          ).toBe(cumulative);
        });

        // The sample's own metrics, made with @willsoto/nestjs-prometheus, are pushed alike.
        const predictions = pushed(pushes, 'model_predictions_total');
        expect(
          predictions?.points.find((p) => p.attributes.predicted_class === 'setosa')?.value,
        ).toBe(scraped(text, 'model_predictions_total', { predicted_class: 'setosa' }));
        expect(pushed(pushes, 'process_resident_memory_bytes')?.kind).toBe('gauge');
        expect(requests?.resource['service.name']).toBe('prediction-api');
        // A series' start time stays put between pushes, and precedes its first point.
        const starts = pushes
          .filter((m) => m.name === 'http_requests_total')
          .flatMap((m) => m.points.filter((p) => p.attributes.route === '/predict'))
          .map((p) => p.startNanos);
        expect(new Set(starts).size).toBe(1);
      },
    );
  }, 90_000);

  it('OTEL_METRICS_EXPORTER=otlp alone pushes and serves no /metrics', async () => {
    await withExportingSample(
      { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '300' },
      async (sample, receiver) => {
        expect((await fetch(`${sample.url}/metrics`)).status).toBe(404);
        await waitFor('a push', async () => receiver.metrics.length > 0);
      },
    );
  }, 90_000);

  it('OTEL_EXPORTER_OTLP_PROTOCOL=grpc sends the spans over OTLP/gRPC', async () => {
    const grpc = await OtlpGrpcReceiver.start();
    const sample = await TracedSample.start({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: grpc.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    try {
      const answer = await sample.post('/predict', FLOWERS.virginica);
      expect(answer.status).toBe(200);
      const traceId = answer.headers.get('traceresponse')?.split('-')[1];
      await waitFor('the spans over gRPC', async () =>
        grpc.spans.some((s) => s.traceId === traceId && s.name === 'POST /predict'),
      );
      expect(sample.logs().find((l) => String(l.msg).startsWith('Tracing started'))?.msg).toContain(
        `exporter otlp grpc ${grpc.endpoint}`,
      );
    } finally {
      await sample.kill();
      await grpc.stop();
    }
  }, 90_000);

  it('OTEL_PROPAGATORS=b3 continues a B3 caller; the resource carries the detected host and process', async () => {
    await withExportingSample({ OTEL_PROPAGATORS: 'b3' }, async (sample, receiver) => {
      const traceId = '463ac35c9f6413ad48485a3953bb6124';
      const answer = await sample.post('/predict', FLOWERS.setosa, {
        b3: `${traceId}-0020000000000001-1`,
      });
      expect(answer.status).toBe(200);
      await waitFor('the continued trace', async () =>
        receiver.spans.some((s) => s.traceId === traceId && s.kind === 2),
      );
      const server = receiver.spans.find((s) => s.traceId === traceId && s.kind === 2);
      expect(server?.parentSpanId).toBe('0020000000000001');
      expect(server?.resource).toMatchObject({
        'service.name': 'prediction-api',
        'host.name': expect.any(String),
        'process.pid': expect.any(Number),
        'telemetry.sdk.language': 'nodejs',
      });
    });
  }, 90_000);

  it('an exporter list sends to each; a bad value is one JSON warning naming the variable and the fix, and the default is used', async () => {
    await withExportingSample(
      {
        OTEL_TRACES_EXPORTER: 'otlp,jaeger',
        OTEL_TRACES_SAMPLER: 'bogus',
        OTEL_BSP_MAX_QUEUE_SIZE: 'lots',
      },
      async (sample, receiver) => {
        expect((await sample.post('/predict', FLOWERS.versicolor)).status).toBe(200);
        await waitFor('the spans', async () => receiver.spans.some((s) => s.kind === 2));
        const warnings = sample
          .logs()
          .filter((l) => l.level === 'warn' && l.context === 'Tracing')
          .map((l) => String(l.msg));
        expect(warnings).toEqual(
          expect.arrayContaining([
            expect.stringMatching(
              /^OTEL_TRACES_EXPORTER="jaeger" cannot be used: .* Fix: remove jaeger from OTEL_TRACES_EXPORTER\. Using otlp meanwhile\.$/,
            ),
            expect.stringMatching(
              /^OTEL_TRACES_SAMPLER="bogus" cannot be used: .* Using parentbased_always_on meanwhile\.$/,
            ),
            expect.stringMatching(
              /^OTEL_BSP_MAX_QUEUE_SIZE="lots" cannot be used: .* Using 2048 meanwhile\.$/,
            ),
          ]),
        );
      },
    );
  }, 90_000);
});
