/**
 * Requests per second and p99 latency of a bare Nest 12 app against the same app with
 * ObservabilityModule, each server in its own process, loaded by autocannon on 127.0.0.1,
 * variants interleaved over rounds. Then the time of a /metrics scrape under load, and with
 * 10,000 extra series.
 *
 * Run: npm run bench:http
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
const CONNECTIONS = 32;
const VARIANTS = ['bare', 'observability'] as const;

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
      join(__dirname, 'fixtures/http-server.fixture.ts'),
      variant,
    ],
    { env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) =>
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
    const observed = servers.get('observability')!;
    const underLoad = load(observed.port, 5);
    await new Promise((r) => setTimeout(r, 1000));
    const scrapeUnderLoad = await scrapeMs(observed.port, 30);
    await underLoad;
    const padded = await startServer('observability', { EXTRA_SERIES: '10000' });
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
    console.log(`| under load (${CONNECTIONS} connections) | ${scrapeUnderLoad.toFixed(2)} |`);
    console.log(`| with 10,000 extra series, idle | ${scrapeLarge.toFixed(2)} |`);
  } finally {
    for (const s of servers.values()) s.child.kill();
  }
}

void main();
