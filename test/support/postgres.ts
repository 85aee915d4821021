import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from './ports';

/**
 * The PostgreSQL server the tests use: `TEST_DATABASE_URL`, else the machine's own on 5432
 * (scripts/test.sh makes sure it runs).
 */
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own on the shared server, dropped by `drop()`. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>, url = ADMIN_DATABASE_URL): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named for this test run. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `obs_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one query on `url` and returns its rows. */
export function queryRows<T>(url: string, sql: string): Promise<T[]> {
  return admin(async (c) => (await c.query(sql)).rows as T[], url);
}

const PG_BIN = process.env.PG_BIN ?? findPgBin();

function findPgBin(): string {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return '/usr/lib/postgresql/15/bin';
  }
}

/** As root, PostgreSQL refuses to run: its processes then run as the `postgres` user. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL server of the test's own, on a free port in a temporary folder, that the test can
 * stop, kill and start again (fault tests must never touch the shared server).
 */
export class PrivatePostgres {
  private process: ChildProcess | undefined;
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly settings: Readonly<Record<string, string>>,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Creates and starts a server; `settings` are extra `postgres -c` settings (max_connections...). */
  static async create(settings: Readonly<Record<string, string>> = {}): Promise<PrivatePostgres> {
    const root = mkdtempSync(join(tmpdir(), 'obs-pg-'));
    chmodSync(root, 0o755);
    const dataDir = join(root, 'data');
    const user = serverUser();
    if (user.uid !== undefined && user.gid !== undefined) chownSync(root, user.uid, user.gid);
    execFileSync(
      join(PG_BIN, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'],
      {
        stdio: 'ignore',
        ...user,
      },
    );
    const pg = new PrivatePostgres(dataDir, await freePort(), settings);
    await pg.start();
    return pg;
  }

  /** Starts the server and waits until it accepts queries. */
  async start(): Promise<void> {
    const args = [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      '-h',
      '127.0.0.1',
      '-k',
      this.dataDir,
    ];
    // fsync off is safe here: a killed process loses nothing the OS already holds. Commits stay
    // synchronous, so what a test saw committed survives a SIGKILL.
    const fast = ['-c', 'fsync=off', '-c', 'full_page_writes=off'];
    const extra = Object.entries(this.settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    this.process = spawn(join(PG_BIN, 'postgres'), [...args, ...fast, ...extra], {
      stdio: 'ignore',
      ...serverUser(),
    });
    await waitFor(`private PostgreSQL on ${this.port}`, () =>
      admin(() => Promise.resolve(true), this.url),
    );
  }

  /** Kills the server at once (SIGKILL on the postmaster): connections die mid-flight. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    // Children of a killed postmaster exit on their own; wait until the port is free again.
    await waitFor(
      'the killed PostgreSQL to release its port',
      async () => !(await admin(() => Promise.resolve(true), this.url).catch(() => false)),
    );
    rmSync(join(this.dataDir, 'postmaster.pid'), { force: true });
  }

  /** Stops the server for good and removes its files. */
  async destroy(): Promise<void> {
    await this.kill();
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }
}
