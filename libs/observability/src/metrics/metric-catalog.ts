import type { Registry } from 'prom-client';
import { register as defaultRegistry } from 'prom-client';
import { MESSAGES } from '../messages/messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { CounterDefinition } from './counter-family';
import { CounterFamily, counterShape } from './counter-family';
import { GaugeFamily, gaugeShape } from './gauge-family';
import type { HistogramDefinition } from './histogram-family';
import { HistogramFamily, histogramShape } from './histogram-family';
import { ForeignMetricGuard } from './foreign-metric-guard';
import type { FamilyDefinition } from './metric-family.interface';
import { METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';

/** Any family the SDK defines. @internal */
export type Family = CounterFamily | GaugeFamily | HistogramFamily;

/** A family declared now and created on first use (or when the module seals the catalog). */
interface Declaration {
  readonly shape: string;
  readonly create: () => Family;
  /** A histogram's declared buckets. */
  readonly buckets?: readonly number[];
}

/** What happened to an SLO threshold asked of a declared histogram. @internal */
export type BucketRequest = 'added' | 'present' | 'missing' | 'too-late';

/**
 * Every metric family the SDK defines, registered through prom-client's public API in a
 * prom-client registry (the default one, `register`, unless told otherwise), so that `/metrics`
 * and users' own prom-client metrics share one exposition.
 *
 * Decorator metrics are declared when their class is (so a mistake fails where it is written) and
 * created when first recorded into, or when the module starts (`seal`): by then the SLOs have
 * named the thresholds their histograms need as buckets, so a histogram's buckets are fixed when
 * it is created and never changed after.
 *
 * Defining a family that exists with the same shape returns the existing one: re-created test
 * modules and hot reloads never crash. A different shape under the same name is a definition
 * error, raised where the second definition is written.
 *
 * @internal
 */
export class MetricCatalog {
  private readonly families = new Map<string, Family>();
  private readonly declarations = new Map<string, Declaration>();
  private readonly extraBuckets = new Map<string, number[]>();
  private overflowCounter: CounterFamily | undefined;
  private guard: ForeignMetricGuard | undefined;

  constructor(private registry: Registry = defaultRegistry) {}

  /** The counter family `definition.name`, created and registered now. */
  counter(definition: CounterDefinition): CounterFamily {
    return this.declareCounter(definition)();
  }

  /** The histogram family `definition.name`, created and registered now. */
  histogram(definition: HistogramDefinition): HistogramFamily {
    return this.declareHistogram(definition)();
  }

  /** The gauge family `definition.name`, created and registered now. */
  gauge(definition: FamilyDefinition): GaugeFamily {
    const get = this.declare(
      definition.name,
      gaugeShape(definition),
      () => new GaugeFamily(definition, this.countOverflow),
    );
    return get() as GaugeFamily;
  }

  /** Declares the counter `definition.name`; the returned function gives it, creating it once. */
  declareCounter(definition: CounterDefinition): () => CounterFamily {
    const get = this.declare(
      definition.name,
      counterShape(definition),
      () => new CounterFamily(definition, this.countOverflow),
    );
    return get as () => CounterFamily;
  }

  /**
   * Declares the histogram `definition.name`; the returned function gives it, creating it once,
   * with the declared buckets and those SLOs asked for since (`requireBucket`).
   */
  declareHistogram(definition: HistogramDefinition): () => HistogramFamily {
    const get = this.declare(
      definition.name,
      histogramShape(definition),
      () =>
        new HistogramFamily(
          { ...definition, buckets: this.bucketsOf(definition.name) },
          this.countOverflow,
        ),
      definition.buckets,
    );
    return get as () => HistogramFamily;
  }

  /**
   * Asks the declared histogram `name` for a bucket at `bound` (an SLO's threshold). Before it is
   * created, the bucket is added to it; once created (something recorded into it before the
   * module started), its buckets are fixed: the answer says whether `bound` is one of them.
   */
  requireBucket(name: string, bound: number): BucketRequest {
    const declaration = this.declarations.get(name);
    if (declaration?.buckets === undefined) return 'missing';
    const created = this.families.get(name);
    if (created instanceof HistogramFamily) {
      return created.buckets.includes(bound) ? 'present' : 'too-late';
    }
    this.extraBuckets.set(name, [...(this.extraBuckets.get(name) ?? []), bound]);
    return 'added';
  }

  /** Whether a histogram named `name` is declared. */
  histogramDeclared(name: string): boolean {
    return this.declarations.get(name)?.buckets !== undefined;
  }

  /** The buckets the declared or created histogram `name` has or will have. */
  bucketsOf(name: string): readonly number[] {
    const created = this.families.get(name);
    if (created instanceof HistogramFamily) return created.buckets;
    const declared = this.declarations.get(name)?.buckets ?? [];
    return [...new Set([...declared, ...(this.extraBuckets.get(name) ?? [])])].sort(
      (a, b) => a - b,
    );
  }

  /** Creates every declared family now (the module starts: every SLO has asked its buckets). */
  seal(): void {
    for (const [name, declaration] of this.declarations) {
      if (!this.families.has(name)) this.create(name, declaration);
    }
  }

  /**
   * Bounds, at `maxSeries` series each, every metric other code registered or will register in
   * the registry with prom-client (see `ForeignMetricGuard`). Returns how many are bounded.
   */
  guardForeignMetrics(maxSeries: number): number {
    this.guard ??= new ForeignMetricGuard(maxSeries, this.countOverflow);
    this.guard.guardRegistry(this.registry);
    return this.guard.count;
  }

  /** Every family created so far. */
  all(): Family[] {
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
      if (this.registry.getSingleMetric(family.name) === family) {
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

  private declare(
    name: string,
    shape: string,
    create: () => Family,
    buckets?: readonly number[],
  ): () => Family {
    const existing = this.declarations.get(name);
    if (existing !== undefined && existing.shape !== shape) {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_METRIC_CONFLICT',
        MESSAGES.metricConflict(name, existing.shape, shape),
      );
    }
    const declaration = existing ?? { shape, create, buckets };
    if (existing === undefined) this.declarations.set(name, declaration);
    return () => {
      const family = this.families.get(name) ?? this.create(name, declaration);
      this.expose(family);
      return family;
    };
  }

  private create(name: string, declaration: Declaration): Family {
    const family = declaration.create();
    this.families.set(name, family);
    this.expose(family);
    return family;
  }

  private expose(family: Family): void {
    const present = this.registry.getSingleMetric(family.name);
    if (present === family) return;
    if (present !== undefined) {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_METRIC_CONFLICT',
        MESSAGES.foreignMetric(family.name),
      );
    }
    this.registry.registerMetric(family);
  }
}

/**
 * The process-wide catalog the decorators declare their metrics in. It exists from the first
 * decorated class on, before any Nest module starts, so decorated code measures from the start.
 *
 * @internal
 */
export const metricCatalog = new MetricCatalog();
