/**
 * What the SDK's own metric families buy over prom-client's, measured interleaved in one run.
 * The families are prom-client `Counter` and `Histogram` subclasses (the same registry, the same
 * rendering) that keep their series in handles resolved once: the decorators and the HTTP
 * metrics hold a handle, so a record is a field update. Contenders, per record:
 *
 * - prom-client's bound child (`counter.labels(...)` kept, then `.inc()`), the fastest prom-client
 *   offers and what a careful developer writes;
 * - prom-client's `inc(labels)` / `observe(labels, v)`, what most code writes (it hashes the
 *   label object every call);
 * - the SDK family's resolved series (`family.resolve(values)` kept, then `.inc()`), what the
 *   decorators and the HTTP sink do;
 * - the SDK family's prom-client API (`family.inc(labels)`), the bounded path an application's
 *   own code gets when it calls the family like any prom-client metric.
 *
 * Run: npm run bench:families
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { CounterFamily } from '../libs/observability/src/metrics/counter-family';
import { HistogramFamily } from '../libs/observability/src/metrics/histogram-family';
import { DEFAULT_DURATION_BUCKETS } from '../libs/observability/src/naming/metric-names';
import type { Contender } from './harness';
import { runInterleaved, toMarkdown } from './harness';

const LABEL_NAMES = ['method', 'route', 'status'];
const LABELS = { method: 'GET', route: '/models/:id', status: '200' };
const VALUES = [LABELS.method, LABELS.route, LABELS.status];
const BUCKETS = [...DEFAULT_DURATION_BUCKETS];
const registry = new Registry();
const ignoreOverflow = () => undefined;

const promCounter = new Counter({
  name: 'prom_requests_total',
  help: 'prom-client counter.',
  labelNames: LABEL_NAMES,
  registers: [registry],
});
const promCounterChild = promCounter.labels(LABELS);
const promHistogram = new Histogram({
  name: 'prom_request_duration_seconds',
  help: 'prom-client histogram.',
  labelNames: LABEL_NAMES,
  buckets: BUCKETS,
  registers: [registry],
});
const promHistogramChild = promHistogram.labels(LABELS);

const definition = { help: 'SDK family.', labelNames: LABEL_NAMES, maxSeries: 2000 };
const sdkCounter = new CounterFamily({ ...definition, name: 'sdk_requests_total' }, ignoreOverflow);
const sdkCounterSeries = sdkCounter.resolve(VALUES);
const sdkHistogram = new HistogramFamily(
  { ...definition, name: 'sdk_request_duration_seconds', buckets: BUCKETS },
  ignoreOverflow,
);
const sdkHistogramSeries = sdkHistogram.resolve(VALUES);

let v = 0;
const next = () => (v = (v + 0.0137) % 3);

async function main(): Promise<void> {
  const counters: Contender[] = [
    { name: 'prom-client: bound child .inc()', fn: () => promCounterChild.inc() },
    { name: 'prom-client: .inc(labels)', fn: () => promCounter.inc(LABELS) },
    { name: 'SDK family: resolved series .inc()', fn: () => sdkCounterSeries.inc() },
    { name: 'SDK family: .inc(labels), bounded', fn: () => sdkCounter.inc(LABELS) },
  ];
  const histograms: Contender[] = [
    { name: 'prom-client: bound child .observe(v)', fn: () => promHistogramChild.observe(next()) },
    { name: 'prom-client: .observe(labels, v)', fn: () => promHistogram.observe(LABELS, next()) },
    {
      name: 'SDK family: resolved series .observe(v)',
      fn: () => sdkHistogramSeries.observe(next()),
    },
    {
      name: 'SDK family: .observe(labels, v), bounded',
      fn: () => sdkHistogram.observe(LABELS, next()),
    },
  ];
  console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
  const counterResults = await runInterleaved(counters, counters[0]!.name);
  console.log(`Counter, one record:\n\n${toMarkdown(counterResults, 'bound child')}\n`);
  const histogramResults = await runInterleaved(histograms, histograms[0]!.name);
  console.log(
    `Histogram (14 buckets), one record:\n\n${toMarkdown(histogramResults, 'bound child')}`,
  );
}

void main();
