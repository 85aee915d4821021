/**
 * Cost of the drift monitor: `observe()` per prediction (the request path), against feeding the
 * same values to prom-client histograms (one per feature, children bound once: what a team
 * writes by hand to watch feature distributions), measured interleaved; then the refresh cost per
 * feature, off the request path.
 *
 * Run: npm run bench:drift
 */
import { Histogram, Registry } from 'prom-client';
import { DriftMonitor } from '../libs/observability/src/index';
import type { FeatureKind } from '../libs/observability/src/index';
import type { Contender } from './harness';
import { runInterleaved, toMarkdown } from './harness';

/** A deterministic stream of numbers in [0, 1). */
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

/** `count` rows of numeric features `n0..` and categorical features `c0..` (8 values each). */
function rows(numeric: number, categorical: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, () => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < numeric; i++) row[`n${i}`] = next() * 10;
    for (let i = 0; i < categorical; i++) row[`c${i}`] = `v${Math.floor(next() * 8)}`;
    return row;
  });
}

function kinds(numeric: number, categorical: number): Record<string, FeatureKind> {
  const out: Record<string, FeatureKind> = {};
  for (let i = 0; i < numeric; i++) out[`n${i}`] = 'numeric';
  for (let i = 0; i < categorical; i++) out[`c${i}`] = 'categorical';
  return out;
}

const CLASSES = ['setosa', 'versicolor', 'virginica'];

function monitor(version: string, numeric: number, categorical: number): DriftMonitor {
  const reference = rows(numeric, categorical, 1000);
  return new DriftMonitor({
    modelVersion: version,
    features: kinds(numeric, categorical),
    reference: { rows: reference, classes: reference.map((_, i) => CLASSES[i % 3] as string) },
  });
}

/** The shape of the sample's model: 4 numeric inputs and 3 classes. */
const iris = monitor('iris', 4, 0);
const wide = monitor('wide', 20, 5);
const irisLive = rows(4, 0, 1024);
const wideLive = rows(20, 5, 1024);

const registry = new Registry();
const histograms = Array.from({ length: 4 }, (_, i) =>
  new Histogram({
    name: `feature_n${i}`,
    help: 'feature value',
    labelNames: ['model_version'],
    buckets: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    registers: [registry],
  }).labels('1.0.0'),
);

let i = 0;
const contenders: Contender[] = [
  {
    name: 'hand: 4 prom-client histograms, observe() per feature',
    fn: () => {
      const row = irisLive[i++ & 1023] as Record<string, number>;
      for (let f = 0; f < 4; f++) histograms[f]?.observe(row[`n${f}`] as number);
    },
  },
  {
    name: 'DriftMonitor.observe, 4 numeric + class',
    fn: () => iris.observe(irisLive[i++ & 1023] as Record<string, unknown>, CLASSES[i % 3]),
  },
  {
    name: 'DriftMonitor.observe, 20 numeric + 5 categorical + class',
    fn: () => wide.observe(wideLive[i++ & 1023] as Record<string, unknown>, CLASSES[i % 3]),
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

/** Median wall time of a refresh of a monitor of `features` numeric features, in µs per feature. */
async function refreshCost(features: number, bins: number): Promise<number> {
  const m = new DriftMonitor({
    modelVersion: `refresh-${features}-${bins}`,
    features: kinds(features, 0),
    reference: { rows: rows(features, 0, 1000) },
    bins,
    minSamples: 1,
  });
  for (const row of rows(features, 0, 1000)) m.observe(row);
  const times: number[] = [];
  for (let k = 0; k < 30; k++) {
    const started = performance.now();
    await m.refresh();
    times.push(performance.now() - started);
  }
  m.stop();
  return (median(times) * 1000) / features;
}

async function main(): Promise<void> {
  const baseline = contenders[0]?.name ?? '';
  const results = await runInterleaved(contenders, baseline);
  console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
  console.log(toMarkdown(results, baseline));
  console.log('\n| refresh (window of 1000, 10 slices) | µs per feature |\n| --- | ---: |');
  for (const [features, bins] of [
    [4, 10],
    [100, 10],
    [1000, 10],
    [100, 20],
  ] as const) {
    const us = await refreshCost(features, bins);
    console.log(`| ${features} numeric features, ${bins} bins | ${us.toFixed(2)} |`);
  }
  iris.stop();
  wide.stop();
}

void main();
