/**
 * A CPU profile of one variant of the HTTP benchmark under load: starts its collector stand-in and
 * its server with `--cpu-prof`, loads it with autocannon, stops it with SIGUSR2 (the fixture exits
 * on it, so the profile is written) and prints the heaviest functions by self time.
 *
 * Run: node --require ./scripts/ts-register.cjs bench/profile-http.ts full [seconds] [sampler ratio]
 * NO_PRELOAD=1 profiles `full` without the tracing preload (the module alone); SELF_JSON=<file>
 * also writes each function's self time in µs per request, to compare two variants' profiles.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startProcess } from './bench-process';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** User + system CPU time of a process so far, in µs, from /proc (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function main(): Promise<void> {
  const app = process.argv[2] ?? 'full';
  const seconds = Number(process.argv[3] ?? 8);
  const ratio = process.argv[4];
  const dir = mkdtempSync(join(tmpdir(), 'http-profile-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  if (ratio !== undefined) {
    env.OTEL_TRACES_SAMPLER = 'parentbased_traceidratio';
    env.OTEL_TRACES_SAMPLER_ARG = ratio;
  }
  const preload =
    app === 'full' && process.env.NO_PRELOAD !== '1'
      ? 'fixtures/full-otel.preload.ts'
      : app === 'anchor'
        ? 'fixtures/anchor-otel.preload.ts'
        : undefined;
  const collector = preload
    ? await startProcess('fixtures/collector.fixture.ts', [], {})
    : undefined;
  if (collector) env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${collector.port}`;
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--require',
      join(__dirname, '../scripts/ts-register.cjs'),
      ...(preload ? ['--require', join(__dirname, preload)] : []),
      join(__dirname, 'fixtures/http-server.fixture.ts'),
      app,
    ],
    { env: { ...env, BENCH_EXIT_ON_SIGUSR2: '1' }, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] },
  );
  const port = await new Promise<number>((resolve) =>
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (d: Buffer) =>
      resolve(Number(String(d).trim())),
    ),
  );
  await autocannon({ url: `http://127.0.0.1:${port}/models/42`, connections: 32, duration: 2 });
  const cpuBefore = cpuMicros(child.pid!);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/models/42`,
    connections: 32,
    duration: seconds,
  });
  console.log(
    `server CPU (user + system) per request: ${((cpuMicros(child.pid!) - cpuBefore) / result.requests.total).toFixed(1)} µs`,
  );
  console.log(`${app}: ${result.requests.average} req/s, p99 ${result.latency.p99} ms`);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGUSR2');
  await exited;
  collector?.child.kill();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  // Only the samples of the timed load (the last `seconds`), not the startup's.
  let t = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const from = t - seconds * 1e6;
  const samples: number[] = [];
  t = 0;
  profile.samples.forEach((s, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t >= from) samples.push(s);
  });
  const self = new Map<number, number>();
  for (const s of samples) self.set(s, (self.get(s) ?? 0) + 1);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const keyOf = (f: ProfileNode['callFrame']) =>
    `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*wt-perf\//, '')}:${f.lineNumber + 1}`;
  const byName = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = nodes.get(id)!;
    const key = keyOf(node.callFrame);
    let sum = self.get(id) ?? 0;
    byName.set(key, (byName.get(key) ?? 0) + sum);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    for (const c of node.children ?? []) sum += walk(c, onStack);
    if (fresh) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0]!.id, new Set());
  const total = samples.length;
  const idleIds = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const busy = samples.filter((s) => !idleIds.has(s)).length;
  console.log(
    `CPU per request: ${(((busy / total) * seconds * 1e6) / result.requests.total).toFixed(1)} µs (busy ${((100 * busy) / total).toFixed(0)} %)`,
  );
  const show = (title: string, map: Map<string, number>, filter: (k: string) => boolean) => {
    console.log(title);
    const rows = [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]);
    for (const [name, n] of rows.slice(0, Number(process.env.TOP ?? 40)))
      console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`);
  };
  show('self time', byName, () => true);
  show('inclusive time, observability and OpenTelemetry', inclusive, (k) =>
    /libs\/observability|@opentelemetry|pino|sonic/.test(k),
  );
  console.log(`profile: ${join(dir, file)}`);
  if (process.env.SELF_JSON) {
    const perRequest = Object.fromEntries(
      [...byName].map(([k, n]) => [k, ((n / total) * seconds * 1e6) / result.requests.total]),
    );
    writeFileSync(process.env.SELF_JSON, JSON.stringify(perRequest));
  }
}

void main();
