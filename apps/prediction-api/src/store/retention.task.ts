import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ScheduledTaskObserver } from 'nestjs-observability';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { PredictionStore } from './prediction-store';
import { STORE_MESSAGES } from './store.messages';

/** The retention task's name: its `task` label, and the target of its SLO (observability/slos.ts). */
export const RETENTION_TASK = 'prediction-retention';

/** Rows deleted per statement: small enough that a run never holds the store for long. */
const BATCH = 1_000;

/**
 * Deletes the predictions older than `PREDICTION_RETENTION_DAYS`, on the `RETENTION_SCHEDULE`
 * cron schedule, in batches of 1,000 (yielding to requests between batches), and logs how many
 * went, one line per run. The schedule is configuration, so the job is added at run time through
 * `SchedulerRegistry` rather than with `@Cron`, and observed through `ScheduledTaskObserver`:
 * each run gets its span, a `run_id` in its log lines and the task metrics, like a `@Cron` method.
 * A failed run (the database away) is logged, counted as an error and retried at the next tick.
 */
@Injectable()
export class RetentionTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionTask');
  private job: CronJob | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(PredictionStore) private readonly store: PredictionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(ScheduledTaskObserver) private readonly tasks: ScheduledTaskObserver,
  ) {}

  /** Schedules the task once the application has started. */
  onApplicationBootstrap(): void {
    const cronTime = this.config.retentionSchedule;
    const run = this.tasks.observe(RETENTION_TASK, { cron: cronTime }, () => this.run());
    this.job = CronJob.from({
      cronTime,
      onTick: async () => {
        this.running = run().finally(() => (this.running = undefined));
        await this.running;
      },
      // The run logged its failure already, in its own context (with its run_id).
      errorHandler: () => undefined,
      start: true,
    });
    this.registry.addCronJob(RETENTION_TASK, this.job);
  }

  /** Stops the schedule and waits for a run in progress (before the store closes). */
  async onApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    // @nestjs/schedule deletes every registered job at shutdown too, maybe before this hook.
    if (this.registry.doesExist('cron', RETENTION_TASK))
      this.registry.deleteCronJob(RETENTION_TASK);
    await this.running?.catch(() => undefined);
  }

  /** One run: deletes what is older than the retention; returns how many predictions went. */
  async run(): Promise<number> {
    const days = this.config.predictionRetentionDays;
    let deleted = 0;
    try {
      for (let n = BATCH; n === BATCH; deleted += n) {
        n = await this.store.deleteOlderThan(days, BATCH);
        await yieldToRequests();
      }
      if (deleted > 0) await this.store.maintain();
    } catch (error) {
      this.logger.warn(STORE_MESSAGES.retentionTaskFailed(error));
      throw error;
    }
    this.logger.log(STORE_MESSAGES.retentionTaskDeleted(deleted, days));
    return deleted;
  }
}
