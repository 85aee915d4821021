import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import { sdkLog } from './sdk-logger';

let installed = false;

/**
 * Writes an uncaught exception (and an unhandled rejection, which Node raises as one) as a JSON
 * line with its type, message and stack, secrets cut, instead of Node's plain stack on stderr
 * that a log pipeline cannot parse. When no other `uncaughtException` listener exists, the
 * process then exits with code 1, as Node's default does; when the application has its own, it
 * decides. Installed by the preload, before any application code runs.
 *
 * @internal
 */
export function logFatalErrorsAsJson(): void {
  if (installed) return;
  installed = true;
  const onFatal = (error: unknown, origin: string): void => {
    sdkLog.error(RUNTIME_MESSAGES.fatalError(origin), error, 'Process');
    if (process.listenerCount('uncaughtException') === 1) process.exit(1);
  };
  process.on('uncaughtException', onFatal);
}
