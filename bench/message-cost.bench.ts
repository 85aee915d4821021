/**
 * What one consumed message and one job cost the service, with and without the SDK, next to one
 * HTTP request to the same handler: server CPU time per unit of work (read from /proc for the
 * server's process, so the load generator's own CPU is not counted) and throughput, for a bare
 * hybrid Nest app and the same app with the SDK (module defaults, access log, tracing preload,
 * every trace sampled, spans exported over OTLP to a collector stand-in of its own). Variants and
 * entry points interleaved round by round. Redis (BullMQ) on 127.0.0.1:6379.
 *
 * Run: npm run bench:messages (`ROUNDS`, `SECONDS`, `JOBS` override 3 rounds of 5 s and 2000 jobs)
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { firstValueFrom } from 'rxjs';
import { freePort, startProcess as start } from './bench-process';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 5);
const JOBS = Number(process.env.JOBS ?? 2000);
const CONCURRENCY = 32;
const TICKS_PER_SECOND = 100; // Linux USER_HZ: /proc reports CPU time in 1/100 s
const connection = { host: '127.0.0.1', port: 6379 };

type Entry = 'http' | 'message' | 'job';
const ENTRIES: readonly Entry[] = ['http', 'message', 'job'];
const VARIANTS = ['bare', 'sdk'] as const;
type VariantName = (typeof VARIANTS)[number];

interface Target {
  readonly name: VariantName;
  readonly child: ChildProcess;
  readonly httpPort: number;
  readonly client: ClientProxy;
  readonly queue: Queue;
}

/** CPU seconds the process has used so far (user + system). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Runs `one` in `CONCURRENCY` closed loops for `SECONDS`; returns how many completed. */
async function closedLoop(one: () => Promise<unknown>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await one();
        done++;
      }
    }),
  );
  return done;
}

async function runJobs(queue: Queue): Promise<number> {
  const before = await queue.getCompletedCount();
  await queue.addBulk(
    Array.from({ length: JOBS }, (_, i) => ({ name: 'model', data: { id: `id-${i}` } })),
  );
  while ((await queue.getCompletedCount()) < before + JOBS)
    await new Promise((r) => setTimeout(r, 20));
  return JOBS;
}

async function measure(
  target: Target,
  entry: Entry,
): Promise<{ cpuUs: number; perSecond: number }> {
  const pid = target.child.pid as number;
  const cpuBefore = cpuSeconds(pid);
  const startMs = performance.now();
  let units: number;
  if (entry === 'http') {
    const url = `http://127.0.0.1:${target.httpPort}/models/42`;
    units = await closedLoop(async () => (await fetch(url)).text());
  } else if (entry === 'message') {
    units = await closedLoop(() => firstValueFrom(target.client.send('model', 'id-42')));
  } else {
    units = await runJobs(target.queue);
  }
  const seconds = (performance.now() - startMs) / 1000;
  return { cpuUs: ((cpuSeconds(pid) - cpuBefore) / units) * 1e6, perSecond: units / seconds };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  const processes: ChildProcess[] = [];
  const targets: Target[] = [];
  try {
    for (const name of VARIANTS) {
      const env: NodeJS.ProcessEnv = {
        TCP_PORT: String(await freePort()),
        QUEUE: `bench-messages-${name}-${randomUUID().slice(0, 8)}`,
        LOG_LEVEL: 'info',
      };
      let preload: string | undefined;
      if (name === 'sdk') {
        const collector = await start('fixtures/collector.fixture.ts', [], {});
        processes.push(collector.child);
        env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${collector.port}`;
        preload = 'fixtures/full-otel.preload.ts';
      }
      const server = await start('fixtures/message-server.fixture.ts', [name], env, preload);
      processes.push(server.child);
      const client = ClientProxyFactory.create({
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: Number(env.TCP_PORT) },
      });
      await client.connect();
      const queue = new Queue(env.QUEUE as string, { connection });
      targets.push({ name, child: server.child, httpPort: server.port, client, queue });
    }
    // Warm-up: every entry point of every variant once, briefly.
    for (const target of targets) {
      for (let i = 0; i < 200; i++) await firstValueFrom(target.client.send('model', 'warm'));
      await (await fetch(`http://127.0.0.1:${target.httpPort}/models/warm`)).text();
    }
    const samples = new Map<string, { cpuUs: number[]; perSecond: number[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < ENTRIES.length * targets.length; k++) {
        const i = (round + k) % (ENTRIES.length * targets.length);
        const target = targets[i % targets.length] as Target;
        const entry = ENTRIES[Math.floor(i / targets.length)] as Entry;
        const key = `${entry} ${target.name}`;
        const result = await measure(target, entry);
        const s = samples.get(key) ?? { cpuUs: [], perSecond: [] };
        s.cpuUs.push(result.cpuUs);
        s.perSecond.push(result.perSecond);
        samples.set(key, s);
      }
    }
    console.log(`Node ${process.version}, ${new Date().toISOString()}, ${ROUNDS} rounds\n`);
    console.log(
      '| entry point | server CPU µs/unit, bare | with the SDK | SDK cost µs | units/s bare | units/s SDK |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const entry of ENTRIES) {
      const bare = samples.get(`${entry} bare`);
      const withSdk = samples.get(`${entry} sdk`);
      if (bare === undefined || withSdk === undefined) continue;
      const b = median(bare.cpuUs);
      const s = median(withSdk.cpuUs);
      console.log(
        `| ${entry} | ${b.toFixed(0)} | ${s.toFixed(0)} | ${(s - b).toFixed(0)} | ${median(bare.perSecond).toFixed(0)} | ${median(withSdk.perSecond).toFixed(0)} |`,
      );
    }
  } finally {
    for (const target of targets) {
      await target.client.close();
      await target.queue.obliterate({ force: true }).catch(() => undefined);
      await target.queue.close();
    }
    for (const child of processes) child.kill();
  }
}

void main();
