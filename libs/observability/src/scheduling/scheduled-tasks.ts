import { createRequire } from 'node:module';
import type { OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ensureContextManager } from '../context/operation-context';
import { instrumentFunction } from '../instrument/instrument';
import { OPTIONAL_FEATURES } from '../messages/messages';
import { decoratedMethods } from '../nest/decorated-methods';
import type { DecoratedMethod } from '../nest/decorated-methods';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { resolveOptionalPackage } from '../support/optional-package';
import { taskMetrics } from './task-metrics';
import type { CronTimeClass, TaskSchedule } from './task-schedule';
import { cronSchedule, intervalSchedule, timeoutSchedule } from './task-schedule';
import { ScheduledTask, TASK_METRICS, taskRunPlan } from './task-run.sinks';

/** `@nestjs/schedule`'s metadata keys and its `SchedulerType` values. */
const SCHEDULER_TYPE = 'SCHEDULER_TYPE';
const SCHEDULER_NAME = 'SCHEDULER_NAME';
const CRON_OPTIONS = 'SCHEDULE_CRON_OPTIONS';
const INTERVAL_OPTIONS = 'SCHEDULE_INTERVAL_OPTIONS';
const CRON = 1;
const INTERVAL = 3;
const MAX_NAME_LENGTH = 128;

/** The task behind each wrapper this process made, so a second application reuses it. */
const TASKS = new WeakMap<object, ScheduledTask>();

interface CronOptions {
  readonly cronTime?: string | Date;
  readonly name?: string;
  readonly timeZone?: string;
  readonly utcOffset?: number;
}

/** `cron`'s `CronTime`, loaded from `@nestjs/schedule`'s own dependencies. @internal */
export function cronTimeClass(): CronTimeClass {
  // `cron` is @nestjs/schedule's own dependency: the library it runs the jobs with.
  const schedule = resolveOptionalPackage('@nestjs/schedule', OPTIONAL_FEATURES.schedule);
  return (createRequire(schedule)('cron') as { CronTime: CronTimeClass }).CronTime;
}

function describeTask(found: DecoratedMethod): { name: string; schedule: TaskSchedule } {
  const { method, className, methodName, metadata } = found;
  const fallback = `${className}.${methodName}`;
  if (metadata === CRON) {
    const options = (Reflect.getMetadata(CRON_OPTIONS, method) ?? {}) as CronOptions;
    const name = typeof options.name === 'string' && options.name !== '' ? options.name : fallback;
    const schedule =
      options.cronTime === undefined
        ? timeoutSchedule()
        : cronSchedule(cronTimeClass(), options.cronTime, options.timeZone, options.utcOffset);
    return { name: name.slice(0, MAX_NAME_LENGTH), schedule };
  }
  const given: unknown = Reflect.getMetadata(SCHEDULER_NAME, method);
  const name = typeof given === 'string' && given !== '' ? given : fallback;
  if (metadata === INTERVAL) {
    const { timeout } = (Reflect.getMetadata(INTERVAL_OPTIONS, method) ?? {}) as {
      timeout?: number;
    };
    if (typeof timeout === 'number') {
      return { name: name.slice(0, MAX_NAME_LENGTH), schedule: intervalSchedule(timeout) };
    }
  }
  return { name: name.slice(0, MAX_NAME_LENGTH), schedule: timeoutSchedule() };
}

/**
 * Observes every `@Cron`, `@Interval` and `@Timeout` method of the application's providers:
 * each run in a root span of its own (`scheduled <task>`) with a `run_id` in its log lines,
 * `scheduled_task_duration_seconds{task,outcome}`,
 * `scheduled_task_last_success_timestamp_seconds{task}`, `scheduled_task_period_seconds{task}`,
 * and the runs that overlapped the previous one or started late. The methods are wrapped on their
 * classes here, in the constructor, because `@nestjs/schedule` reads them in its `onModuleInit`;
 * the wrapper keeps their name and metadata, and `@Traced` spans inside nest under the run's.
 * An application without `@nestjs/schedule` loads nothing.
 *
 * @internal
 */
@Injectable()
export class ScheduledTasks implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly tasks: ScheduledTask[] = [];
  private installed: ReturnType<typeof taskMetrics> | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(DiscoveryService) discovery: DiscoveryService,
  ) {
    for (const found of decoratedMethods(discovery, SCHEDULER_TYPE)) {
      const { prototype, methodName, method, className } = found;
      const existing = TASKS.get(method);
      if (existing !== undefined) {
        this.tasks.push(existing);
        continue;
      }
      const { name, schedule } = describeTask(found);
      const task = new ScheduledTask(name, `${className}.${methodName}`, schedule);
      const plan = taskRunPlan(task, { className, methodName, qualifiedName: task.qualifiedName });
      const wrapper = instrumentFunction(method, plan);
      TASKS.set(wrapper, task);
      prototype[methodName] = wrapper;
      this.tasks.push(task);
    }
  }

  onModuleInit(): void {
    if (this.tasks.length === 0) return;
    ensureContextManager();
    const { prefix, maxSeries } = this.options.metrics;
    this.installed = taskMetrics(prefix, maxSeries);
    for (const task of this.tasks) {
      const period = task.schedule.periodSeconds;
      if (period !== undefined) this.installed.period.resolve([task.name]).set(period);
    }
    TASK_METRICS.install(this.installed);
  }

  onApplicationBootstrap(): void {
    const now = Date.now();
    for (const task of this.tasks) task.armed(now);
  }

  onModuleDestroy(): void {
    TASK_METRICS.release(this.installed);
  }
}
