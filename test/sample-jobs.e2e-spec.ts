import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { FLOWERS, startApp } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';
import { PrivateRedis } from './support/redis';

describe('the sample service without REDIS_URL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t?.close());

  it('answers 503 for the job routes, naming the variable', async () => {
    const post = await t.http.post('/predict/jobs').send({ rows: [FLOWERS.setosa] });
    expect(post.status).toBe(503);
    expect(post.body.message).toContain('REDIS_URL');
    expect((await t.http.get('/predict/jobs/1')).status).toBe(503);
  });
});

describe('batch-scoring jobs of the sample service (BullMQ on a private Redis)', () => {
  let kit: ObservabilityTestKit;
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    redis = await PrivateRedis.start();
    t = await startApp({ REDIS_URL: redis.url });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await redis?.kill();
    await kit?.stop();
  });

  async function finished(jobId: string): Promise<Record<string, unknown>> {
    let body: Record<string, unknown> = {};
    await waitFor(`job ${jobId}`, async () => {
      const answer = await t.http.get(`/predict/jobs/${jobId}`);
      body = answer.body as Record<string, unknown>;
      return body.state === 'completed' || body.state === 'failed';
    });
    return body;
  }

  it('202 with a job id; the worker scores and stores the rows; the results once completed', async () => {
    const post = await t.http
      .post('/predict/jobs')
      .send({ rows: [FLOWERS.setosa, FLOWERS.virginica] });
    expect(post.status).toBe(202);
    expect(post.body).toEqual({ jobId: expect.stringMatching(/^\d+$/) });
    const done = await finished(post.body.jobId as string);
    expect(done.state).toBe('completed');
    const results = done.results as { prediction: string; id: number }[];
    expect(results.map((r) => r.prediction)).toEqual(['setosa', 'virginica']);
    const stored = await t.http.get('/predictions?limit=5');
    const ids = (stored.body.predictions as { id: number }[]).map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(results.map((r) => r.id)));
  });

  it('one trace from the request handler through the queue to the worker, with the job metrics', async () => {
    kit.reset();
    const post = await t.http.post('/predict/jobs').send({ rows: [FLOWERS.versicolor] });
    await finished(post.body.jobId as string);
    await waitFor('the worker’s span', async () =>
      (await kit.spans()).some((s) => s.name === 'process prediction-scoring'),
    );
    const spans = await kit.spans();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const producer = spans.find((s) => s.kind === SpanKind.PRODUCER) as ReadableSpan;
    const consumer = spans.find((s) => s.name === 'process prediction-scoring') as ReadableSpan;
    expect(byId.get(producer.parentSpanContext?.spanId ?? '')?.name).toBe(
      'handler ScoringJobsController.enqueue',
    );
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer.attributes['messaging.message.id']).toBe(post.body.jobId);
    const labels = { messaging_system: 'bullmq', messaging_destination_name: 'prediction-scoring' };
    expect((await kit.histogram('messaging_queue_wait_seconds', labels)).count).toBe(1);
    expect(
      (
        await kit.histogram('messaging_process_duration_seconds', {
          ...labels,
          outcome: 'completed',
        })
      ).count,
    ).toBe(1);
  });

  it('refuses bad rows with a 400 field by field, queueing nothing; unknown jobs are 404', async () => {
    const bad = await t.http
      .post('/predict/jobs')
      .send({ rows: [{ ...FLOWERS.setosa, petalWidth: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('rows[0].petalWidth');
    expect((await t.http.get('/predict/jobs/999999')).status).toBe(404);
    expect((await t.http.get('/predict/jobs/not-a-job')).status).toBe(404);
  });

  it('Redis going away: HTTP predictions go on; once it is back, queued jobs are processed again', async () => {
    await redis.kill();
    expect((await t.http.post('/predict').send(FLOWERS.setosa)).status).toBe(200);
    expect((await t.http.get('/health')).status).toBe(200);
    const during = await t.http
      .post('/predict/jobs')
      .send({ rows: [FLOWERS.setosa] })
      .timeout(5000);
    expect(during.status).toBe(503);
    expect(during.body.message).toContain('nothing was queued');
    await redis.restart();
    let jobId = '';
    await waitFor(
      'a job accepted again',
      async () => {
        const post = await t.http.post('/predict/jobs').send({ rows: [FLOWERS.virginica] });
        jobId = post.body.jobId as string;
        return post.status === 202;
      },
      20_000,
    );
    expect((await finished(jobId)).state).toBe('completed');
  }, 60_000);
});
