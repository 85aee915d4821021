import { SpanKind } from '@opentelemetry/api';
import { Registry } from 'prom-client';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import { metricCatalog } from '../metrics/metric-catalog';
import { ObservabilityTestKit } from '../testing/observability-test-kit';
import { Counted } from './counted.decorator';
import { Timed } from './timed.decorator';
import { Traced } from './traced.decorator';

/** Declares a class through `define` and returns the definition error it raised. */
function definitionError(define: () => unknown): ObservabilityDefinitionError {
  try {
    define();
  } catch (error) {
    if (error instanceof ObservabilityDefinitionError) return error;
    throw error;
  }
  throw new Error('expected an ObservabilityDefinitionError');
}

describe('@Traced, @Timed and @Counted', () => {
  let kit: ObservabilityTestKit;
  beforeAll(() => (kit = ObservabilityTestKit.start()));
  beforeEach(() => kit.reset());
  afterAll(() => kit.stop());

  describe('on a class', () => {
    @Traced({ exclude: ['skipped'] })
    @Counted({ exclude: ['skipped'] })
    class Inventory {
      constructor(private readonly items: string[]) {}
      get size(): number {
        return this.items.length;
      }
      list(): string[] {
        return this.items;
      }
      @Counted('inventory_lookups_total')
      find(name: string): string | undefined {
        return this.items.find((i) => i === name);
      }
      skipped(): number {
        return 0;
      }
      static create(): Inventory {
        return new Inventory(['a']);
      }
    }

    it('instruments every method it declares, not accessors, statics or exclusions', async () => {
      const inventory = Inventory.create();
      expect(inventory.size).toBe(1);
      expect(inventory.list()).toEqual(['a']);
      expect(inventory.skipped()).toBe(0);
      expect((await kit.spans()).map((s) => s.name)).toEqual(['Inventory.list']);
      expect(await kit.counterValue('method_calls_total', { class: 'Inventory' })).toBe(1);
    });

    it("a method's own decorator wins over the class one", async () => {
      new Inventory(['a']).find('a');
      expect(await kit.counterValue('inventory_lookups_total', { method: 'find' })).toBe(1);
      expect(await kit.counterValue('method_calls_total', { method: 'find' })).toBe(0);
      expect((await kit.spans()).map((s) => s.name)).toEqual(['Inventory.find']);
    });

    it('rejects a span name on a class and an unknown exclusion', () => {
      expect(
        definitionError(() =>
          Traced('everything')(
            class A {
              m() {}
            },
          ),
        ).message,
      ).toMatch(/class A: a span name on a class would give every method the same span name/);
      expect(
        definitionError(() =>
          Counted({ exclude: ['nope'] })(
            class B {
              m() {}
            },
          ),
        ).message,
      ).toMatch(/"nope" is not one of its methods \(m\)/);
    });
  });

  describe('spans', () => {
    class Catalog {
      @Traced('catalog.search', {
        kind: SpanKind.CLIENT,
        attributes: { 'catalog.kind': 'books', 'catalog.query': ({ args }) => String(args[0]) },
      })
      search(query: string): number {
        return query.length;
      }
    }

    it('take the name, kind, code attributes, fixed and computed attributes, bounded', async () => {
      new Catalog().search('x'.repeat(5000));
      const span = await kit.span('catalog.search');
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes['code.function.name']).toBe('Catalog.search');
      expect(span.attributes['catalog.kind']).toBe('books');
      expect(span.attributes['catalog.query']).toHaveLength(1024);
    });
  });

  describe('metrics', () => {
    class Model {
      @Timed('model_inference_seconds', {
        help: 'Inference time of the model.',
        buckets: [0.001, 0.01, 0.1],
        labels: { model_version: '1.0.0', size: ({ args }) => (args[0] as number[]).length },
        maxSeries: 3,
      })
      @Counted('model_requests_total', {
        labels: { predicted: ({ result }) => String(result) },
      })
      predict(rows: number[]): string {
        return rows.length > 1 ? 'batch' : 'single';
      }
    }

    it('custom name, help, static and computed labels, buckets', async () => {
      new Model().predict([1]);
      new Model().predict([1, 2]);
      const reading = await kit.histogram('model_inference_seconds', {
        model_version: '1.0.0',
        size: '2',
      });
      expect(reading.count).toBe(1);
      expect(Object.keys(reading.buckets)).toEqual(['0.001', '0.01', '0.1', '+Inf']);
      expect(await kit.counterValue('model_requests_total', { predicted: 'batch' })).toBe(1);
      expect(await kit.scrape()).toContain(
        '# HELP model_inference_seconds Inference time of the model.',
      );
    });

    it('caps a label function with too many values; the overflow is counted', async () => {
      const model = new Model();
      for (let n = 1; n <= 10; n++) model.predict(new Array<number>(n).fill(0));
      const overflow = await kit.histogram('model_inference_seconds', { size: '__overflow__' });
      expect(overflow.count).toBeGreaterThanOrEqual(7);
      expect(
        await kit.counterValue('observability_series_overflow_total', {
          metric: 'model_inference_seconds',
        }),
      ).toBe(overflow.count);
    });

    it('the same definition twice (a re-declared class, a hot reload) reuses the metric', async () => {
      const declare = () => {
        class Reloaded {
          @Counted()
          @Timed()
          run(): number {
            return 1;
          }
        }
        return new Reloaded();
      };
      declare().run();
      declare().run();
      expect(await kit.counterValue('method_calls_total', { class: 'Reloaded' })).toBe(2);
    });

    it('records into the default prom-client registry before any module starts', () => {
      expect(metricCatalog.currentRegistry.getSingleMetric('method_calls_total')).toBeDefined();
    });

    it('moves every family to another registry, keeping values', async () => {
      class Moved {
        @Counted('moved_calls_total')
        run(): void {}
      }
      new Moved().run();
      const previous = metricCatalog.currentRegistry;
      const other = new Registry();
      metricCatalog.useRegistry(other);
      try {
        expect(previous.getSingleMetric('moved_calls_total')).toBeUndefined();
        expect(await kit.counterValue('moved_calls_total')).toBe(1);
      } finally {
        metricCatalog.useRegistry(previous);
      }
    });
  });

  describe('exemplars', () => {
    class Traced1 {
      @Traced()
      @Timed()
      @Counted()
      run(): number {
        return 1;
      }
      @Timed()
      @Counted()
      untraced(): number {
        return 1;
      }
    }

    it('carry the trace id of the sampled span in OpenMetrics, never in the Prometheus format', async () => {
      new Traced1().run();
      const traceId = (await kit.span('Traced1.run')).spanContext().traceId;
      const openMetrics = await kit.scrape('openmetrics');
      const exemplar = `# {trace_id="${traceId}",span_id=`;
      expect(openMetrics).toMatch(
        new RegExp(`method_calls_total\\{class="Traced1",method="run".*\\} 1 ${escape(exemplar)}`),
      );
      expect(openMetrics).toMatch(
        new RegExp(
          `method_duration_seconds_bucket\\{class="Traced1",method="run".*\\} 1 ${escape(exemplar)}`,
        ),
      );
      expect(openMetrics).toMatch(/^# TYPE method_calls counter$/m);
      expect(openMetrics.endsWith('# EOF\n')).toBe(true);
      const prometheus = await kit.scrape('prometheus');
      expect(prometheus).not.toContain('trace_id');
      expect(prometheus).toMatch(/^# TYPE method_calls_total counter$/m);
    });

    it('are absent without an active span', async () => {
      new Traced1().untraced();
      expect(await kit.scrape('openmetrics')).not.toContain('trace_id');
    });
  });

  describe('definition errors, raised where the class is declared', () => {
    it.each([
      [
        'a counter name without _total',
        () => Counted('requests'),
        /metric name "requests" is invalid: a counter's name ends in _total/,
      ],
      [
        'a duration name without _seconds',
        () => Timed('latency_ms'),
        /durations are recorded in seconds, so the name ends in _seconds\. Fix: name it "latency_ms_seconds"/,
      ],
      [
        'an invalid metric name',
        () => Timed('2fast_seconds'),
        /metric name "2fast_seconds" is invalid/,
      ],
      [
        'an invalid label name',
        () => Counted('x_total', { labels: { 'bad-label': 'v' } }),
        /label "bad-label" of metric x_total is invalid/,
      ],
      [
        'a reserved label name',
        () => Counted('x_total', { labels: { outcome: 'v' } }),
        /label "outcome" of metric x_total is invalid: it is set by the SDK itself/,
      ],
      [
        'labels on the default metric',
        () => Counted({ labels: { a: 'b' } }),
        /no labels of its own on the shared default metric method_calls_total. Fix: give the metric its own name/,
      ],
      [
        'buckets on the default metric',
        () => Timed({ buckets: [1] }),
        /no buckets of its own on the shared default metric method_duration_seconds/,
      ],
      [
        'unsorted buckets',
        () => Timed('x_seconds', { buckets: [1, 0.5] }),
        /buckets = \[1,0\.5\] is invalid: expected a non-empty array of finite, positive, strictly increasing/,
      ],
      [
        'NaN in buckets',
        () => Timed('x_seconds', { buckets: [NaN] }),
        /buckets = \[null\] is invalid/,
      ],
      [
        'a zero series limit',
        () => Counted('x_total', { maxSeries: 0 }),
        /maxSeries = 0 is invalid: expected an integer from 1 to 1000000/,
      ],
      [
        'a misspelt option',
        () => Timed({ bucket: [1] } as never),
        /option bucket = \[1\] is invalid: expected one of help, labels, maxSeries, exclude, buckets/,
      ],
      [
        'a label value that is neither string nor function',
        () => Counted('x_total', { labels: { a: 1 as never } }),
        /labels\.a = 1 is invalid/,
      ],
    ])('%s', (_, decorator, message) => {
      const error = definitionError(() => {
        class Target {
          m(): void {}
        }
        const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'm');
        (decorator() as MethodDecorator)(Target.prototype, 'm', descriptor as PropertyDescriptor);
      });
      expect(error.message).toMatch(message);
      expect(error.message).toContain('Target.m');
    });

    it('on an accessor or a property', () => {
      class Target {
        get value(): number {
          return 1;
        }
      }
      const accessor = Object.getOwnPropertyDescriptor(Target.prototype, 'value');
      expect(
        definitionError(() =>
          (Timed() as MethodDecorator)(Target.prototype, 'value', accessor as PropertyDescriptor),
        ).message,
      ).toMatch(
        /@Timed\(\) on Target\.value: it can only decorate a method or a class, and Target\.value is an accessor/,
      );
      expect(
        definitionError(() => (Counted() as PropertyDecorator)(Target.prototype, 'field')).code,
      ).toBe('OBS_ERR_INVALID_DECORATOR');
    });

    it('@Traced twice on one method', () => {
      expect(
        definitionError(() => {
          class Twice {
            @Traced()
            @Traced()
            m(): void {}
          }
          return Twice;
        }).message,
      ).toMatch(/@Traced\(\) is applied twice to Twice\.m/);
    });

    it('one metric name with two different shapes', () => {
      expect(
        definitionError(() => {
          class First {
            @Counted('shared_total', { labels: { a: 'x' } })
            m(): void {}
          }
          class Second {
            @Counted('shared_total', { labels: { b: 'x' } })
            m(): void {}
          }
          return [First, Second];
        }).code,
      ).toBe('OBS_ERR_METRIC_CONFLICT');
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
