import pino from 'pino';
import type { DestinationStream } from 'pino';
import { metricCatalog } from '../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';

/**
 * Most bytes of lines waiting for stdout before new lines are dropped (and counted). It also
 * bounds how long the exit takes to write them: sonic-boom retries a full pipe every 100 ms, so
 * a reader that is back writes about 1.3 MB a second at exit (measured: 16 MiB took 12 s, past
 * what a Kubernetes termination grace period leaves after the drain); 4 MiB takes about 3 s.
 */
const MAX_WAITING_BYTES = 4 * 1024 * 1024;

let stdout: ReturnType<typeof pino.destination> | undefined;

/**
 * Where the service's JSON lines go by default: stdout, written asynchronously. pino's default
 * (one synchronous `write` per line) made each request wait for a system call; here a line is
 * appended to a buffer and the buffer is written by the thread pool, lines that arrive meanwhile
 * joining the next write (sonic-boom, pino's own destination, with `sync: false`). What the user
 * gets, and what bounds it:
 *
 * - every line is written, in order; the process's `exit` (a shutdown, `process.exit(1)` after a
 *   fatal error) writes what is still waiting, synchronously, before the process ends; a process
 *   whose stdout takes nothing at all cannot end until it does or is killed, as with synchronous
 *   writes. One exception, sonic-boom's (pinojs/sonic-boom#101): when the process exits while
 *   stdout is full and the thread pool's write of a chunk is pending, its exit flush skips that
 *   chunk (at most 16 KiB of lines), which is lost and not counted;
 * - a line reaches stdout a moment later than with a synchronous write (the next turn of the
 *   event loop, or when the write before it finished);
 * - when stdout takes nothing for long (a stalled log collector), at most 4 MiB of lines wait;
 *   beyond that new lines are dropped and counted in `observability_log_lines_dropped_total`,
 *   where a synchronous write would have stalled every request instead. A kill -9 loses what
 *   waits (a few milliseconds of lines under load).
 *
 * One destination per process: modules built twice (tests) share it.
 *
 * @internal
 */
export function stdoutDestination(): DestinationStream {
  if (stdout !== undefined) return stdout;
  const destination = pino.destination({ dest: 1, sync: false, maxLength: MAX_WAITING_BYTES });
  const dropped = metricCatalog.counter({
    name: METRIC_NAMES.logLinesDropped,
    help: METRIC_HELP.logLinesDropped,
    labelNames: [],
    maxSeries: 1,
  });
  const lines = dropped.resolve([]);
  destination.on('drop', (data: string) => lines.inc(countLines(data)));
  // In the main thread pino's own exit hook writes what waits first and this finds nothing left;
  // pino registers none in a worker thread, where this one writes it.
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // stdout closed (the reader went away): what is left is lost.
    }
  });
  stdout = destination;
  return destination;
}

function countLines(data: string): number {
  let n = 0;
  for (let i = data.indexOf('\n'); i !== -1; i = data.indexOf('\n', i + 1)) n++;
  return n;
}
