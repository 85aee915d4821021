import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/**
 * Runs `work` (the framework handling one request) with `requestId` as the request id of every
 * line logged inside it, across `await` and callbacks: one AsyncLocalStorage scope per request,
 * rather than a child logger per request.
 *
 * @internal
 */
export function runInRequestScope(requestId: string, work: () => void): void {
  scope.run(requestId, work);
}

/** The id of the request being handled here, if any. @internal */
export function requestIdInScope(): string | undefined {
  return scope.getStore();
}
