import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const DIST = join(__dirname, '../libs/observability/dist');

/**
 * The packages a fresh process has loaded after `require(entry)` (in the main thread, or in a
 * worker thread), by package name.
 */
function packagesLoadedBy(entry: string, inWorker = false): string[] {
  const list = `Object.keys(require.cache).map((p) => { const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(p); return m ? m[1] : 'nestjs-observability'; })`;
  const load = `require(${JSON.stringify(entry)}); console.log(JSON.stringify([...new Set(${list})]))`;
  const script = inWorker
    ? `const { Worker } = require('node:worker_threads'); new Worker(${JSON.stringify(load)}, { eval: true, stdout: false });`
    : load;
  const output = execFileSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', OTEL_TRACES_EXPORTER: 'none' },
  });
  return JSON.parse(output.trim().split('\n').pop() as string) as string[];
}

describe('each entry point of the built package loads only what it needs', () => {
  it('nestjs-observability (the runtime) loads no database or cache client, no SLO generator', () => {
    const loaded = packagesLoadedBy(join(DIST, 'index.js'));
    expect(loaded).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/terminus']));
    for (const name of [
      'pg',
      'ioredis',
      '@grafana/grafana-foundation-sdk',
      'yaml',
      'pino-pretty',
    ]) {
      expect(loaded).not.toContain(name);
    }
  });

  it('nestjs-observability/testing loads no Nest module, Terminus, database client or generator', () => {
    const loaded = packagesLoadedBy(join(DIST, 'testing/index.js'));
    expect(loaded).toEqual(expect.arrayContaining(['prom-client', '@opentelemetry/sdk-trace']));
    for (const name of [
      '@nestjs/core',
      '@nestjs/terminus',
      'nestjs-pino',
      'pg',
      'ioredis',
      '@grafana/grafana-foundation-sdk',
      'yaml',
    ]) {
      expect(loaded).not.toContain(name);
    }
  });

  it('nestjs-observability/slo loads neither Nest nor OpenTelemetry nor the Grafana builder until a dashboard is generated', () => {
    const loaded = packagesLoadedBy(join(DIST, 'slo/index.js'));
    expect(loaded).toContain('yaml');
    for (const name of [
      '@nestjs/common',
      '@nestjs/core',
      '@opentelemetry/api',
      'prom-client',
      '@grafana/grafana-foundation-sdk',
    ]) {
      expect(loaded).not.toContain(name);
    }
  });

  it('nestjs-observability/register loads no Nest package in the main thread', () => {
    const loaded = packagesLoadedBy(join(DIST, 'register/index.js'));
    expect(loaded).toEqual(expect.arrayContaining(['@opentelemetry/sdk-trace']));
    expect(loaded.filter((name) => name.startsWith('@nestjs/'))).toEqual([]);
  });

  it('nestjs-observability/register loads nothing outside the main thread (loader hooks, workers)', () => {
    expect(packagesLoadedBy(join(DIST, 'register/index.js'), true)).toEqual([
      'nestjs-observability',
    ]);
  });
});
