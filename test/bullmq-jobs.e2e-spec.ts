import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Injectable, Module } from '@nestjs/common';
import { BullModule, InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Job } from 'bullmq';
import { Queue, Worker } from 'bullmq';
import { bullMqTelemetry, ObservabilityModule, Traced } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { waitFor } from './support/ports';
import { REDIS_HOST, REDIS_PORT } from './support/raw-transports';

const RUN = randomUUID().slice(0, 8);
const SCORING = `scoring-${RUN}`;
const FLAKY = `flaky-${RUN}`;
const connection = { host: REDIS_HOST, port: REDIS_PORT };

@Injectable()
class Scorer {
  @Traced()
  score(rows: number[]): number {
    return rows.reduce((a, b) => a + b, 0);
  }
}

@Processor(SCORING)
class ScoringProcessor extends WorkerHost {
  static readonly seen: unknown[] = [];
  constructor(private readonly scorer: Scorer) {
    super();
  }

  async process(job: Job<{ rows: number[] }>): Promise<number> {
    ScoringProcessor.seen.push(job.data);
    return this.scorer.score(job.data.rows);
  }
}

@Injectable()
class Producer {
  constructor(@InjectQueue(SCORING) readonly queue: Queue) {}
}

@Module({
  imports: [
    ObservabilityModule.forRoot({ serviceName: 'jobs-e2e' }),
    BullModule.forRoot({ connection, telemetry: bullMqTelemetry() }),
    BullModule.registerQueue({ name: SCORING }),
  ],
  providers: [Scorer, ScoringProcessor, Producer],
})
class JobsModule {}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('BullMQ jobs through bullMqTelemetry() (real Redis)', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  let flakyQueue: Queue;
  let flakyWorker: Worker;
  const failuresLeft = new Map<string, number>();

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    const moduleRef = await Test.createTestingModule({ imports: [JobsModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    flakyQueue = new Queue(FLAKY, { connection, telemetry: bullMqTelemetry() });
    flakyWorker = new Worker(
      FLAKY,
      async (job: Job<{ fail: number }>) => {
        const left = failuresLeft.get(job.id as string) ?? job.data.fail;
        failuresLeft.set(job.id as string, left - 1);
        if (left > 0) {
          throw new Error(`attempt ${job.attemptsMade + 1} fails for password=hunter2`);
        }
        return 'ok';
      },
      { connection, telemetry: bullMqTelemetry() },
    );
  }, 30_000);

  afterEach(() => kit.reset());

  afterAll(async () => {
    await flakyWorker?.close();
    await flakyQueue?.obliterate({ force: true }).catch(() => undefined);
    await flakyQueue?.close();
    await app
      ?.get(Producer)
      .queue.obliterate({ force: true })
      .catch(() => undefined);
    await app?.close();
    await kit?.stop();
  });

  const spansNamed = async (name: string, count = 1): Promise<ReadableSpan[]> => {
    await waitFor(`${count} span(s) ${name}`, async () => {
      return (await kit.spans()).filter((s) => s.name === name).length >= count;
    });
    return (await kit.spans()).filter((s) => s.name === name);
  };

  it('PRODUCER span on add, CONSUMER span per attempt in the same trace, data untouched, decorators under it', async () => {
    const queue = app.get(Producer).queue;
    const data = { rows: [1, 2, 3] };
    await trace.getTracer('test').startActiveSpan('request', async (span) => {
      await queue.add('score', data);
      span.end();
    });
    const [consumer] = await spansNamed(`process ${SCORING}`);
    const spans = await kit.spans();
    const request = spans.find((s) => s.name === 'request') as ReadableSpan;
    const producer = spans.find((s) => s.kind === SpanKind.PRODUCER);
    expect(producer?.name).toBe(`add ${SCORING}.score`);
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(producer?.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': SCORING,
      'messaging.operation.type': 'send',
    });
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumer?.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': SCORING,
      'messaging.operation.type': 'process',
      'bullmq.job.outcome': 'completed',
    });
    expect(consumer?.attributes['bullmq.job.result']).toBeUndefined();
    expect(ScoringProcessor.seen).toContainEqual(data);
    expect(Object.keys(ScoringProcessor.seen.at(-1) as object)).toEqual(['rows']);
    const scored = spans.find((s) => s.name === 'Scorer.score');
    expect(scored?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);

    const labels = { messaging_system: 'bullmq', messaging_destination_name: SCORING };
    expect(await kit.counterValue('messaging_client_sent_messages_total', labels)).toBe(1);
    await waitFor('the job metrics', async () => {
      const done = await kit.histogram('messaging_process_duration_seconds', {
        ...labels,
        outcome: 'completed',
      });
      return done.count === 1;
    });
    const wait = await kit.histogram('messaging_queue_wait_seconds', labels);
    expect(wait.count).toBe(1);
    expect(wait.sum).toBeGreaterThanOrEqual(0);
    expect(wait.sum).toBeLessThan(10);
  });

  it('a job that fails twice then succeeds: three attempts in one trace, two retried and one completed', async () => {
    const job = await trace.getTracer('test').startActiveSpan('request', async (span) => {
      const added = await flakyQueue.add('flaky', { fail: 2 }, { attempts: 3 });
      span.end();
      return added;
    });
    const attempts = await spansNamed(`process ${FLAKY}`, 3);
    const traceIds = new Set(attempts.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    expect(attempts.map((s) => s.attributes['bullmq.job.outcome'])).toEqual([
      'retried',
      'retried',
      'completed',
    ]);
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    // BullMQ gives the span the failure's reason, never the error: the convention's fallback type.
    expect(attempts.map((s) => s.attributes['error.type'])).toEqual([
      '_OTHER',
      '_OTHER',
      undefined,
    ]);
    const reason = attempts[0]?.events.find((e) => e.name === 'job failed')?.attributes?.[
      'bullmq.job.failed.reason'
    ] as string;
    expect(reason).toContain('attempt 1 fails for password=');
    expect(reason).not.toContain('hunter2');
    expect(attempts.map((s) => s.attributes['messaging.message.id'])).toEqual([
      job.id,
      job.id,
      job.id,
    ]);
    const labels = { messaging_system: 'bullmq', messaging_destination_name: FLAKY };
    await waitFor('the attempts counted', async () => {
      const done = await kit.histogram('messaging_process_duration_seconds', {
        ...labels,
        outcome: 'completed',
      });
      return done.count === 1;
    });
    expect(
      (await kit.histogram('messaging_process_duration_seconds', { ...labels, outcome: 'retried' }))
        .count,
    ).toBe(2);
    expect((await kit.histogram('messaging_queue_wait_seconds', labels)).count).toBe(3);
  });

  it('a job that never succeeds ends failed after its attempts', async () => {
    await flakyQueue.add('doomed', { fail: 99 }, { attempts: 2 });
    const attempts = await spansNamed(`process ${FLAKY}`, 2);
    expect(attempts.map((s) => s.attributes['bullmq.job.outcome'])).toEqual(['retried', 'failed']);
    const labels = { messaging_system: 'bullmq', messaging_destination_name: FLAKY };
    await waitFor('the failure counted', async () => {
      const failed = await kit.histogram('messaging_process_duration_seconds', {
        ...labels,
        outcome: 'failed',
      });
      return failed.count === 1;
    });
  });

  it('a job from a foreign producer: well-formed context continued, malformed or oversized ignored', async () => {
    const foreign = new Queue(FLAKY, { connection });
    try {
      const traceId = hex(16);
      const parentId = hex(8);
      const metadata = [
        JSON.stringify({ traceparent: `00-${traceId}-${parentId}-01`, t: Date.now() }),
        '{"traceparent": not json',
        JSON.stringify({ traceparent: `00-${traceId}-${parentId}-01`, pad: 'x'.repeat(9000) }),
        JSON.stringify({ traceparent: ['00'], t: 'yesterday' }),
      ];
      for (const m of metadata) {
        await foreign.add('foreign', { fail: 0 }, { telemetry: { metadata: m } });
      }
      const attempts = await spansNamed(`process ${FLAKY}`, 4);
      const continued = attempts.filter((s) => s.spanContext().traceId === traceId);
      expect(continued).toHaveLength(1);
      expect(continued[0]?.parentSpanContext?.spanId).toBe(parentId);
      for (const s of attempts.filter((a) => a.spanContext().traceId !== traceId)) {
        expect(s.parentSpanContext).toBeUndefined();
      }
      expect(attempts.every((s) => s.attributes['bullmq.job.outcome'] === 'completed')).toBe(true);
    } finally {
      await foreign.close();
    }
  });

  it('a job whose lock lapses while it is processed (a blocked or dead worker) is counted stalled, and completes on its next pick', async () => {
    const queueName = `stalled-${RUN}`;
    const queue = new Queue(queueName, { connection, telemetry: bullMqTelemetry() });
    let calls = 0;
    // The first pick never settles and its lock is not renewed, as with a worker that died
    // holding the job; the stalled check moves it back to wait and the next pick completes it.
    const worker = new Worker(
      queueName,
      () => (++calls === 1 ? new Promise(() => undefined) : Promise.resolve('done')),
      {
        connection,
        telemetry: bullMqTelemetry(),
        concurrency: 2,
        lockDuration: 500,
        stalledInterval: 300,
        skipLockRenewal: true,
      },
    );
    try {
      await queue.add('slow', { n: 1 });
      const labels = { messaging_system: 'bullmq', messaging_destination_name: queueName };
      await waitFor(
        'the stalled job counted',
        async () => (await kit.counterValue('messaging_process_stalled_total', labels)) >= 1,
        15_000,
      );
      await waitFor('the job completed on its next pick', async () => {
        const done = await kit.histogram('messaging_process_duration_seconds', {
          ...labels,
          outcome: 'completed',
        });
        return done.count === 1;
      });
    } finally {
      await worker.close(true);
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  }, 30_000);
});
