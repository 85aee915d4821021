/**
 * How the window of recent observations is cut: the last `size` observations, or those of the
 * last `seconds`, in `slices` slices.
 *
 * @internal
 */
export type WindowShape =
  | { readonly kind: 'count'; readonly size: number; readonly slices: number }
  | { readonly kind: 'time'; readonly seconds: number; readonly slices: number };

/**
 * Observations a count window holds at the least once it has filled: its (slices − 1) full slices
 * (the newest may have just been cleared). It holds at most one slice more, less one. A time
 * window holds whatever the traffic of its period was: `undefined`.
 *
 * @internal
 */
export function heldOnceFull(shape: WindowShape): number | undefined {
  if (shape.kind !== 'count') return undefined;
  return (shape.slices - 1) * Math.max(1, Math.floor(shape.size / shape.slices));
}

/**
 * A sliding window of bin counts with bounded memory: `slices` arrays of `width` counters, never
 * the observations themselves. Observations are counted into the newest slice; when it is full
 * (by count) or its time is over (by time), the oldest slice is cleared and becomes the newest.
 * The window therefore always holds the last (slices − 1) full slices plus the newest one: it
 * slides, and reading it (`sum`) never empties it.
 *
 * By count, a window of `size` holds between `heldOnceFull` observations (`size − size / slices`
 * when `slices` divides `size`) and one slice more, less one; by time, the observations of the
 * last `seconds − seconds / slices` to `seconds`.
 *
 * @internal
 */
export class SlidingWindow {
  private readonly slices: Float64Array[];
  private readonly observations: Float64Array;
  private newest = 0;
  /** By count: observations per slice. By time: milliseconds per slice. */
  private readonly sliceExtent: number;
  /** By time: the number of the newest slice's period (`floor(now / sliceExtent)`). */
  private period: number;

  constructor(
    private readonly shape: WindowShape,
    readonly width: number,
    now: number = Date.now(),
  ) {
    this.slices = Array.from({ length: shape.slices }, () => new Float64Array(width));
    this.observations = new Float64Array(shape.slices);
    this.sliceExtent =
      shape.kind === 'count'
        ? Math.max(1, Math.floor(shape.size / shape.slices))
        : (shape.seconds * 1000) / shape.slices;
    this.period = Math.floor(now / this.sliceExtent);
  }

  /**
   * The counters of the newest slice, to count one observation into (add 1 at its bins, then
   * call `commit`). By time, `now` moves the window first.
   */
  current(now?: number): Float64Array {
    if (this.shape.kind === 'time') this.advance(now ?? Date.now());
    return this.slices[this.newest] as Float64Array;
  }

  /** Ends one observation counted into `current()`; by count, moves the window when the slice is full. */
  commit(): void {
    const count = (this.observations[this.newest] as number) + 1;
    this.observations[this.newest] = count;
    if (this.shape.kind === 'count' && count >= this.sliceExtent) this.rotate(1);
  }

  /** By time: moves the window to `now`, clearing the slices whose period is over. */
  advance(now: number): void {
    if (this.shape.kind !== 'time') return;
    const period = Math.floor(now / this.sliceExtent);
    if (period <= this.period) return;
    this.rotate(Math.min(period - this.period, this.shape.slices));
    this.period = period;
  }

  /** Adds the window's counts of bins `[from, from + out.length)` into `out` (zeroed first). */
  sum(from: number, out: Float64Array): Float64Array {
    out.fill(0);
    for (const slice of this.slices) {
      for (let i = 0; i < out.length; i++) out[i]! += slice[from + i] as number;
    }
    return out;
  }

  /** Observations the window holds. */
  get size(): number {
    let total = 0;
    for (const count of this.observations) total += count;
    return total;
  }

  private rotate(steps: number): void {
    for (let s = 0; s < steps; s++) {
      this.newest = (this.newest + 1) % this.slices.length;
      (this.slices[this.newest] as Float64Array).fill(0);
      this.observations[this.newest] = 0;
    }
  }
}
