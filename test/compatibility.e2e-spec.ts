import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ConsumerApp,
  ConsumerSpec,
  PackedLibrary,
  RunningConsumer,
} from './support/consumer-apps';
import {
  createConsumerApp,
  installedVersion,
  nodeBinary,
  packLibrary,
  runInApp,
  startConsumerApp,
} from './support/consumer-apps';
import { OtlpReceiver } from './support/otlp-receiver';
import { freePort, waitFor } from './support/ports';

/** The oldest Node the package supports (OpenTelemetry's floor), the latest 22, and 24 LTS. */
const NODE_22_FLOOR = '22.15.0';
const NODE_22 = '22.23.3';
const NODE_24 = '24.21.0';

/** The apps a Nest team would build: each Nest major, each preload flag, both adapters, CJS and ESM. */
const APPS: readonly ConsumerSpec[] = [
  {
    name: 'nest12-node24-express',
    node: NODE_24,
    nest: 12,
    adapter: 'express',
    module: 'nodenext',
    preload: '--import',
    typescript: '~6.0.0',
    testRunner: 'jest',
  },
  {
    name: 'nest12-node22-require',
    node: NODE_22_FLOOR,
    nest: 12,
    adapter: 'express',
    module: 'nodenext',
    preload: '--require',
    typescript: '~6.0.0',
  },
  {
    name: 'nest11-node22-commonjs',
    node: NODE_22,
    nest: 11,
    adapter: 'express',
    module: 'commonjs',
    preload: '--import',
    typescript: '~5.9.0',
  },
  {
    name: 'nest12-node24-fastify',
    node: NODE_24,
    nest: 12,
    adapter: 'fastify',
    module: 'nodenext',
    preload: '--require',
    typescript: '~6.0.0',
  },
  {
    name: 'nest12-node24-esm',
    node: NODE_24,
    nest: 12,
    adapter: 'express',
    module: 'esm',
    preload: '--import',
    typescript: '~6.0.0',
    testRunner: 'vitest',
  },
];

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

describe('fresh consumer apps installed from the packed package', () => {
  let parent: string;
  let packed: PackedLibrary;
  const apps = new Map<string, ConsumerApp>();

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'obs-consumers-'));
    packed = await packLibrary(parent);
    // One download per Node version, before the installs run side by side.
    for (const version of new Set(APPS.map((a) => a.node))) await nodeBinary(version);
    const built = await Promise.all(
      APPS.map((spec) => createConsumerApp(parent, spec, packed.tarball)),
    );
    for (const app of built) apps.set(app.spec.name, app);
  }, 20 * 60_000);

  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("npm pack runs the package's build (prepack), the one staged here", () => {
    const manifest = JSON.parse(
      readFileSync(join(__dirname, '../libs/observability/package.json'), 'utf8'),
    ) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepack).toBe('node ../../scripts/build-library.mjs --pack');
  });

  it('the tarball holds the build, declarations, maps and docs, and no test, sample or source', () => {
    const files = packed.files;
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/index.js.map',
        'dist/testing/index.js',
        'dist/register/index.js',
        'dist/slo/index.js',
        'dist/slo/cli/main.js',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const testsOrSample = /\.spec\.|\.e2e-spec\.|fixture|(^|\/)test\/|prediction-api|(^|\/)apps\//;
    expect(files.filter((f) => testsOrSample.test(f))).toEqual([]);
  });

  it('installs the nestjs-observability command: help, and a clear error for a missing optional peer', async () => {
    const app = apps.get('nest12-node24-esm') as ConsumerApp;
    const help = await runInApp(app, 'npx', ['nestjs-observability', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('nestjs-observability generate --slos <module> --out <dir>');
    const generate = await runInApp(app, 'npx', [
      'nestjs-observability',
      'generate',
      '--slos',
      'slos.mjs',
      '--out',
      'deploy',
    ]);
    expect(generate.code).toBe(2);
    expect(generate.stderr.trim()).toBe(
      'Generating the Grafana dashboard needs the package @grafana/grafana-foundation-sdk, which is not installed. Fix: npm install @grafana/grafana-foundation-sdk (it is an optional peer dependency of nestjs-observability), or pass --no-dashboard to generate the Prometheus files only.',
    );
    const rulesOnly = await runInApp(app, 'npx', [
      'nestjs-observability',
      'generate',
      '--slos',
      'slos.mjs',
      '--out',
      'deploy',
      '--no-dashboard',
    ]);
    expect(rulesOnly.code).toBe(0);
    expect(rulesOnly.stdout).toContain('wrote deploy/prometheus/slo-rules.yml');
    expect(rulesOnly.stdout).not.toContain('grafana');
  });

  describe.each(APPS.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
    let receiver: OtlpReceiver;
    let running: RunningConsumer;
    let base: string;
    let exitCode: number | null | undefined;

    beforeAll(async () => {
      const app = apps.get(name) as ConsumerApp;
      receiver = await OtlpReceiver.start();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      running = startConsumerApp(app, {
        PORT: String(port),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        LOG_LEVEL: 'info',
      });
      await waitFor(
        `${name} to answer /health`,
        async () => (await fetch(`${base}/health`)).status === 200,
        60_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${running.output.stdout}\n${running.output.stderr}`);
      });
    }, 90_000);

    afterAll(async () => {
      if (exitCode === undefined) running.child.kill('SIGKILL');
      await receiver.stop();
    });

    it(`runs Nest ${spec.nest} on Node ${spec.node}`, async () => {
      const app = apps.get(name) as ConsumerApp;
      expect(installedVersion(app, '@nestjs/core').split('.')[0]).toBe(String(spec.nest));
      const version = await runInApp(app, app.nodeBinary, ['-p', 'process.versions.node']);
      expect(version.stdout.trim()).toBe(spec.node);
    });

    it('answers /health and /ready, the readiness check going through Terminus', async () => {
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { model: 'up' } });
    });

    it('continues the caller trace: SERVER span, decorator span, JSON logs with its trace_id', async () => {
      const answer = await fetch(`${base}/items/42`, {
        headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` },
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ id: 42, name: 'item-42' });
      await waitFor('the spans of the request', async () =>
        ['ItemsService.find', 'controller ItemsController.find'].every((name) =>
          receiver.spans.some((s) => s.name === name),
        ),
      );
      const server = receiver.spans.find((s) => s.kind === 2 && s.traceId === TRACE_ID);
      expect(server).toMatchObject({ name: 'GET /items/:id', parentSpanId: PARENT_SPAN_ID });
      expect(server?.resource['service.name']).toBe('consumer-app');
      const method = receiver.spans.find((s) => s.name === 'ItemsService.find');
      expect(method?.traceId).toBe(TRACE_ID);
      // The Nest adapter patches this Nest's RouterExecutionContext: controller > handler > method.
      const controller = receiver.spans.find((s) => s.name === 'controller ItemsController.find');
      const handler = receiver.spans.find((s) => s.name === 'handler ItemsController.find');
      expect(controller).toMatchObject({ traceId: TRACE_ID, parentSpanId: server?.spanId });
      expect(controller?.attributes).toMatchObject({
        'nestjs.type': 'request_context',
        'nestjs.version': installedVersion(apps.get(name) as ConsumerApp, '@nestjs/core'),
        component: '@nestjs/core',
      });
      expect(handler?.parentSpanId).toBe(controller?.spanId);
      expect(method?.parentSpanId).toBe(handler?.spanId);

      const lines = running.output.stdout.trim().split('\n');
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const logged = records.find((r) => r.msg === 'finding item 42');
      expect(logged).toMatchObject({ level: 'info', service: 'consumer-app', trace_id: TRACE_ID });
      const report = records.find((r) => String(r.msg).startsWith('Tracing started before Nest'));
      expect(String(report?.msg)).toContain(
        `nest ${installedVersion(apps.get(name) as ConsumerApp, '@nestjs/core')} (controller and handler spans)`,
      );
    });

    it('serves /metrics with route templates and the decorators metrics', async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(
        /http_requests_total\{method="GET",route="\/items\/:id",status="200"\} 1/,
      );
      expect(text).toMatch(
        /method_calls_total\{class="ItemsService",method="find",outcome="success",error_type=""\} 1/,
      );
      expect(text).toContain('method_duration_seconds_bucket{class="ItemsService",method="find"');
    });

    if (spec.testRunner !== undefined) {
      const runner = spec.testRunner;
      it(`runs its own ${runner} test of the decorated service with the test kit`, async () => {
        const app = apps.get(name) as ConsumerApp;
        const result =
          runner === 'jest'
            ? await runInApp(app, 'npx', ['jest', '--ci'], {
                NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning',
              })
            : await runInApp(app, 'npx', ['vitest', 'run']);
        expect({ code: result.code, output: `${result.stdout}${result.stderr}` }).toMatchObject({
          code: 0,
          output: expect.stringMatching(/1 passed/),
        });
      });
    }

    it('exits 0 on SIGTERM', async () => {
      running.child.kill('SIGTERM');
      exitCode = await running.exited;
      expect(exitCode).toBe(0);
    });
  });
});
