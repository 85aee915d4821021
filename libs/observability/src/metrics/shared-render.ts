import type { Registry } from 'prom-client';
import type { ExpositionFormat } from './exposition';
import { renderMetrics } from './exposition';

/**
 * Renders a registry for the metrics endpoint once per burst of concurrent scrapes: a render
 * starts on the next turn of the event loop (`setImmediate`), after Node has read every scrape
 * request that arrived meanwhile, and all of them get its text. A scrape storm (fifty scrapers at
 * once, a misconfigured scraper, an attacker on a public port) then costs one render, not one
 * each, while a scrape never gets a text made before it arrived (a request made, then a scrape,
 * always shows that request). Rendering is synchronous work on the event loop, so this is the one
 * place where scrapes can share it.
 *
 * @internal
 */
export class SharedRender {
  private readonly pending = new Map<ExpositionFormat, Promise<string>>();

  constructor(private readonly registry: () => Registry) {}

  /** The registry's text in `format`, shared with every other scrape of this loop turn. */
  render(format: ExpositionFormat): Promise<string> {
    const joined = this.pending.get(format);
    if (joined !== undefined) return joined;
    const render = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // Scrapes read from here on wait for a render of their own.
      this.pending.delete(format);
      return renderMetrics(this.registry(), format);
    });
    this.pending.set(format, render);
    return render;
  }
}
