/**
 * Requests per second and p99 latency of a bare Nest 12 app against the same app with
 * ObservabilityModule and with the anchor stack teams assemble today, each server in its own
 * process, loaded by autocannon on 127.0.0.1,
 * variants interleaved over rounds. Then the time of a /metrics scrape of the sample service
 * under load, and of the benchmark app holding 10,000 extra series.
 *
 * Run: npm run bench:http
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { spawnSample } from '../test/support/sample-process';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
const CONNECTIONS = 32;
const VARIANTS = ['bare', 'metrics', 'full', 'anchor'] as const;
const PRELOADS: Record<string, string> = {
  full: 'fixtures/full-otel.preload.ts',
  anchor: 'fixtures/anchor-otel.preload.ts',
};

interface Server {
  readonly port: number;
  readonly child: ChildProcess;
}

function startServer(variant: string, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      join(__dirname, '../scripts/ts-register.cjs'),
      ...(PRELOADS[variant] ? ['--require', join(__dirname, PRELOADS[variant])] : []),
      join(__dirname, 'fixtures/http-server.fixture.ts'),
      variant,
    ],
    {
      env: { ...process.env, ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) =>
      resolve({ port: Number(String(data).trim()), child }),
    );
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
}

async function load(port: number, seconds = SECONDS): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/models/42`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return { rps: result.requests.average, p99: result.latency.p99 };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The sample service, from source: on the PostgreSQL of SAMPLE_DATABASE_URL when set (as deployed),
 * else on its embedded store, which runs in the service's own event loop. Ready once /model answers.
 */
async function startSample(): Promise<Server> {
  const port = await freePort();
  const child = spawnSample(port, { DATABASE_URL: process.env.SAMPLE_DATABASE_URL ?? '' });
  for (let i = 0; i < 100; i++) {
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

async function scrapeMs(port: number, times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
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

async function main(): Promise<void> {
  const servers = new Map<string, Server>();
  for (const v of VARIANTS) servers.set(v, await startServer(v));
  const results = new Map<string, { rps: number[]; p99: number[] }>(
    VARIANTS.map((v) => [v, { rps: [], p99: [] }]),
  );
  try {
    for (const v of VARIANTS) await load(servers.get(v)!.port, 2); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < VARIANTS.length; k++) {
        const v = VARIANTS[(round + k) % VARIANTS.length]!;
        const { rps, p99 } = await load(servers.get(v)!.port);
        results.get(v)!.rps.push(rps);
        results.get(v)!.p99.push(p99);
      }
    }
    const sample = await startSample();
    servers.set('sample', sample);
    const underLoad = loadSample(sample.port, 6);
    await new Promise((r) => setTimeout(r, 1000));
    const scrapeUnderLoad = await scrapeMs(sample.port, 30);
    await underLoad;
    const scrapeIdle = await scrapeMs(sample.port, 30);
    const padded = await startServer('metrics', { EXTRA_SERIES: '10000' });
    servers.set('padded', padded);
    const scrapeLarge = await scrapeMs(padded.port, 30);

    const bare = results.get('bare')!;
    const base = { rps: median(bare.rps), p99: median(bare.p99) };
    console.log(
      `Node ${process.version}, ${new Date().toISOString()}, ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, GET /models/:id\n`,
    );
    console.log(
      '| variant | median req/s | vs bare | median p99 ms | vs bare |\n| --- | ---: | ---: | ---: | ---: |',
    );
    for (const v of VARIANTS) {
      const r = results.get(v)!;
      const rps = median(r.rps);
      const p99 = median(r.p99);
      console.log(
        `| ${v} | ${rps.toFixed(0)} | ${(rps / base.rps).toFixed(2)}× | ${p99.toFixed(1)} | ${(p99 / base.p99).toFixed(2)}× |`,
      );
    }
    console.log(`\n| /metrics scrape | median ms |\n| --- | ---: |`);
    const store = process.env.SAMPLE_DATABASE_URL ? 'PostgreSQL' : 'embedded store';
    console.log(`| sample service (${store}), idle | ${scrapeIdle.toFixed(2)} |`);
    console.log(
      `| sample service (${store}) under ${SAMPLE_RATE} POST /predict per second | ${scrapeUnderLoad.toFixed(2)} |`,
    );
    console.log(`| benchmark app with 10,000 extra series, idle | ${scrapeLarge.toFixed(2)} |`);
  } finally {
    for (const s of servers.values()) s.child.kill();
  }
}

void main();
