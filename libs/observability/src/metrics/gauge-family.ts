import type { MetricSample } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import type { FamilyDefinition } from './series-family';
import { SeriesFamily } from './series-family';

/**
 * One gauge series: a value that goes up and down.
 *
 * @internal
 */
export class GaugeSeries {
  value = 0;

  constructor(readonly labels: LabelSet) {}

  inc(): void {
    this.value++;
  }

  dec(): void {
    this.value--;
  }
}

/** How a gauge definition is compared with another of the same name. @internal */
export const gaugeShape = (d: FamilyDefinition): string => `gauge(${d.labelNames.join(',')})`;

/**
 * A Prometheus gauge family with bounded series (see `SeriesMap`).
 *
 * @internal
 */
export class GaugeFamily extends SeriesFamily<GaugeSeries> {
  readonly type = 'gauge';

  constructor(definition: FamilyDefinition, onOverflow: OverflowListener) {
    super(definition, gaugeShape(definition), (labels) => new GaugeSeries(labels), onOverflow);
  }

  protected pushSamples(s: GaugeSeries, out: MetricSample[]): void {
    out.push({ labels: s.labels, value: s.value });
  }

  protected clearSeries(s: GaugeSeries): void {
    s.value = 0;
  }
}
