/** How a task is scheduled, read from `@nestjs/schedule`'s metadata. @internal */
export type TaskType = 'cron' | 'interval' | 'timeout';

/** When a task's runs are due: the next one from a given moment, and their period. @internal */
export interface TaskSchedule {
  readonly type: TaskType;
  /** Seconds between two runs, when the task repeats. */
  readonly periodSeconds: number | undefined;
  /** When the run after `fromMs` is due (epoch ms), when that can be known. */
  nextDue(fromMs: number): number | undefined;
}

/** `cron`'s `CronTime`, as `@nestjs/schedule` uses it (its own dependency). @internal */
export type CronTimeClass = new (
  source: string | Date,
  timeZone?: string,
  utcOffset?: number,
) => { getNextDateFrom(start: Date): { toMillis(): number } };

/**
 * The schedule of an `@Interval(ms)` task: due every `ms` after the previous run's start.
 *
 * @internal
 */
export function intervalSchedule(ms: number): TaskSchedule {
  return { type: 'interval', periodSeconds: ms / 1000, nextDue: (fromMs) => fromMs + ms };
}

/**
 * The schedule of an `@Cron(expression)` task, computed by the same `cron` library
 * `@nestjs/schedule` runs it with; a fixed date (`@Cron(new Date(...))`) runs once.
 *
 * @internal
 */
export function cronSchedule(
  CronTime: CronTimeClass,
  cronTime: string | Date,
  timeZone?: string,
  utcOffset?: number,
): TaskSchedule {
  const time = new CronTime(cronTime, timeZone, utcOffset);
  const nextDue = (fromMs: number) => time.getNextDateFrom(new Date(fromMs)).toMillis();
  let periodSeconds: number | undefined;
  if (typeof cronTime === 'string') {
    const first = nextDue(Date.now());
    periodSeconds = (nextDue(first) - first) / 1000;
  }
  return { type: 'cron', periodSeconds, nextDue };
}

/** The schedule of a `@Timeout(ms)` task: one run, due `ms` after the application started. @internal */
export function timeoutSchedule(): TaskSchedule {
  return { type: 'timeout', periodSeconds: undefined, nextDue: () => undefined };
}
