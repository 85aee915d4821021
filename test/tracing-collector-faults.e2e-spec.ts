import { uniqueFlower } from './support/app';
import { freePort, waitFor } from './support/ports';
import { SilentServer } from './support/silent-server';
import { TracedSample, withExportingSample } from './support/traced-sample';

const ROUNDS = 200;

async function timedPredict(sample: TracedSample): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await sample.post('/predict', uniqueFlower());
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function dropped(sample: TracedSample, reason: string): Promise<number> {
  const text = await (await fetch(`${sample.url}/metrics`)).text();
  const match = new RegExp(
    `^observability_spans_dropped_total\\{reason="${reason}"\\} (\\d+)`,
    'm',
  ).exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** A small queue and short deadlines, so the limits are reached within the test. */
const FAULT_SETTINGS = {
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_BSP_MAX_QUEUE_SIZE: '50',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
  OTEL_BSP_SCHEDULE_DELAY: '20',
  OTEL_BSP_EXPORT_TIMEOUT: '500',
};

describe('a failing collector never hurts the service', () => {
  let baseline: TracedSample;

  beforeAll(async () => {
    baseline = await TracedSample.start({});
  }, 90_000);
  afterAll(async () => baseline?.kill());

  it.each([['refuses connections'], ['accepts and never answers']])(
    'when it %s: requests succeed at their usual latency, spans are dropped and counted, shutdown is fast',
    async (mode) => {
      const silent = mode.startsWith('accepts') ? await SilentServer.start() : undefined;
      const endpoint = `http://127.0.0.1:${silent?.port ?? (await freePort())}`;
      const faulty = await TracedSample.start({
        ...FAULT_SETTINGS,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      });
      try {
        const withCollector: number[] = [];
        const without: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const [a, b] = await Promise.all([timedPredict(faulty), timedPredict(baseline)]);
          expect(a.status).toBe(200);
          expect(b.status).toBe(200);
          withCollector.push(a.ms);
          without.push(b.ms);
        }
        // Interleaved with a sample that exports nothing: the failing collector adds no latency
        // beyond the noise of two processes sharing two cores.
        expect(quantile(withCollector, 0.5)).toBeLessThan(quantile(without, 0.5) * 2 + 5);
        expect(quantile(withCollector, 0.99)).toBeLessThan(250);
        // Bounded: at most 50 spans wait; every request's spans beyond that are dropped and counted.
        // A refused export is retried by the exporter until our deadline, a silent one waits for
        // it: either way the batch is counted, as failed or as timed out.
        const undelivered = async () =>
          (await dropped(faulty, 'export_failed')) + (await dropped(faulty, 'export_timeout'));
        await waitFor('batches counted as undelivered', async () => (await undelivered()) > 0);
        // Every request makes several spans: whatever the share the slow exports took (more on a
        // busy machine, where requests are slower), all of them are counted as dropped somewhere.
        const queueFull = await dropped(faulty, 'queue_full');
        expect(queueFull).toBeGreaterThan(0);
        expect(queueFull + (await undelivered())).toBeGreaterThan(ROUNDS * 2);
        const exit = await faulty.terminate();
        expect(exit.code).toBe(0);
        expect(exit.ms).toBeLessThan(5000);
        expect(
          faulty
            .logs()
            .some((l) => l.level === 'warn' && /Trace export to .* failing/.test(String(l.msg))),
        ).toBe(true);
      } finally {
        await faulty.kill();
        await silent?.close();
      }
    },
    120_000,
  );
});

describe('shutdown with the collector up', () => {
  it(
    'flushes every finished span on SIGTERM before exiting',
    () =>
      // No export on the timer: only the shutdown flush sends.
      withExportingSample({ OTEL_BSP_SCHEDULE_DELAY: '600000' }, async (sample, receiver) => {
        const traceIds: string[] = [];
        for (let i = 0; i < 5; i++) {
          const response = await sample.post('/predict', uniqueFlower());
          expect(response.status).toBe(200);
          traceIds.push((response.headers.get('traceresponse') ?? '').split('-')[1] as string);
        }
        expect(receiver.spans).toHaveLength(0);
        const exit = await sample.terminate();
        expect(exit.code).toBe(0);
        const servers = receiver.spans.filter((s) => s.kind === 2);
        expect(servers.map((s) => s.traceId).sort()).toEqual([...traceIds].sort());
        for (const traceId of traceIds) {
          const names = receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.name);
          expect(names).toEqual(
            expect.arrayContaining([
              'POST /predict',
              'controller PredictionController.predict',
              'handler PredictionController.predict',
              'PredictionService.predict',
              'model.inference',
            ]),
          );
        }
      }),
    90_000,
  );
});
