import { randomUUID } from 'node:crypto';
import { SLOS } from '../apps/prediction-api/src/observability/slos';
import { RETENTION_TASK } from '../apps/prediction-api/src/store/retention.task';
import { PredictionStore } from '../apps/prediction-api/src/store/prediction-store';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import type { ReceivedSpan } from './support/otlp-receiver';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';
import type { TestDatabase } from './support/postgres';
import { createTestDatabase, queryRows } from './support/postgres';
import { exportingTo, TracedSample } from './support/traced-sample';

const SERVER = 2;
const CONSUMER = 5;

/** The value of the sample's `/metrics` series `series` (name and labels as exposed), if any. */
async function metric(sample: TracedSample, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${sample.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** `span` and its ancestors in `spans`, nearest first. */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain = [span];
  for (let s = byId.get(span.parentSpanId); s !== undefined; s = byId.get(s.parentSpanId)) {
    chain.push(s);
  }
  return chain;
}

/**
 * The sample's scheduled retention task on PostgreSQL (`RETENTION_SCHEDULE` every second, a
 * retention of 2 days), and its `prediction.stored` listener, with the real OTLP exporter.
 */
describe('the retention task and the prediction.stored listener of the sample (PostgreSQL)', () => {
  let db: TestDatabase;
  let receiver: OtlpReceiver;
  let sample: TracedSample;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await OtlpReceiver.start();
    sample = await TracedSample.start({
      ...exportingTo(receiver),
      DATABASE_URL: db.url,
      RETENTION_SCHEDULE: '* * * * * *',
      PREDICTION_RETENTION_DAYS: '2',
    });
    await waitFor('the store', async () => (await fetch(`${sample.url}/ready`)).ok, 30_000);
  }, 90_000);

  afterAll(async () => {
    await sample?.kill();
    await receiver?.stop();
    await db?.drop().catch(() => undefined);
  });

  it('deletes the predictions older than PREDICTION_RETENTION_DAYS, with their keys, and keeps the fresh ones', async () => {
    const key = randomUUID();
    const old = await sample.post(
      '/predict/batch',
      { rows: [uniqueFlower(), uniqueFlower()] },
      { 'Idempotency-Key': key },
    );
    expect(old.status).toBe(200);
    const oldIds = ((await old.json()) as { predictions: { id: number }[] }).predictions.map(
      (p) => p.id,
    );
    const fresh = await sample.post('/predict', uniqueFlower());
    const freshId = ((await fresh.json()) as { id: number }).id;
    // Time passes for the first two: recorded three days ago, beyond the two days kept.
    await queryRows(
      db.url,
      `UPDATE predictions SET created_at = now() - interval '3 days' WHERE id IN (${oldIds.join(',')})`,
    );

    const ids = async () =>
      (await queryRows<{ id: string }>(db.url, 'SELECT id FROM predictions')).map((r) =>
        Number(r.id),
      );
    await waitFor('the retention task', async () => !(await ids()).includes(oldIds[0] as number));
    expect(await ids()).toEqual([freshId]);
    expect(
      await queryRows(db.url, `SELECT 1 FROM prediction_requests WHERE idempotency_key = '${key}'`),
    ).toEqual([]);

    // One line per run, in the run's context.
    await waitFor('the log line of the run that deleted them', async () =>
      sample
        .logs()
        .some((l) => String(l.msg).startsWith('Retention task: deleted 2 prediction(s)')),
    );
    const line = sample
      .logs()
      .find((l) => String(l.msg).startsWith('Retention task: deleted 2 prediction(s)'));
    expect(line?.msg).toBe('Retention task: deleted 2 prediction(s) older than 2 day(s).');
    expect(line?.run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(line?.trace_id).toMatch(/^[0-9a-f]{32}$/);

    // Its span, with the store's delete nested under it.
    await waitFor('the run span of that line', async () =>
      receiver.spans.some((s) => s.traceId === line?.trace_id && s.parentSpanId === ''),
    );
    const run = receiver.spans.find((s) => s.traceId === line?.trace_id && s.parentSpanId === '');
    expect(run?.name).toBe(`scheduled ${RETENTION_TASK}`);
    expect(run?.attributes['nestjs.schedule.task']).toBe(RETENTION_TASK);
    expect(run?.attributes['nestjs.schedule.type']).toBe('cron');
    await waitFor('the delete span', async () =>
      receiver.spans.some((s) => s.parentSpanId === run?.spanId),
    );
    expect(
      receiver.spans.filter((s) => s.parentSpanId === run?.spanId).map((s) => s.name),
    ).toContain('PredictionStore.deleteOlderThan');
  });

  it('records the task like a @Cron method: duration by outcome, last success, period', async () => {
    const task = `task="${RETENTION_TASK}"`;
    await waitFor('two successful runs', async () => {
      const runs = await metric(
        sample,
        `scheduled_task_duration_seconds_count{${task},outcome="success"}`,
      );
      return (runs ?? 0) >= 2;
    });
    const lastSuccess = await metric(
      sample,
      `scheduled_task_last_success_timestamp_seconds{${task}}`,
    );
    expect(Date.now() / 1000 - (lastSuccess ?? 0)).toBeLessThan(10);
    expect(await metric(sample, `scheduled_task_period_seconds{${task}}`)).toBe(1);
    const text = await (await fetch(`${sample.url}/metrics`)).text();
    expect(text).toContain('# TYPE scheduled_task_overlapping_runs_total counter');
    expect(text).toContain('# TYPE scheduled_task_late_starts_total counter');
    // The sample's freshness SLO watches this task.
    expect(SLOS.find((s) => s.name === 'retention-freshness')?.target).toEqual({
      kind: 'task',
      task: RETENTION_TASK,
    });
  });

  it('feeds the drift monitor from prediction.stored, in a CONSUMER span under the request', async () => {
    const res = await sample.post('/predict', uniqueFlower());
    expect(res.status).toBe(200);
    const traceId = /^00-([0-9a-f]{32})-/.exec(res.headers.get('traceresponse') ?? '')?.[1];
    await waitFor('the request trace with its listener span', async () => {
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      return spans.some((s) => s.kind === SERVER) && spans.some((s) => s.kind === CONSUMER);
    });
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const listener = spans.find((s) => s.kind === CONSUMER);
    expect(listener?.name).toBe('process prediction.stored');
    expect(listener?.attributes['messaging.system']).toBe('event_emitter');
    const chain = ancestry(spans, listener as ReceivedSpan);
    expect(chain.at(-1)?.kind).toBe(SERVER);
    expect(chain[1]?.name).toBe('PredictionService.predictMany');
    expect(
      await metric(
        sample,
        'messaging_process_duration_seconds_count{messaging_system="event_emitter",messaging_destination_name="prediction.stored",outcome="success"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('a SIGTERM while the task runs every second stops it cleanly: exit 0, no error line', async () => {
    const { code } = await sample.terminate();
    expect(code).toBe(0);
    const bad = sample.logs().filter((l) => ['warn', 'error', 'fatal'].includes(String(l.level)));
    expect(bad.map((l) => l.msg)).toEqual([]);
  });
});

describe('the retention task on the embedded store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ RETENTION_SCHEDULE: '* * * * * *', PREDICTION_RETENTION_DAYS: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('deletes the predictions older than PREDICTION_RETENTION_DAYS and keeps the fresh ones', async () => {
    const rows = [uniqueFlower(), uniqueFlower(), uniqueFlower()];
    const res = await t.http.post('/predict/batch').send({ rows }).expect(200);
    const [aged, ...kept] = (res.body.predictions as { id: number }[]).map((p) => p.id);
    // Time passes for one of them, in the embedded database itself (the same SQL as PostgreSQL).
    await t.app
      .get(PredictionStore)
      .client.query(`UPDATE predictions SET created_at = now() - interval '2 days' WHERE id = $1`, [
        aged,
      ]);
    const ids = async () =>
      (await t.http.get('/predictions?limit=100').expect(200)).body.predictions.map(
        (p: { id: number }) => p.id,
      ) as number[];
    await waitFor('the retention task', async () => !(await ids()).includes(aged as number));
    expect((await ids()).sort((a, b) => a - b)).toEqual(kept);
  });
});
