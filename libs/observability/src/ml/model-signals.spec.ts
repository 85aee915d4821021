import { Registry } from 'prom-client';
import { renderMetrics } from '../metrics/exposition';
import { metricCatalog } from '../metrics/metric-catalog';
import { ModelSignals } from './model-signals';

describe('ModelSignals', () => {
  const previous = metricCatalog.currentRegistry;
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
    metricCatalog.useRegistry(registry);
  });
  afterAll(() => metricCatalog.useRegistry(previous));

  // The SDK's exposition (what /metrics serves), which renders its histogram families.
  const text = () => renderMetrics(registry, 'prometheus');

  it('creates the series of a served version at 0, then counts feedback by correctness', async () => {
    const signals = new ModelSignals();
    signals.serving('9.0.0');
    expect(await text()).toContain('model_feedback_total{model_version="9.0.0",correct="true"} 0');
    expect(await text()).toContain('model_feedback_total{model_version="9.0.0",correct="false"} 0');
    signals.feedback('9.0.0', true);
    signals.feedback('9.0.0', false);
    signals.feedback('9.0.0', false);
    expect(await text()).toContain('model_feedback_total{model_version="9.0.0",correct="true"} 1');
    expect(await text()).toContain('model_feedback_total{model_version="9.0.0",correct="false"} 2');
  });

  it('observes batch sizes in the default buckets, and ignores a size that is not one', async () => {
    const signals = new ModelSignals();
    signals.batch('9.1.0', 3);
    signals.batch('9.1.0', 100);
    signals.batch('9.1.0', Number.NaN);
    signals.batch('9.1.0', -1);
    const scrape = await text();
    expect(scrape).toContain('model_batch_size_bucket{model_version="9.1.0",le="2"} 0');
    expect(scrape).toContain('model_batch_size_bucket{model_version="9.1.0",le="5"} 1');
    expect(scrape).toContain('model_batch_size_bucket{model_version="9.1.0",le="100"} 2');
    expect(scrape).toContain('model_batch_size_count{model_version="9.1.0"} 2');
    expect(scrape).toContain('model_batch_size_sum{model_version="9.1.0"} 103');
  });
});
