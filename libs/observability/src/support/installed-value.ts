/**
 * A value one application installs process-wide for code that runs outside Nest's injector:
 * wrappers made when a class is defined or when Nest registers a handler (task runs, listener
 * calls, message handlers, clients' sends) and BullMQ's `telemetry` option. The module installs
 * it when it starts and releases it when it stops. A second application replaces it with its own;
 * the first one's release then leaves the second's in place.
 *
 * @internal
 */
export class InstalledValue<T> {
  private value: T | undefined;

  /** The value installed, if any. */
  get current(): T | undefined {
    return this.value;
  }

  /** Installs `next` from now on. */
  install(next: T): void {
    this.value = next;
  }

  /** Removes `mine` unless another application has installed its own since. */
  release(mine: T | undefined): void {
    if (mine !== undefined && this.value === mine) this.value = undefined;
  }
}
