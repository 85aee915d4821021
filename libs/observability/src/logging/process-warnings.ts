import { DistinctOnce } from './distinct-once';
import { sdkLog } from './sdk-logger';

/** At most this many distinct warnings are written; after that, further ones are left out. */
const MAX_DISTINCT = 200;

/** Node's `--disable-warning=<type or code>` flag, as given on the command line or in NODE_OPTIONS. */
const DISABLE_FLAG = /^--disable-warning(?:=(.*))?$/;

let installed = false;

/**
 * The types and codes `--disable-warning` names (`ExperimentalWarning`, `DEP0040`): Node's printer
 * leaves them out, so the JSON lines do too. Node has no API for its options: they are read from
 * `process.execArgv` and `NODE_OPTIONS` (split on spaces, as those flags never hold one).
 */
function disabledWarnings(): ReadonlySet<string> {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const disabled = new Set<string>();
  args.forEach((arg, i) => {
    const match = DISABLE_FLAG.exec(arg);
    const value = match === null ? undefined : (match[1] ?? args[i + 1]);
    if (value !== undefined && value !== '') disabled.add(value);
  });
  return disabled;
}

/**
 * Writes every process warning (`process.emitWarning`: a `DeprecationWarning`, an
 * `ExperimentalWarning`, a `MaxListenersExceededWarning`, a dependency's own) as one `warn` JSON
 * line, context `Process`, `msg` the warning's text and `err` its type, code and stack, secrets
 * cut: each distinct text once (at most 200), as Node prints a deprecation once. Node's own
 * plain-text copy on stderr is not ours to switch off at run time: the service is started with
 * `--no-warnings` (or `NODE_NO_WARNINGS=1`), which stops that copy and still emits the event.
 * Warnings that `--disable-warning` names are left out, as Node's printer leaves them out.
 *
 * @internal
 */
export function logProcessWarningsAsJson(): void {
  if (installed) return;
  installed = true;
  const disabled = disabledWarnings();
  const written = new DistinctOnce(MAX_DISTINCT);
  process.on('warning', (warning: Error & { code?: unknown; detail?: unknown }) => {
    const { name, message, code, detail, stack } = warning;
    if (disabled.has(name) || (typeof code === 'string' && disabled.has(code))) return;
    const key = `${name}\n${typeof code === 'string' ? code : ''}\n${message}`;
    if (!written.first(key)) return;
    sdkLog.warn(message, 'Process', { type: name, message, code, detail, stack });
  });
}
