import type { Metric, Registry } from 'prom-client';
import { register as defaultRegistry } from 'prom-client';
import { MESSAGES } from '../errors/messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { CounterDefinition } from './counter-family';
import { CounterFamily, counterShape } from './counter-family';
import { GaugeFamily, gaugeShape } from './gauge-family';
import type { HistogramDefinition } from './histogram-family';
import { HistogramFamily, histogramShape } from './histogram-family';
import type { MetricFamily } from './metric-family.interface';
import { METRIC_HELP, METRIC_NAMES } from './metric-names';
import type { FamilyDefinition } from './series-family';

/**
 * Every metric family the SDK defines, registered in a prom-client registry (the default one,
 * `register`, unless told otherwise), so that `/metrics` and users' own prom-client metrics share
 * one exposition.
 *
 * Defining a family that exists with the same shape returns the existing one: re-created test
 * modules and hot reloads never crash. A different shape under the same name is a definition
 * error, raised where the second definition is written.
 *
 * @internal
 */
export class MetricCatalog {
  private readonly families = new Map<string, MetricFamily>();
  private overflowCounter: CounterFamily | undefined;

  constructor(private registry: Registry = defaultRegistry) {}

  /** The counter family `definition.name`, created and registered on first definition. */
  counter(definition: CounterDefinition): CounterFamily {
    return this.define(
      definition.name,
      counterShape(definition),
      () => new CounterFamily(definition, this.countOverflow),
    ) as CounterFamily;
  }

  /** The histogram family `definition.name`, created and registered on first definition. */
  histogram(definition: HistogramDefinition): HistogramFamily {
    return this.define(
      definition.name,
      histogramShape(definition),
      () => new HistogramFamily(definition, this.countOverflow),
    ) as HistogramFamily;
  }

  /** The gauge family `definition.name`, created and registered on first definition. */
  gauge(definition: FamilyDefinition): GaugeFamily {
    return this.define(
      definition.name,
      gaugeShape(definition),
      () => new GaugeFamily(definition, this.countOverflow),
    ) as GaugeFamily;
  }

  /** Every family defined so far. */
  all(): MetricFamily[] {
    return [...this.families.values()];
  }

  /** The registry the families are exposed through. */
  get currentRegistry(): Registry {
    return this.registry;
  }

  /**
   * Exposes every family through `registry` from now on (and registers again any family that
   * `registry.clear()` removed). Series and their values are kept.
   */
  useRegistry(registry: Registry): void {
    for (const family of this.families.values()) {
      if (this.registry.getSingleMetric(family.name) === asMetric(family)) {
        this.registry.removeSingleMetric(family.name);
      }
    }
    this.registry = registry;
    for (const family of this.families.values()) this.expose(family);
  }

  private readonly countOverflow = (metricName: string): void => {
    if (metricName === METRIC_NAMES.seriesOverflow) return;
    this.overflowCounter ??= this.counter({
      name: METRIC_NAMES.seriesOverflow,
      help: METRIC_HELP.seriesOverflow,
      labelNames: ['metric'],
      maxSeries: 10_000,
    });
    this.overflowCounter.resolve([metricName]).inc();
  };

  private define(name: string, shape: string, create: () => MetricFamily): MetricFamily {
    const existing = this.families.get(name);
    if (existing !== undefined) {
      if (existing.shape !== shape) {
        throw new ObservabilityDefinitionError(
          'OBS_ERR_METRIC_CONFLICT',
          MESSAGES.metricConflict(name, existing.shape, shape),
        );
      }
      this.expose(existing);
      return existing;
    }
    const family = create();
    this.expose(family);
    this.families.set(name, family);
    return family;
  }

  private expose(family: MetricFamily): void {
    const present = this.registry.getSingleMetric(family.name);
    if (present === asMetric(family)) return;
    if (present !== undefined) {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_METRIC_CONFLICT',
        MESSAGES.foreignMetric(family.name),
      );
    }
    this.registry.registerMetric(asMetric(family));
  }
}

/** prom-client's registry reads only the `Metric` members a family implements. */
function asMetric(family: MetricFamily): Metric {
  return family as unknown as Metric;
}

/**
 * The process-wide catalog the decorators define their metrics in. It exists from the first
 * decorated class on, before any Nest module starts, so decorated code measures from the start.
 *
 * @internal
 */
export const metricCatalog = new MetricCatalog();
