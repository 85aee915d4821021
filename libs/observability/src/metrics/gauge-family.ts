import type { LabelValues, MetricObjectWithValues, MetricValue } from 'prom-client';
import { Gauge } from 'prom-client';
import type { FamilyDefinition, SdkFamily } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import type { LabelArguments } from './series-store';
import { SeriesStore } from './series-store';

/**
 * One gauge series: a value that goes up and down.
 *
 * @internal
 */
export class GaugeSeries {
  value = 0;
  /** Whether the series is exported: `unset()` leaves it out until its next update. */
  present = true;

  constructor(readonly labels: LabelSet) {}

  inc(by = 1): void {
    this.value += by;
    this.present = true;
  }

  dec(by = 1): void {
    this.value -= by;
    this.present = true;
  }

  set(value: number): void {
    this.value = value;
    this.present = true;
  }

  /** Leaves the series out of the exposition until it is set again (its value is unknown). */
  unset(): void {
    this.present = false;
  }

  setToCurrentTime(): void {
    this.set(Date.now() / 1000);
  }

  /** Starts a timer; calling the returned function sets the gauge to the seconds elapsed. */
  startTimer(): () => number {
    const started = performance.now();
    return () => {
      const seconds = (performance.now() - started) / 1000;
      this.set(seconds);
      return seconds;
    };
  }
}

/** How a gauge definition is compared with another of the same name. @internal */
export const gaugeShape = (d: FamilyDefinition): string => `gauge(${d.labelNames.join(',')})`;

type Labels = LabelValues<string>;

/**
 * A Prometheus gauge whose series are bounded (see `SeriesMap`): a prom-client `Gauge` storing its
 * series in the SDK's own handles, resolved once by their callers.
 *
 * @internal
 */
export class GaugeFamily extends Gauge<string> implements SdkFamily<GaugeSeries> {
  /** Set by prom-client's constructor from the definition (not redefined here). */
  declare readonly name: string;
  readonly shape: string;
  private readonly store: SeriesStore<GaugeSeries>;

  constructor(definition: FamilyDefinition, onOverflow: OverflowListener) {
    super({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers: [],
    });
    this.shape = gaugeShape(definition);
    this.store = new SeriesStore(definition, (labels) => new GaugeSeries(labels), onOverflow);
  }

  resolve(values: readonly string[]): GaugeSeries {
    return this.store.resolve(values);
  }

  isOverflow(series: GaugeSeries): boolean {
    return this.store.isOverflow(series);
  }

  override inc(labels?: Labels | number, value?: number): void {
    const [series, by] = this.target(labels, value);
    series.inc(by ?? 1);
  }

  override dec(labels?: Labels | number, value?: number): void {
    const [series, by] = this.target(labels, value);
    series.dec(by ?? 1);
  }

  override set(labels: Labels | number, value?: number): void {
    const [series, to] = this.target(labels, value);
    series.set(to ?? 0);
  }

  override setToCurrentTime(labels?: Labels): void {
    this.target(labels, undefined)[0].setToCurrentTime();
  }

  override startTimer(labels?: Labels): (labels?: Labels) => number {
    return this.target(labels, undefined)[0].startTimer();
  }

  override labels(...args: LabelArguments): Gauge.Internal<string> {
    return this.store.fromArguments(args);
  }

  override remove(): void {
    // Series are bounded and kept: a removed label set would come back on its next update.
  }

  override reset(): void {
    super.reset();
    // Called by prom-client's constructor too, before the store exists.
    for (const series of this.store?.all() ?? []) series.set(0);
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    const base = await super.get();
    return {
      ...base,
      values: this.store.samples((s, out) => {
        if (s.present) out.push({ labels: s.labels, value: s.value });
      }),
    };
  }

  private target(
    labels: Labels | number | undefined,
    value: number | undefined,
  ): [GaugeSeries, number | undefined] {
    if (labels === undefined || typeof labels === 'number') return [this.store.resolve([]), labels];
    return [this.store.fromObject(labels), value];
  }
}
