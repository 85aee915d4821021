import type { CallProbe } from '../call';
import type { CallRecord } from '../call';
import { exemplarFor } from '../../metrics/exemplar';
import type { HistogramSeries } from '../../metrics/histogram-family';
import type { MethodSeries } from './method-series';

/**
 * `@Timed`'s probe: one histogram observation of the call's duration in seconds, with the call's
 * trace as exemplar when it is sampled.
 *
 * @internal
 */
export class DurationProbe implements CallProbe {
  readonly kind = 'duration';

  constructor(private readonly series: MethodSeries<HistogramSeries>) {}

  enter(): void {}

  exit(call: CallRecord): void {
    const seconds = call.durationSeconds;
    this.series.seriesFor(call).observe(seconds, exemplarFor(call.context, seconds));
  }
}
