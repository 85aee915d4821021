import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { createTestDatabase } from './support/postgres';
import type { TestDatabase } from './support/postgres';
import { SHARED_REDIS_URL } from './support/redis';

/** Its own Redis database, so its cache entries never meet other tests' key checks. */
const REDIS_URL = SHARED_REDIS_URL.replace(/\/\d*$/, '/1');

const parentOf = (spans: ReadableSpan[], span: ReadableSpan) =>
  spans.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId)?.name;

describe('the sample service measures its real work with the decorators', () => {
  let kit: ObservabilityTestKit;
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    db = await createTestDatabase();
    t = await startApp({ DATABASE_URL: db.url, REDIS_URL });
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await kit.stop();
  });

  it('one prediction: controller, handler, service, cache, inference, store and event spans in one tree', async () => {
    await t.http.post('/predict').send(uniqueFlower()).expect(200);
    const spans = await kit.spans();
    const byName = (name: string) => spans.find((s) => s.name === name) as ReadableSpan;
    expect(spans.map((s) => s.name).sort()).toEqual([
      'PredictionService.predict',
      'PredictionService.predictMany',
      'PredictionStore.saveAll',
      'RedisPredictionCache.getMany',
      'RedisPredictionCache.setMany',
      'controller PredictionController.predict',
      'handler PredictionController.predict',
      'model.inference',
      'process prediction.stored',
    ]);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(parentOf(spans, byName('handler PredictionController.predict'))).toBe(
      'controller PredictionController.predict',
    );
    expect(parentOf(spans, byName('PredictionService.predict'))).toBe(
      'handler PredictionController.predict',
    );
    expect(byName('controller PredictionController.predict').attributes).toMatchObject({
      'nestjs.type': 'request_context',
      'nestjs.controller': 'PredictionController',
      'nestjs.callback': 'predict',
      // As OpenTelemetry's nestjs-core instrumentation sets them.
      component: '@nestjs/core',
      'nestjs.version': expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(parentOf(spans, byName('PredictionService.predictMany'))).toBe(
      'PredictionService.predict',
    );
    for (const child of [
      'RedisPredictionCache.getMany',
      'model.inference',
      'PredictionStore.saveAll',
      'RedisPredictionCache.setMany',
      'process prediction.stored',
    ]) {
      expect(parentOf(spans, byName(child))).toBe('PredictionService.predictMany');
    }
    expect(byName('model.inference').attributes['model.version']).toBe('1.0.0');
  });

  it('inference, store and cache calls appear as metrics', async () => {
    await t.http
      .post('/predict/batch')
      .send({ rows: [uniqueFlower(), uniqueFlower(), uniqueFlower()] })
      .expect(200);
    const inference = await kit.histogram('model_prediction_duration_seconds', {
      model_version: '1.0.0',
      outcome: 'success',
    });
    expect(inference.count).toBe(3);
    expect(inference.sum).toBeGreaterThan(0);
    expect(
      await kit.counterValue('method_calls_total', {
        class: 'PredictionStore',
        method: 'saveAll',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      (
        await kit.histogram('method_duration_seconds', {
          class: 'RedisPredictionCache',
          method: 'getMany',
        })
      ).count,
    ).toBe(1);
    expect(
      await kit.counterValue('method_calls_total', {
        class: 'PredictionService',
        method: 'predictMany',
      }),
    ).toBe(1);
    const openMetrics = await kit.scrape('openmetrics');
    expect(openMetrics).toMatch(
      /model_prediction_duration_seconds_bucket\{.*model_version="1.0.0".*\} \d+ # \{trace_id="[0-9a-f]{32}"/,
    );
  });

  it('a store failure is an error outcome of saveAll with its type, and an ERROR span', async () => {
    await db.drop();
    await t.http.post('/predict').send(uniqueFlower()).expect(503);
    expect(
      await kit.counterValue('method_calls_total', {
        class: 'PredictionStore',
        method: 'saveAll',
        outcome: 'error',
        error_type: 'StoreUnavailableError',
      }),
    ).toBe(1);
    const span = await kit.span('PredictionStore.saveAll');
    expect(span.status.code).toBe(2);
  });
});
