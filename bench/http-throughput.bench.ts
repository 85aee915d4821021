/**
 * Requests per second and p99 latency of a bare Nest 12 app against the same app with
 * ObservabilityModule and with the anchor stack teams assemble today, each server in its own
 * process, loaded by autocannon on 127.0.0.1,
 * variants interleaved over rounds. Then the time of a /metrics scrape of the sample service
 * under load, and of the benchmark app holding 10,000 extra series.
 *
 * Run: npm run bench:http
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { BenchProcess as Server } from './bench-process';
import { freePort, startProcess } from './bench-process';
import { spawnSample } from '../test/support/sample-process';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
const CONNECTIONS = 32;

/**
 * The variants, each a server process: what it runs, and the goal its throughput (and p99) must
 * meet against `bare`'s in the same run. Spans go over OTLP http/protobuf to a collector stand-in
 * of their own (`fixtures/collector.fixture.ts`), the real exporter doing its real work.
 */
const ALL_VARIANTS = [
  { name: 'bare', app: 'bare' },
  { name: 'metrics', app: 'metrics', goal: { rps: 0.9 } },
  {
    name: 'sampled 10%',
    app: 'full',
    preload: 'fixtures/full-otel.preload.ts',
    env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
    goal: { rps: 0.85 },
  },
  {
    name: 'full',
    app: 'full',
    preload: 'fixtures/full-otel.preload.ts',
    goal: { rps: 0.6, p99: 2 },
  },
  { name: 'anchor', app: 'anchor', preload: 'fixtures/anchor-otel.preload.ts' },
] as const satisfies readonly Variant[];

/**
 * `ONLY=full,metrics` measures bare and those variants alone (and skips the scrapes), to check one
 * change quickly; the figures of record come from a run of every variant.
 */
const ONLY = process.env.ONLY?.split(',');
const VARIANTS = ALL_VARIANTS.filter(
  (v) => ONLY === undefined || v.name === 'bare' || ONLY.includes(v.name),
);

interface Variant {
  readonly name: string;
  readonly app: string;
  readonly preload?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Minimum req/s and maximum p99, as ratios to bare's. */
  readonly goal?: { readonly rps: number; readonly p99?: number };
}

function startServer(app: string, env: NodeJS.ProcessEnv = {}, preload?: string): Promise<Server> {
  return startProcess('fixtures/http-server.fixture.ts', [app], env, preload);
}

/** Requests each variant's server answered, warm-up included, to check the spans received. */
const requestsServed = new Map<number, number>();

/**
 * User + system CPU time a process has used so far, in µs (from /proc, clock ticks of 10 ms): the
 * server's own cost per request, whatever the load generator and the rest of the machine take.
 */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function load(
  server: Server,
  seconds = SECONDS,
): Promise<{ rps: number; p99: number; cpu: number }> {
  const port = server.port;
  const cpuBefore = cpuMicros(server.child.pid!);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/models/42`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  requestsServed.set(port, (requestsServed.get(port) ?? 0) + result.requests.total);
  const cpu = (cpuMicros(server.child.pid!) - cpuBefore) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p99: result.latency.p99, cpu };
}

/**
 * The sample service, from source: on the PostgreSQL of SAMPLE_DATABASE_URL when set (as deployed),
 * else on its embedded store, which runs in the service's own event loop. Ready once /model answers.
 */
async function startSample(): Promise<Server> {
  const port = await freePort();
  const child = spawnSample(port, { DATABASE_URL: process.env.SAMPLE_DATABASE_URL ?? '' });
  // Up to a minute: compiled from source, it starts slowly on a busy machine.
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/model`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { port, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('the sample service did not start');
}

/** Steady load on the sample service: requests per second, each prediction stored. */
const SAMPLE_RATE = 300;

/** Loads the sample service with `SAMPLE_RATE` predictions per second for `seconds`. */
function loadSample(port: number, seconds: number): Promise<unknown> {
  return autocannon({
    url: `http://127.0.0.1:${port}/predict`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sepalLength: 5.1, sepalWidth: 3.5, petalLength: 1.4, petalWidth: 0.2 }),
    connections: 8,
    overallRate: SAMPLE_RATE,
    // In a worker thread, so that generating the load does not delay the timed scrapes.
    workers: 1,
    duration: seconds,
  });
}

/**
 * Median time of a scrape, the scrapes 150 ms apart: the endpoint starts at most one render per
 * 100 ms, and back-to-back scrapes would time that wait instead of the render.
 */
async function scrapeMs(port: number, times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const start = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    await response.text();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Sums the samples of `metric` in a Prometheus text exposition. */
async function metricSum(port: number, metric: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function spansReceived(collector: Server): Promise<number> {
  const answer = await fetch(`http://127.0.0.1:${collector.port}/count`);
  return ((await answer.json()) as { spans: number }).spans;
}

/** Issue 17's goal for a scrape of 10,000 series (median). */
const SCRAPE_GOAL_MS = 10;

/**
 * The /metrics scrape rows: the sample service idle and under load, and 10,000 extra series.
 * Sets a failing exit code when the large scrape misses its goal.
 */
async function scrapeRows(processes: Server[]): Promise<void> {
  const sample = await startSample();
  processes.push(sample);
  const underLoad = loadSample(sample.port, 6);
  await new Promise((r) => setTimeout(r, 1000));
  const scrapeUnderLoad = await scrapeMs(sample.port, 30);
  await underLoad;
  const scrapeIdle = await scrapeMs(sample.port, 30);
  const padded = await startServer('metrics', { EXTRA_SERIES: '10000' });
  processes.push(padded);
  const scrapeLarge = await scrapeMs(padded.port, 30);
  console.log(`\n| /metrics scrape | median ms |\n| --- | ---: |`);
  const store = process.env.SAMPLE_DATABASE_URL ? 'PostgreSQL' : 'embedded store';
  console.log(`| sample service (${store}), idle | ${scrapeIdle.toFixed(2)} |`);
  console.log(
    `| sample service (${store}) under ${SAMPLE_RATE} POST /predict per second | ${scrapeUnderLoad.toFixed(2)} |`,
  );
  const scrapeMet = scrapeLarge <= SCRAPE_GOAL_MS;
  console.log(
    `| benchmark app with 10,000 extra series, idle | ${scrapeLarge.toFixed(2)} (goal ≤ ${SCRAPE_GOAL_MS} ms ${scrapeMet ? 'met' : '**MISSED**'}) |`,
  );
  if (!scrapeMet) {
    console.log('\nThe 10,000-series scrape missed its goal.');
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const processes: Server[] = [];
  const servers = new Map<string, Server>();
  const collectors = new Map<string, Server>();
  const results = new Map<string, { rps: number[]; p99: number[]; cpu: number[] }>(
    VARIANTS.map((v) => [v.name, { rps: [], p99: [], cpu: [] }]),
  );
  let failed = false;
  try {
    for (const v of VARIANTS) {
      const env: NodeJS.ProcessEnv = { ...('env' in v ? v.env : {}) };
      if ('preload' in v) {
        const collector = await startProcess('fixtures/collector.fixture.ts', [], {});
        processes.push(collector);
        collectors.set(v.name, collector);
        env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${collector.port}`;
      }
      const server = await startServer(v.app, env, 'preload' in v ? v.preload : undefined);
      processes.push(server);
      servers.set(v.name, server);
    }
    for (const v of VARIANTS) await load(servers.get(v.name)!, 2); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < VARIANTS.length; k++) {
        const v = VARIANTS[(round + k) % VARIANTS.length]!;
        const { rps, p99, cpu } = await load(servers.get(v.name)!);
        results.get(v.name)!.cpu.push(cpu);
        results.get(v.name)!.rps.push(rps);
        results.get(v.name)!.p99.push(p99);
      }
    }
    // Let the last batches leave (OTEL_BSP_SCHEDULE_DELAY is 5 s) before counting them.
    await new Promise((r) => setTimeout(r, 6000));

    const bare = results.get('bare')!;
    const base = { rps: median(bare.rps), p99: median(bare.p99) };
    console.log(
      `Node ${process.version}, ${new Date().toISOString()}, ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, GET /models/:id, spans over OTLP http/protobuf to a collector stand-in\n`,
    );
    console.log(
      '| variant | median req/s | vs bare | median p99 ms | vs bare | server CPU µs/request | goal | spans received per request | spans dropped |\n| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
    );
    for (const v of VARIANTS) {
      const r = results.get(v.name)!;
      const rps = median(r.rps);
      const p99 = median(r.p99);
      const goal: Variant['goal'] = 'goal' in v ? v.goal : undefined;
      const met =
        goal === undefined ||
        (rps / base.rps >= goal.rps && (goal.p99 === undefined || p99 / base.p99 <= goal.p99));
      if (!met) failed = true;
      const goalText =
        goal === undefined
          ? ''
          : `≥ ${goal.rps}×${goal.p99 === undefined ? '' : `, p99 ≤ ${goal.p99}×`} ${met ? 'met' : '**MISSED**'}`;
      const collector = collectors.get(v.name);
      const port = servers.get(v.name)!.port;
      const received =
        collector === undefined
          ? ''
          : ((await spansReceived(collector)) / (requestsServed.get(port) ?? 1)).toFixed(3);
      const dropped =
        collector === undefined || v.app !== 'full'
          ? ''
          : String(await metricSum(port, 'observability_spans_dropped_total'));
      console.log(
        `| ${v.name} | ${rps.toFixed(0)} | ${(rps / base.rps).toFixed(2)}× | ${p99.toFixed(1)} | ${(p99 / base.p99).toFixed(2)}× | ${median(r.cpu).toFixed(0)} | ${goalText} | ${received} | ${dropped} |`,
      );
    }

    if (ONLY === undefined) await scrapeRows(processes);
  } finally {
    for (const p of processes) p.child.kill();
  }
  if (failed) {
    console.log('\nA goal was missed (see the goal column).');
    process.exitCode = 1;
  }
}

void main();
