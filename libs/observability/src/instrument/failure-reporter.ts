import type { CounterFamily } from '../metrics/counter-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';
import { sdkLog } from '../logging/sdk-logger';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/** What the instrumentation was doing when it failed: a small, fixed set (a label value). */
export type FailureStage =
  | 'start-call'
  | 'start-span'
  | 'end-span'
  | 'record-duration'
  | 'record-count'
  | 'label-function'
  | 'attribute-function'
  | 'inspect-result'
  | 'drift-observe'
  | 'drift-refresh';

const warned = new Set<string>();
const MAX_WARNED = 1000;
let errorsCounter: CounterFamily | undefined;

/**
 * Reports a failure inside the instrumentation of `site` (never one of the instrumented call):
 * counts it in `observability_instrumentation_errors_total{stage}` and warns once per site and
 * stage. Never throws, even when the registry or the logger does.
 *
 * @internal
 */
export function reportInstrumentationFailure(
  site: string,
  stage: FailureStage,
  error: unknown,
): void {
  try {
    errorsCounter ??= metricCatalog.counter({
      name: METRIC_NAMES.instrumentationErrors,
      help: METRIC_HELP.instrumentationErrors,
      labelNames: ['stage'],
      maxSeries: 50,
    });
    errorsCounter.resolve([stage]).inc();
  } catch {
    // The registry itself is failing: the warning below is all that can be done.
  }
  try {
    const key = `${site}\u0000${stage}`;
    if (warned.has(key) || warned.size >= MAX_WARNED) return;
    warned.add(key);
    sdkLog.warn(
      RUNTIME_MESSAGES.instrumentationFailed(
        site,
        stage,
        METRIC_NAMES.instrumentationErrors,
        describeError(error),
      ),
    );
  } catch {
    // Even logging failed. Telemetry never breaks the host: give up silently.
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : Object.prototype.toString.call(error);
}
