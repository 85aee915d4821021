import { heldOnceFull, SlidingWindow } from './sliding-window';

function observe(window: SlidingWindow, bin: number, times: number, now?: number): void {
  for (let i = 0; i < times; i++) {
    window.current(now)[bin]! += 1;
    window.commit();
  }
}

describe('SlidingWindow', () => {
  it('by count, holds the last size observations less at most one slice, and slides', () => {
    const window = new SlidingWindow({ kind: 'count', size: 100, slices: 10 }, 2);
    observe(window, 0, 95);
    expect(window.size).toBe(95);
    observe(window, 1, 1000);
    // Every observation of bin 0 slid out; the window holds 90 to 99 observations.
    const sum = window.sum(0, new Float64Array(2));
    expect(sum[0]).toBe(0);
    expect(sum[1]).toBe(window.size);
    expect(window.size).toBeGreaterThanOrEqual(90);
    expect(window.size).toBeLessThan(100);
  });

  it.each([
    [100, 10, 90],
    [15, 10, 9],
    [1000, 10, 900],
    [7, 2, 3],
  ])(
    'by count (size %i, %i slices), once full always holds heldOnceFull: %i',
    (size, slices, held) => {
      const shape = { kind: 'count', size, slices } as const;
      expect(heldOnceFull(shape)).toBe(held);
      const window = new SlidingWindow(shape, 1);
      observe(window, 0, size);
      let fewest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3 * size; i++) {
        observe(window, 0, 1);
        fewest = Math.min(fewest, window.size);
      }
      expect(fewest).toBe(held);
      expect(heldOnceFull({ kind: 'time', seconds: 60, slices: 10 })).toBeUndefined();
    },
  );

  it('never empties when read', () => {
    const window = new SlidingWindow({ kind: 'count', size: 100, slices: 10 }, 1);
    observe(window, 0, 50);
    const out = new Float64Array(1);
    window.sum(0, out);
    window.sum(0, out);
    expect(out[0]).toBe(50);
    expect(window.size).toBe(50);
  });

  it('by time, drops the slices whose period is over', () => {
    const start = 1_000_000;
    const window = new SlidingWindow({ kind: 'time', seconds: 10, slices: 10 }, 2, start);
    observe(window, 0, 5, start);
    observe(window, 1, 5, start + 5_000);
    expect([...window.sum(0, new Float64Array(2))]).toEqual([5, 5]);
    window.advance(start + 10_500);
    expect([...window.sum(0, new Float64Array(2))]).toEqual([0, 5]);
    window.advance(start + 60_000);
    expect(window.size).toBe(0);
  });

  it('sums a range of bins only', () => {
    const window = new SlidingWindow({ kind: 'count', size: 10, slices: 2 }, 4);
    observe(window, 2, 3);
    observe(window, 3, 1);
    expect([...window.sum(2, new Float64Array(2))]).toEqual([3, 1]);
  });
});
