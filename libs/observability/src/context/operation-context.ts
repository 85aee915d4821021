import type { Context } from '@opentelemetry/api';
import { context, createContextKey } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/** What one operation (a request, a message, a job, a run) is called in the logs. @internal */
export interface OperationIds {
  /** The log field: `request_id`, `message_id`, `job_id`, `run_id`. */
  readonly field: string;
  /** Its value, safe to log (a plain token). */
  readonly value: string;
}

const OPERATION_IDS = createContextKey('nestjs-observability.operation-ids');
const PLAIN_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Whether an id that came from outside (a caller's `x-request-id`, a broker's message id) is safe
 * to log and echo as it is: a plain token of at most 128 characters.
 *
 * @internal
 */
export function isPlainToken(value: unknown): value is string {
  return typeof value === 'string' && PLAIN_TOKEN.test(value);
}

/**
 * `parent` with `ids` as the operation's id, in the same OpenTelemetry context as its span: one
 * scope per operation carries both, across `await` and callbacks, for every log line written
 * inside it.
 *
 * @internal
 */
export function withOperationIds(parent: Context, ids: OperationIds): Context {
  return parent.setValue(OPERATION_IDS, ids);
}

/** The id of the operation being handled here, if any. @internal */
export function operationIdsInScope(): OperationIds | undefined {
  return context.active().getValue(OPERATION_IDS) as OperationIds | undefined;
}

/**
 * Makes sure OpenTelemetry has a context manager, so that operation scopes work without the
 * tracing preload too (the preload, or the application's own SDK, registers one first; this one
 * is then refused and nothing changes).
 *
 * @internal
 */
export function ensureContextManager(): void {
  const probe = createContextKey('nestjs-observability.probe');
  const propagates = context.with(context.active().setValue(probe, true), () =>
    context.active().getValue(probe),
  );
  if (propagates !== true) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
}
