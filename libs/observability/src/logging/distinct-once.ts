/**
 * Lets each distinct text through once, and at most `max` of them: how the SDK writes what can
 * repeat without end (OpenTelemetry's diagnostics, a collector down for an hour; process warnings,
 * a deprecation hit on every request) as a bounded number of lines.
 *
 * @internal
 */
export class DistinctOnce {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  /** Whether `key` is new and still within the bound (it is remembered if so). */
  first(key: string): boolean {
    if (this.seen.has(key) || this.seen.size >= this.max) return false;
    this.seen.add(key);
    return true;
  }
}
