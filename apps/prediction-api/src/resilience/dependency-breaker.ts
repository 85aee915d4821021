import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleAll,
  handleWhen,
} from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';

/** Values of a `*_breaker_state` gauge: a closed set, one gauge per breaker. */
export const BREAKER_STATE = { closed: 0, halfOpen: 1, open: 2 } as const;
/** One of `BREAKER_STATE`'s values. */
export type BreakerStateValue = (typeof BREAKER_STATE)[keyof typeof BREAKER_STATE];

/** How a `DependencyBreaker` decides that its dependency is down, and how it finds it back. */
export interface BreakerSettings {
  /** The dependency, as error messages name it: `the feature cache`, `PostgreSQL`. */
  readonly name: string;
  /** Failures in a row that open the breaker. */
  readonly consecutiveFailures: number;
  /** First wait before probing an open breaker, in ms; each failed probe doubles it (jittered)... */
  readonly probeAfterMs: number;
  /** ...up to this, in ms. */
  readonly maxProbeAfterMs: number;
  /** Which errors mean "the dependency is down"; others pass through uncounted. Default: all. */
  readonly isOutage?: (error: unknown) => boolean;
  /** A cheap call (PING, SELECT 1) run off the request path to test an open breaker. */
  readonly probe: () => Promise<unknown>;
  /** Told every state change, as a `BREAKER_STATE` value (for a gauge). */
  readonly onStateChange?: (state: BreakerStateValue) => void;
}

/** Thrown at once, without calling the dependency, while its breaker is open. */
export class DependencyDownError extends Error {
  constructor(name: string) {
    super(`${name} is known to be down (circuit breaker open); not called.`);
    this.name = 'DependencyDownError';
  }
}

const GAUGE_VALUE: Record<CircuitState, BreakerStateValue> = {
  [CircuitState.Closed]: BREAKER_STATE.closed,
  [CircuitState.HalfOpen]: BREAKER_STATE.halfOpen,
  [CircuitState.Open]: BREAKER_STATE.open,
  [CircuitState.Isolated]: BREAKER_STATE.open,
};

/**
 * A circuit breaker (cockatiel's, with a consecutive-failure count and an exponential back-off)
 * that never makes a request wait on a dependency known to be down: while it is not closed, calls
 * fail at once with `DependencyDownError`, and the half-open test call is the settings' `probe`,
 * run in the background (cockatiel alone would let the next request be the test call, and make
 * the requests behind it wait for its verdict).
 */
export class DependencyBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private probing = false;

  constructor(private readonly settings: BreakerSettings) {
    this.policy = circuitBreaker(
      settings.isOutage === undefined ? handleAll : handleWhen(settings.isOutage),
      {
        breaker: new ConsecutiveBreaker(settings.consecutiveFailures),
        halfOpenAfter: new ExponentialBackoff({
          initialDelay: settings.probeAfterMs,
          maxDelay: settings.maxProbeAfterMs,
        }),
      },
    );
    this.policy.onStateChange((state) => settings.onStateChange?.(GAUGE_VALUE[state]));
  }

  /** The state as a `BREAKER_STATE` value. */
  get state(): BreakerStateValue {
    return GAUGE_VALUE[this.policy.state];
  }

  /**
   * Runs `call` while the breaker is closed, counting its outages. Otherwise throws
   * `DependencyDownError` at once and, if none is running, starts a probe.
   */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.policy.state === CircuitState.Closed) return this.policy.execute(call);
    this.probeInBackground();
    throw new DependencyDownError(this.settings.name);
  }

  private probeInBackground(): void {
    if (this.probing) return;
    this.probing = true;
    // Before the back-off has passed, cockatiel rejects at once without calling the probe.
    this.policy
      .execute(this.settings.probe)
      .catch(() => undefined)
      .finally(() => (this.probing = false));
  }
}
