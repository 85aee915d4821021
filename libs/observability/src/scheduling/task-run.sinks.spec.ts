import { ObservabilityTestKit } from '../testing/observability-test-kit';
import { instrumentFunction } from '../instrument/instrument';
import type { TaskMetrics } from './task-metrics';
import { taskMetrics } from './task-metrics';
import { ScheduledTask, TASK_METRICS, taskRunPlan } from './task-run.sinks';
import { intervalSchedule } from './task-schedule';

const OVERLAPS = 'scheduled_task_overlapping_runs_total';

describe('a scheduled task’s runs, as operations', () => {
  let kit: ObservabilityTestKit;
  let metrics: TaskMetrics;
  beforeAll(() => {
    kit = ObservabilityTestKit.start();
    metrics = taskMetrics('', 100);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    TASK_METRICS.release(metrics);
    kit.reset();
  });
  afterAll(() => kit.stop());

  it('a metric failing as a run starts leaves the runs in flight balanced: later overlaps still count', async () => {
    TASK_METRICS.install(metrics);
    const task = new ScheduledTask('refresh', 'Jobs.refresh', intervalSchedule(60_000));
    const site = { className: 'Jobs', methodName: 'refresh', qualifiedName: 'Jobs.refresh' };
    const releases: (() => void)[] = [];
    const run = instrumentFunction(
      () => new Promise<void>((resolve) => releases.push(resolve)),
      taskRunPlan(task, site),
    ) as () => Promise<void>;
    const overlapsOf = () => kit.counterValue(OVERLAPS, { task: 'refresh' });

    const broken = jest.spyOn(metrics.overlaps, 'resolve').mockImplementationOnce(() => {
      throw new Error('registry broken');
    });
    const first = run();
    const second = run(); // overlaps the first: its count fails
    expect(broken).toHaveBeenCalledTimes(1);
    expect(task.inFlight).toBe(2);
    for (const release of releases.splice(0)) release();
    await Promise.all([first, second]);
    expect(task.inFlight).toBe(0);

    const third = run();
    const fourth = run(); // overlaps the third: counted
    expect(await overlapsOf()).toBe(1);
    for (const release of releases.splice(0)) release();
    await Promise.all([third, fourth]);
    expect(task.inFlight).toBe(0);
    expect((await kit.spans()).filter((s) => s.name === 'scheduled refresh')).toHaveLength(4);
  });

  it('a run that started measured ends measured though the metrics were released meanwhile', async () => {
    TASK_METRICS.install(metrics);
    const task = new ScheduledTask('sweep', 'Jobs.sweep', intervalSchedule(60_000));
    const site = { className: 'Jobs', methodName: 'sweep', qualifiedName: 'Jobs.sweep' };
    let release: () => void = () => undefined;
    const run = instrumentFunction(
      () => new Promise<void>((resolve) => (release = resolve)),
      taskRunPlan(task, site),
    ) as () => Promise<void>;
    const running = run();
    expect(task.inFlight).toBe(1);
    TASK_METRICS.release(metrics); // the application stops while the run is in flight
    release();
    await running;
    expect(task.inFlight).toBe(0);
  });
});
