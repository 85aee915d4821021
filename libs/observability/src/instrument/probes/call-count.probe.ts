import type { CallProbe } from '../call';
import type { CallRecord } from '../call';
import type { CounterSeries } from '../../metrics/counter-family';
import { exemplarFor } from '../../metrics/exemplar';
import type { MethodSeries } from './method-series';

/**
 * `@Counted`'s probe: one increment per ended call, with the call's trace as exemplar when it
 * is sampled.
 *
 * @internal
 */
export class CallCountProbe implements CallProbe {
  readonly kind = 'count';

  constructor(private readonly series: MethodSeries<CounterSeries>) {}

  enter(): void {}

  exit(call: CallRecord): void {
    this.series.seriesFor(call).inc(1, exemplarFor(call.context, 1));
  }
}
