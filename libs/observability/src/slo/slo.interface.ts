/**
 * A drift statistic of `DriftMonitor`: population stability index, Jensen-Shannon distance or
 * Kolmogorov-Smirnov statistic.
 *
 * @publicApi
 */
export type DriftMethod = 'psi' | 'js' | 'ks';

/**
 * What an SLO measures: the HTTP traffic of the whole service or of one route template, the
 * calls of one method measured by `@Timed` (its metric name, class and method), a model
 * (accuracy and drift SLOs: every served version, or one), one RPC method (a microservice
 * `@MessagePattern`), one queue or event (jobs, `@EventPattern`, `@OnEvent`), or one scheduled
 * task.
 *
 * - `rpc`: availability on `rpc_server_duration_seconds` (`outcome="error"` is bad), latency on
 *   its durations; `method` is the pattern as Nest routes it (`{"cmd":"sum"}`, `orders.get`).
 * - `queue`: availability on `messaging_process_duration_seconds` (`error` and `failed` are
 *   bad; `retried` attempts count neither way), latency on `messaging_queue_wait_seconds` (how
 *   long work waits before it starts); `destination` is the queue, pattern or event name.
 * - `task`: availability of the runs of `scheduled_task_duration_seconds` (`outcome="error"` is
 *   bad), latency on their durations; whatever its type, a task SLO also alerts when the task has
 *   not succeeded for twice its period (`ScheduledTaskStale`).
 *
 * Latency thresholds of `rpc`, `queue` and `task` SLOs must be buckets of their histograms.
 *
 * @publicApi
 */
export type SloTarget =
  | { readonly kind: 'http'; readonly route?: string }
  | {
      readonly kind: 'method';
      readonly className: string;
      readonly methodName: string;
      /** The `@Timed` metric. @default 'method_duration_seconds' */
      readonly metric?: string;
    }
  | {
      readonly kind: 'model';
      /** The `model_version` to watch. @default every version the service reports */
      readonly modelVersion?: string;
    }
  | {
      readonly kind: 'rpc';
      readonly method: string;
      /** `rpc_system`: only this transport's requests. @default every transport */
      readonly system?: string;
    }
  | {
      readonly kind: 'queue';
      readonly destination: string;
      /** `messaging_system` (`bullmq`, `nats`, `event_emitter`, ...). @default every system */
      readonly system?: string;
    }
  | { readonly kind: 'task'; readonly task: string };

/**
 * The thresholds of a drift SLO, in the units of its method: above `watch` the drift is shown on
 * the dashboard; above `act`, sustained, it alerts and spends the error budget.
 *
 * @publicApi
 */
export interface DriftThresholds {
  /** @default 0.1 */
  readonly watch: number;
  /** @default 0.2 */
  readonly act: number;
}

/**
 * A service-level objective declared in code.
 *
 * - `availability`: the share of good events (HTTP: requests not answered 5xx; method: calls that
 *   did not fail) is at least `objective`.
 * - `latency`: the share of events faster than `thresholdSeconds` is at least `objective`. The
 *   threshold becomes a bucket of the histogram the SLI reads.
 * - `accuracy` (target `model`): the share of correct predictions among those given feedback
 *   (`model_feedback_total{correct}`) is at least `objective`.
 * - `drift` (target `model`): the share of time every input's drift (`model_feature_drift` by
 *   `method`) stays at or under `thresholds.act` is at least `objective`; drift above it for
 *   `sustainedFor` also alerts on its own.
 *
 * @publicApi
 * @example
 * { name: 'predict-latency', type: 'latency', target: { kind: 'http', route: '/predict' },
 *   thresholdSeconds: 0.2, objective: 0.99, window: '30d' }
 */
export interface SloDefinition {
  /** Unique name, used in rule and alert names: lowercase letters, digits and `-`. */
  readonly name: string;
  /**
   * What a good event is: one that did not fail, one that was also fast enough, a correct
   * prediction, or a rule evaluation that found no input drifting above `thresholds.act`.
   */
  readonly type: 'availability' | 'latency' | 'accuracy' | 'drift';
  /** Which events count: HTTP traffic, the calls of one `@Timed` method, or a model's. */
  readonly target: SloTarget;
  /** Share of good events to reach, strictly between 0 and 1 (0.999 is "three nines"). */
  readonly objective: number;
  /** The SLO window, a Prometheus duration such as `30d` or `4w`. */
  readonly window: string;
  /** For latency SLOs: the threshold a good event stays under, in seconds. */
  readonly thresholdSeconds?: number;
  /** For drift SLOs: the statistic compared with the thresholds. @default 'psi' */
  readonly method?: DriftMethod;
  /** For drift SLOs: the watch and act thresholds. @default { watch: 0.1, act: 0.2 } */
  readonly thresholds?: DriftThresholds;
  /** For drift SLOs: how long drift stays above `act` before it alerts. @default '15m' */
  readonly sustainedFor?: string;
  /** What the SLO means to users, for alert annotations and dashboards. */
  readonly description?: string;
}
