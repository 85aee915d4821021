import type { OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { ensureContextManager } from '../context/operation-context';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import { instrumentFunction } from '../instrument/instrument';
import { MESSAGES } from '../messages/messages';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { cronTimeClass } from './scheduled-tasks';
import type { TaskMetrics } from './task-metrics';
import { taskMetrics } from './task-metrics';
import { ScheduledTask, TASK_METRICS, taskRunPlan } from './task-run.sinks';
import type { TaskSchedule } from './task-schedule';
import { cronSchedule, intervalSchedule, timeoutSchedule } from './task-schedule';

const MAX_NAME_LENGTH = 128;

/**
 * When a task added at run time runs: a cron expression (a seconds field allowed, as
 * `@nestjs/schedule` takes it), or the milliseconds of an interval or of a timeout.
 *
 * @publicApi
 */
export type ObservedTaskSchedule =
  | { readonly cron: string; readonly timeZone?: string; readonly utcOffset?: number }
  | { readonly intervalMs: number }
  | { readonly timeoutMs: number };

function scheduleOf(name: string, schedule: ObservedTaskSchedule): TaskSchedule {
  if ('cron' in schedule) {
    return cronSchedule(cronTimeClass(), schedule.cron, schedule.timeZone, schedule.utcOffset);
  }
  const ms = 'intervalMs' in schedule ? schedule.intervalMs : schedule.timeoutMs;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new ObservabilityDefinitionError(
      'OBS_ERR_INVALID_DECORATOR',
      MESSAGES.invalidTaskPeriod(name, ms),
    );
  }
  return 'intervalMs' in schedule ? intervalSchedule(ms) : timeoutSchedule();
}

/**
 * Observes the tasks an application adds at run time through `@nestjs/schedule`'s
 * `SchedulerRegistry` (`addCronJob`, `addInterval`, `addTimeout`), whose schedule comes from
 * configuration, exactly like decorated `@Cron`, `@Interval` and `@Timeout` methods: each run in
 * a root span of its own (`scheduled <task>`) with a `run_id` in its log lines,
 * `scheduled_task_duration_seconds{task,outcome}`,
 * `scheduled_task_last_success_timestamp_seconds{task}`, `scheduled_task_period_seconds{task}`,
 * and the runs that overlapped the previous one or started late. The SDK cannot see such a task
 * on its own: wrap its callback with `observe` and schedule the function it returns. Injectable
 * anywhere (the module is global).
 *
 * @publicApi
 * @example
 * const tick = this.tasks.observe('retention', { cron: schedule }, () => this.deleteOld());
 * this.registry.addCronJob('retention', CronJob.from({ cronTime: schedule, onTick: tick, start: true }));
 */
@Injectable()
export class ScheduledTaskObserver implements OnModuleDestroy {
  private installed: TaskMetrics | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  /**
   * `run`, observed as the runs of task `name` scheduled by `schedule`: call it now, and schedule
   * the function returned. It returns what `run` returns (a promise's run ends when it settles)
   * and throws what `run` throws.
   *
   * @param name the task's name, its `task` label: a code identifier (at most 128 characters kept)
   * @param schedule the schedule the task is added with, for its period and its late starts
   * @param run the task's work
   * @throws ObservabilityDefinitionError when the name is empty or a delay is not a positive number
   */
  observe<A extends unknown[], R>(
    name: string,
    schedule: ObservedTaskSchedule,
    run: (...args: A) => R,
  ): (...args: A) => R {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_INVALID_DECORATOR',
        MESSAGES.invalidTaskName(name),
      );
    }
    const task = new ScheduledTask(
      name.slice(0, MAX_NAME_LENGTH),
      name.slice(0, MAX_NAME_LENGTH),
      scheduleOf(name, schedule),
    );
    const plan = taskRunPlan(task, {
      className: 'SchedulerRegistry',
      methodName: task.name,
      qualifiedName: task.qualifiedName,
    });
    const metrics = this.metrics();
    const period = task.schedule.periodSeconds;
    if (period !== undefined) metrics.period.resolve([task.name]).set(period);
    task.armed(Date.now());
    return instrumentFunction(run as (...args: unknown[]) => unknown, plan) as (...args: A) => R;
  }

  /** The application closes: runs from then on record no metrics of this application's. */
  onModuleDestroy(): void {
    TASK_METRICS.release(this.installed);
  }

  /** The task metrics in place, installed now when no decorated task installed them. */
  private metrics(): TaskMetrics {
    ensureContextManager();
    const inUse = TASK_METRICS.current;
    if (inUse !== undefined) return inUse;
    const { prefix, maxSeries } = this.options.metrics;
    this.installed = taskMetrics(prefix, maxSeries);
    TASK_METRICS.install(this.installed);
    return this.installed;
  }
}
