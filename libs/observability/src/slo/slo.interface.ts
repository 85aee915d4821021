/**
 * What an SLO measures: the HTTP traffic of the whole service or of one route template, or the
 * calls of one method measured by `@Timed` (its metric name, class and method).
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
    };

/**
 * A service-level objective declared in code.
 *
 * - `availability`: the share of good events (HTTP: requests not answered 5xx; method: calls that
 *   did not fail) is at least `objective`.
 * - `latency`: the share of events faster than `thresholdSeconds` is at least `objective`. The
 *   threshold becomes a bucket of the histogram the SLI reads.
 *
 * @publicApi
 * @example
 * { name: 'predict-latency', type: 'latency', target: { kind: 'http', route: '/predict' },
 *   thresholdSeconds: 0.2, objective: 0.99, window: '30d' }
 */
export interface SloDefinition {
  /** Unique name, used in rule and alert names: lowercase letters, digits and `-`. */
  readonly name: string;
  /** What a good event is: one that did not fail, or one that was also fast enough. */
  readonly type: 'availability' | 'latency';
  /** Which events count: HTTP traffic, or the calls of one `@Timed` method. */
  readonly target: SloTarget;
  /** Share of good events to reach, strictly between 0 and 1 (0.999 is "three nines"). */
  readonly objective: number;
  /** The SLO window, a Prometheus duration such as `30d` or `4w`. */
  readonly window: string;
  /** For latency SLOs: the threshold a good event stays under, in seconds. */
  readonly thresholdSeconds?: number;
  /** What the SLO means to users, for alert annotations and dashboards. */
  readonly description?: string;
}
