import type { INestApplication } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Cron, Interval, ScheduleModule, SchedulerRegistry, Timeout } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { SpanStatusCode } from '@opentelemetry/api';
import { CronJob } from 'cron';
import {
  ObservabilityDefinitionError,
  ObservabilityModule,
  ScheduledTaskObserver,
  Traced,
} from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { waitFor } from './support/ports';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
class Work {
  @Traced()
  step(): string {
    return 'done';
  }
}

@Injectable()
class Tasks {
  runs = { fast: 0, flaky: 0, slow: 0, once: 0, tick: 0 };
  constructor(private readonly work: Work) {}

  @Interval('fast', 40)
  fast(): void {
    this.runs.fast++;
    this.work.step();
  }

  @Interval(60)
  flaky(): void {
    this.runs.flaky++;
    if (this.runs.flaky % 2 === 0) throw new Error('every other run fails');
  }

  @Interval('slow', 30)
  async slow(): Promise<void> {
    this.runs.slow++;
    await sleep(100);
  }

  @Timeout('once', 10)
  once(): void {
    this.runs.once++;
  }

  @Cron('* * * * * *', { name: 'every-second' })
  tick(): void {
    this.runs.tick++;
  }
}

/** Tasks whose schedule is known at run time only, added through `SchedulerRegistry`. */
@Injectable()
class RuntimeTasks implements OnApplicationBootstrap {
  runs = { cron: 0, slow: 0 };
  constructor(
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(ScheduledTaskObserver) private readonly tasks: ScheduledTaskObserver,
    @Inject(Work) private readonly work: Work,
  ) {}

  onApplicationBootstrap(): void {
    const cronTime = '* * * * * *';
    const tick = this.tasks.observe('runtime-cron', { cron: cronTime }, () => {
      this.runs.cron++;
      this.work.step();
    });
    this.registry.addCronJob('runtime-cron', CronJob.from({ cronTime, onTick: tick, start: true }));
    const slow = this.tasks.observe('runtime-slow', { intervalMs: 30 }, async () => {
      this.runs.slow++;
      await sleep(100);
    });
    this.registry.addInterval(
      'runtime-slow',
      setInterval(() => void slow(), 30),
    );
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'tasks-e2e' }), ScheduleModule.forRoot()],
  providers: [Tasks, Work, RuntimeTasks],
})
class TasksModule {}

describe('@nestjs/schedule tasks observed like requests', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  let tasks: Tasks;

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    const moduleRef = await Test.createTestingModule({ imports: [TasksModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    tasks = app.get(Tasks);
  });

  afterAll(async () => {
    await app?.close();
    await kit?.stop();
  });

  it('every run gets a root span of its own, and the decorators nest under it', async () => {
    await waitFor('two fast runs', async () => tasks.runs.fast >= 2);
    const spans = await kit.spans();
    const runs = spans.filter((s) => s.name === 'scheduled fast');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]?.parentSpanContext).toBeUndefined();
    expect(runs[0]?.spanContext().traceId).not.toBe(runs[1]?.spanContext().traceId);
    expect(runs[0]?.attributes).toMatchObject({
      'nestjs.schedule.task': 'fast',
      'nestjs.schedule.type': 'interval',
      'code.function.name': 'Tasks.fast',
    });
    const step = spans.find(
      (s) =>
        s.name === 'Work.step' && s.parentSpanContext?.spanId === runs[0]?.spanContext().spanId,
    );
    expect(step).toBeDefined();
  });

  it('duration by outcome, last success, period; a failing run is an error and the schedule goes on', async () => {
    await waitFor('a failed flaky run', async () => tasks.runs.flaky >= 3);
    const failed = await kit.histogram('scheduled_task_duration_seconds', {
      task: 'Tasks.flaky',
      outcome: 'error',
    });
    const ok = await kit.histogram('scheduled_task_duration_seconds', {
      task: 'Tasks.flaky',
      outcome: 'success',
    });
    expect(failed.count).toBeGreaterThanOrEqual(1);
    expect(ok.count).toBeGreaterThanOrEqual(1);
    const errorSpan = (await kit.spans()).find(
      (s) => s.name === 'scheduled Tasks.flaky' && s.status.code === SpanStatusCode.ERROR,
    );
    expect(errorSpan?.attributes['error.type']).toBe('Error');
    const last = await kit.counterValue('scheduled_task_last_success_timestamp_seconds', {
      task: 'fast',
    });
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(5);
    expect(await kit.counterValue('scheduled_task_period_seconds', { task: 'fast' })).toBe(0.04);
    expect(await kit.counterValue('scheduled_task_period_seconds', { task: 'every-second' })).toBe(
      1,
    );
  });

  it('a timeout runs once; a run that starts while the previous one is going is an overlap', async () => {
    await waitFor(
      'the timeout and slow runs',
      async () => tasks.runs.once === 1 && tasks.runs.slow >= 4,
    );
    expect(
      (await kit.histogram('scheduled_task_duration_seconds', { task: 'once', outcome: 'success' }))
        .count,
    ).toBe(1);
    expect(
      await kit.counterValue('scheduled_task_overlapping_runs_total', { task: 'slow' }),
    ).toBeGreaterThan(0);
    expect(await kit.counterValue('scheduled_task_overlapping_runs_total', { task: 'fast' })).toBe(
      0,
    );
  });

  it('a run held back by a blocked event loop is counted as a late start', async () => {
    await waitFor('a cron tick', async () => tasks.runs.tick >= 1, 5000);
    const before = await kit.counterValue('scheduled_task_late_starts_total', { task: 'fast' });
    const blockedUntil = Date.now() + 1500;
    while (Date.now() < blockedUntil) {
      // the event loop is blocked: every timer fires late
    }
    const runs = tasks.runs.fast;
    await waitFor('the next fast run', async () => tasks.runs.fast > runs);
    expect(
      await kit.counterValue('scheduled_task_late_starts_total', { task: 'fast' }),
    ).toBeGreaterThan(before);
  });

  it('a task added at run time through SchedulerRegistry, wrapped by ScheduledTaskObserver, is observed like a decorated one', async () => {
    const runtime = app.get(RuntimeTasks);
    await waitFor('a run-time cron tick and slow runs', async () => {
      return runtime.runs.cron >= 1 && runtime.runs.slow >= 4;
    });
    const spans = await kit.spans();
    const run = spans.find((s) => s.name === 'scheduled runtime-cron');
    expect(run?.parentSpanContext).toBeUndefined();
    expect(run?.attributes).toMatchObject({
      'nestjs.schedule.task': 'runtime-cron',
      'nestjs.schedule.type': 'cron',
    });
    expect(
      spans.some(
        (s) => s.name === 'Work.step' && s.parentSpanContext?.spanId === run?.spanContext().spanId,
      ),
    ).toBe(true);
    expect(
      (
        await kit.histogram('scheduled_task_duration_seconds', {
          task: 'runtime-cron',
          outcome: 'success',
        })
      ).count,
    ).toBeGreaterThanOrEqual(1);
    const last = await kit.counterValue('scheduled_task_last_success_timestamp_seconds', {
      task: 'runtime-cron',
    });
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(5);
    expect(await kit.counterValue('scheduled_task_period_seconds', { task: 'runtime-cron' })).toBe(
      1,
    );
    expect(await kit.counterValue('scheduled_task_period_seconds', { task: 'runtime-slow' })).toBe(
      0.03,
    );
    expect(
      await kit.counterValue('scheduled_task_overlapping_runs_total', { task: 'runtime-slow' }),
    ).toBeGreaterThan(0);
  });

  it('observing a task without a name or with a bad delay is a definition error naming the fix', () => {
    const observer = app.get(ScheduledTaskObserver);
    expect(() => observer.observe('', { intervalMs: 10 }, () => undefined)).toThrow(
      ObservabilityDefinitionError,
    );
    expect(() => observer.observe(' ', { intervalMs: 10 }, () => undefined)).toThrow(
      /a task needs a name.*Fix: pass the name/,
    );
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => observer.observe('t', { timeoutMs: ms }, () => undefined)).toThrow(
        /is not a number of milliseconds\. Fix:/,
      );
    }
  });
});
