import { format } from 'node:util';
import type { Logger } from 'pino';
import { redactFields } from '../redaction/redaction';

/** The `console` methods routed, and the level each line gets. */
const LEVELS = {
  log: 'info',
  info: 'info',
  debug: 'debug',
  warn: 'warn',
  error: 'error',
  trace: 'trace',
} as const;

type Method = keyof typeof LEVELS;

/** The `context` of a console line. */
const CONTEXT = 'console';

let target: Logger | undefined;
/** Counts `routeConsoleTo` calls: a restore asked for before the latest one does nothing. */
let generation = 0;
let writing = false;
const originals = new Map<Method, (...args: unknown[]) => void>();
const routed = new Map<Method, (...args: unknown[]) => void>();

/** An argument as the message shows it: an error by its type and message, an object redacted. */
function shown(value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === 'object' && value !== null ? redactFields(value) : value;
}

function write(
  logger: Logger,
  method: Method,
  args: unknown[],
  caller: (...args: unknown[]) => void,
): void {
  const level = LEVELS[method];
  if (!logger.isLevelEnabled(level)) return;
  const message = format(...args.map(shown));
  const error = args.find((arg): arg is Error => arg instanceof Error);
  const fields: Record<string, unknown> = { context: CONTEXT };
  if (method === 'trace') {
    const where: { stack?: string } = {};
    Error.captureStackTrace(where, caller);
    fields.err = {
      type: 'Trace',
      message,
      stack: where.stack?.replace(/^.*/, `Trace: ${message}`),
    };
  } else if (error !== undefined) {
    fields.err = error;
  }
  logger[level](fields, message);
}

function routedMethod(method: Method, original: (...args: unknown[]) => void) {
  const route = (...args: unknown[]): void => {
    const logger = target;
    // A line written while one is being written (a destination that prints) goes to the console.
    if (logger === undefined || writing) return original(...args);
    writing = true;
    try {
      write(logger, method, args, route);
    } catch {
      // Telemetry never breaks the host: a console line that cannot be written is given up.
    } finally {
      writing = false;
    }
  };
  return route;
}

/**
 * Makes `console.log`, `info`, `debug`, `warn`, `error` and `trace` write JSON lines through
 * `logger` (context `console`, level `info`, `info`, `debug`, `warn`, `error`, `trace`): the
 * arguments formatted as `console` formats them (`util.format`), secret fields of objects and
 * inline secrets cut, an `Error` argument as `err` (type, message, stack), `console.trace`'s
 * stack as `err.stack`. Below the logger's level nothing is formatted. A later call switches
 * the logger; `console.dir`, `table` and the rest stay as they are.
 *
 * @internal
 */
export function routeConsoleTo(logger: Logger): void {
  target = logger;
  generation++;
  for (const method of Object.keys(LEVELS) as Method[]) {
    // Read without binding: compared with ours, and given back as it was.
    const current = Reflect.get(console, method) as (...args: unknown[]) => void;
    if (current === routed.get(method)) continue;
    const original = current.bind(console);
    originals.set(method, current);
    routed.set(method, routedMethod(method, original));
    console[method] = routed.get(method) as Console[Method];
  }
}

/**
 * Gives `console` its own methods back (those it had before `routeConsoleTo`). A method that was
 * replaced again since (by a test runner, another library) is left to its replacement, which
 * then reaches the console directly. With `ifRoutedBy` (what `consoleRouting()` said), only
 * when `console` was not routed again since.
 *
 * @internal
 */
export function restoreConsole(ifRoutedBy?: number): void {
  if (ifRoutedBy !== undefined && ifRoutedBy !== generation) return;
  target = undefined;
  for (const [method, original] of originals) {
    if (console[method] === routed.get(method)) console[method] = original as Console[Method];
  }
  originals.clear();
  routed.clear();
}

/** The number of the latest `routeConsoleTo` call. @internal */
export function consoleRouting(): number {
  return generation;
}
