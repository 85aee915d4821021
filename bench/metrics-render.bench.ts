/**
 * The time of one /metrics render of a large registry: 10,000 counter series (a prom-client
 * `Counter` of the application's, as the HTTP benchmark's scrape row holds) plus the SDK's HTTP
 * families, rendered by the SDK's `renderMetrics`, by the line-array render it replaced (kept here
 * as it was, to compare), and by prom-client's own `registry.metrics()`; and the share of the
 * metrics' `get()` (prom-client building one sample object per series), which every render pays.
 * Contenders interleaved over rounds; medians of the rounds.
 *
 * Run: npm run bench:render
 */
import { Counter, Registry } from 'prom-client';
import { renderMetrics } from '../libs/observability/src/metrics/exposition';
import type { MetricSnapshotView } from '../libs/observability/src/metrics/registry-snapshots';
import { registrySnapshots } from '../libs/observability/src/metrics/registry-snapshots';

const SERIES = Number(process.env.SERIES ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const RENDERS = 10;

const registry = new Registry();
const counter = new Counter({
  name: 'bench_extra_total',
  help: 'Padding series.',
  labelNames: ['n'],
  registers: [registry],
});
for (let n = 0; n < SERIES; n++) counter.inc({ n: String(n) });

/** The render this file's subject replaced: an array of lines, joined (as of 2026-11-26). */
async function lineArrayRender(target: Registry): Promise<string> {
  const escapeLabel = (v: string) =>
    v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  const formatLabels = (labels: Readonly<Partial<Record<string, string | number>>>) => {
    const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
    return parts.length === 0 ? '' : `{${parts.join(',')}}`;
  };
  const renderFamily = (snapshot: MetricSnapshotView) => {
    const lines = [
      `# HELP ${snapshot.name} ${snapshot.help}`,
      `# TYPE ${snapshot.name} ${snapshot.type}`,
    ];
    for (const sample of snapshot.values ?? []) {
      lines.push(
        `${sample.metricName ?? snapshot.name}${formatLabels(sample.labels)} ${String(sample.value)}`,
      );
    }
    return lines;
  };
  const lines = (await registrySnapshots(target)).flatMap(renderFamily);
  return `${lines.join('\n')}\n`;
}

const CONTENDERS: readonly { name: string; render: () => Promise<unknown> }[] = [
  { name: 'prom-client registry.metrics()', render: () => registry.metrics() },
  { name: 'previous SDK render (line array, join)', render: () => lineArrayRender(registry) },
  { name: 'SDK renderMetrics (prometheus)', render: () => renderMetrics(registry, 'prometheus') },
  { name: "snapshots only (every metric's get())", render: () => registrySnapshots(registry) },
];

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  const samples = new Map(CONTENDERS.map((c) => [c.name, [] as number[]]));
  for (const c of CONTENDERS) for (let i = 0; i < RENDERS; i++) await c.render(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const c = CONTENDERS[(round + k) % CONTENDERS.length]!;
      const start = performance.now();
      for (let i = 0; i < RENDERS; i++) await c.render();
      samples.get(c.name)!.push((performance.now() - start) / RENDERS);
    }
  }
  const base = median(samples.get(CONTENDERS[0]!.name)!);
  console.log(
    `Node ${process.version}, ${new Date().toISOString()}, ${SERIES} series, ${ROUNDS} rounds\n`,
  );
  console.log(`| render of ${SERIES} series | median ms | vs prom-client |\n| --- | ---: | ---: |`);
  for (const c of CONTENDERS) {
    const ms = median(samples.get(c.name)!);
    console.log(`| ${c.name} | ${ms.toFixed(2)} | ${(ms / base).toFixed(2)}× |`);
  }
}

void main();
