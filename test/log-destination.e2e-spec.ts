import { join } from 'node:path';
import { spawnPreloaded } from './support/sample-process';

describe('the stdout log destination when nobody reads stdout (a stalled log collector)', () => {
  it('keeps serving with at most 4 MiB waiting, counts the lines it drops, and writes what waited once stdout drains (but for a chunk in flight at exit)', async () => {
    const child = spawnPreloaded(join(__dirname, 'fixtures', 'stalled-stdout.fixture.ts'), [], {}, [
      'ignore',
      'pipe',
      'inherit',
      'pipe',
    ]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // stdout is a pipe nobody reads until the report arrives: its 64 KiB fill at once.
    const stdout = child.stdout as NodeJS.ReadableStream;
    stdout.pause();
    const report = await new Promise<string>((resolve) =>
      (child.stdio[3] as NodeJS.ReadableStream).once('data', (d: Buffer) => resolve(String(d))),
    );
    // The event loop kept running (the report came) while ~20 MiB of lines met a stalled stdout.
    const { written, dropped, lineBytes } = JSON.parse(report) as {
      written: number;
      dropped: number;
      lineBytes: number;
    };
    // What was kept is the 4 MiB that may wait, plus what the pipe took before it stalled.
    const kept = (written - dropped) * lineBytes;
    expect(kept).toBeGreaterThan(4 * 1024 * 1024 - 2 * lineBytes);
    expect(kept).toBeLessThan(5 * 1024 * 1024);
    // The collector comes back: everything that waited is written, then the process exits 0.
    let bytes = 0;
    stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const ended = new Promise((resolve) => stdout.once('end', resolve));
    stdout.resume();
    const started = performance.now();
    expect(await exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    await ended;
    // Every kept line, but for the one chunk (sonic-boom's maxWrite, 16 KiB) its exit flush skips
    // when the thread pool's write of it was pending at exit (pinojs/sonic-boom#101; documented in
    // docs/tracing-and-logs.md).
    expect(bytes).toBeLessThanOrEqual(kept);
    expect(bytes).toBeGreaterThanOrEqual(kept - 16 * 1024);
  }, 60_000);
});
