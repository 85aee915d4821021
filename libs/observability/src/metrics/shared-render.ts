import type { Registry } from 'prom-client';
import type { ExpositionFormat } from './exposition';
import { renderMetrics } from './exposition';

/** Least time between the starts of two renders (of any format). */
const MIN_RENDER_INTERVAL_MS = 100;

/**
 * Renders a registry for the metrics endpoint without letting a scrape storm (fifty scrapers at
 * once, a misconfigured scraper, an attacker on a public port) cost one render each, since a
 * render is synchronous work on the event loop that requests wait behind. It never answers with
 * a text rendered before the scrape arrived: a client that changes something and then scrapes
 * always sees the change.
 *
 * - Scrapes waiting for a render that has not started share it.
 * - A render starts on the next turn of the event loop (`setImmediate`, so the scrapes Node reads
 *   together share it), or, when the previous render started less than 100 ms ago, 100 ms after
 *   it: a storm costs at most ten renders a second, and the scrapes it sends wait up to 100 ms.
 *
 * Prometheus (one scrape every 15 s) never waits.
 *
 * @internal
 */
export class SharedRender {
  private readonly pending = new Map<ExpositionFormat, Promise<string>>();
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly registry: () => Registry,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The registry's text in `format`, rendered after this call. */
  render(format: ExpositionFormat): Promise<string> {
    const joined = this.pending.get(format);
    if (joined !== undefined) return joined;
    const render = this.startSlot().then(() => {
      // Scrapes that arrive from here on wait for a render of their own.
      this.pending.delete(format);
      this.lastStart = this.now();
      return renderMetrics(this.registry(), format);
    });
    this.pending.set(format, render);
    return render;
  }

  /** Resolves when the next render may start: the next turn, or the end of the interval. */
  private startSlot(): Promise<void> {
    const wait = this.lastStart + MIN_RENDER_INTERVAL_MS - this.now();
    return new Promise<void>((resolve) => {
      if (wait <= 0) setImmediate(resolve);
      else setTimeout(resolve, Math.ceil(wait)).unref();
    });
  }
}
