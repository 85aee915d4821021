import { randomUUID } from 'node:crypto';
import { RECORD_STAGES, SPAN_STAGES } from '../instrument/operation';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ATTR_CODE_FUNCTION_NAME } from '@opentelemetry/semantic-conventions';
import { withOperationIds } from '../context/operation-context';
import type { CallRecord, CallSite } from '../instrument/call';
import { MethodInstrumentation } from '../instrument/method-instrumentation';
import type { OperationOutcome, OperationSink } from '../instrument/operation';
import { endOperationSpan, OperationProbe, SinkChain } from '../instrument/operation';
import { currentTracer } from '../instrument/tracer';
import { NESTJS_SCHEDULE_TASK, NESTJS_SCHEDULE_TYPE } from '../naming/semantic-attributes';
import type { TaskMetrics } from './task-metrics';
import type { TaskSchedule } from './task-schedule';
import { InstalledValue } from '../support/installed-value';

/** A run that starts this long after it was due is late. */
const LATE_AFTER_MS = 1000;

/** One scheduled task: its name, its schedule, and what its runs left behind. @internal */
export class ScheduledTask {
  /** Runs started and not yet ended. */
  inFlight = 0;
  /** When the next run is due (epoch ms), when known. */
  nextDueMs: number | undefined;

  constructor(
    readonly name: string,
    readonly qualifiedName: string,
    readonly schedule: TaskSchedule,
  ) {}

  /** The application has started: the first run is due one period from now. */
  armed(nowMs: number): void {
    this.nextDueMs = this.schedule.nextDue(nowMs);
  }
}

/** The metrics every task run records into (none: runs are not recorded). @internal */
export const TASK_METRICS = new InstalledValue<TaskMetrics>();

/**
 * A task run's span sink: a root span of its own (a tick continues no one's trace), named
 * `scheduled <task>`, with a `run_id` for every log line the run writes; status ERROR when the
 * run fails.
 *
 * @internal
 */
export class TaskSpanSink implements OperationSink<CallRecord> {
  readonly stages = SPAN_STAGES;

  constructor(private readonly task: ScheduledTask) {}

  start(call: CallRecord): void {
    if (TASK_METRICS.current === undefined) return;
    const parent = withOperationIds(ROOT_CONTEXT, { field: 'run_id', value: randomUUID() });
    const span = currentTracer().startSpan(
      `scheduled ${this.task.name}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [NESTJS_SCHEDULE_TASK]: this.task.name,
          [NESTJS_SCHEDULE_TYPE]: this.task.schedule.type,
          [ATTR_CODE_FUNCTION_NAME]: this.task.qualifiedName,
        },
      },
      parent,
    );
    call.span = span;
    call.context = trace.setSpan(parent, span);
  }

  end(call: CallRecord, { outcome, error }: OperationOutcome): void {
    if (call.span !== undefined) endOperationSpan(call.span, outcome, error);
  }
}

/**
 * A task run's metrics sink: its duration by outcome, the time of its last success, and whether it
 * overlapped the previous run or started late (more than a second after it was due).
 *
 * @internal
 */
export class TaskMetricsSink implements OperationSink<CallRecord> {
  readonly stages = RECORD_STAGES;
  private readonly measured = new WeakSet<CallRecord>();

  constructor(private readonly task: ScheduledTask) {}

  start(call: CallRecord): void {
    const current = TASK_METRICS.current;
    if (current === undefined) return;
    const task = this.task;
    const now = Date.now();
    // The run's bookkeeping first, so that a failing metric below cannot unbalance it.
    const overlaps = task.inFlight > 0;
    const late = task.nextDueMs !== undefined && now - task.nextDueMs > LATE_AFTER_MS;
    task.inFlight++;
    this.measured.add(call);
    task.nextDueMs = task.schedule.nextDue(now);
    const labels = [task.name];
    if (overlaps) current.overlaps.resolve(labels).inc();
    if (late) current.lateStarts.resolve(labels).inc();
  }

  end(call: CallRecord, { outcome, seconds }: OperationOutcome): void {
    const current = TASK_METRICS.current;
    // A run that started measured ends measured, even if the metrics went away meanwhile.
    if (!this.measured.delete(call)) return;
    this.task.inFlight--;
    if (current === undefined) return;
    const labels = [this.task.name];
    current.duration.resolve([this.task.name, outcome]).observe(seconds);
    if (outcome === 'success') current.lastSuccess.resolve(labels).set(Date.now() / 1000);
  }
}

/**
 * The plan of a task's runs (decorated, or added at run time): each run is an operation whose
 * span opens first and ends last, after its metrics.
 *
 * @internal
 */
export function taskRunPlan(task: ScheduledTask, site: CallSite): MethodInstrumentation {
  const plan = new MethodInstrumentation(site);
  const sinks = new SinkChain([new TaskSpanSink(task), new TaskMetricsSink(task)]);
  plan.add(new OperationProbe(sinks, task.qualifiedName));
  return plan;
}
