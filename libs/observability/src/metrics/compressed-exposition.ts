import { gzip } from 'node:zlib';
import { constants } from 'node:zlib';

/** Below this size a scrape is answered as it is: gzip would save less than it costs. */
const MIN_GZIP_BYTES = 1024;

/**
 * Whether a scraper's `Accept-Encoding` takes gzip (Prometheus sends `gzip` on every scrape):
 * named, or `*`, with a weight other than `q=0`.
 *
 * @internal
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let gzipWeight: number | undefined;
  let anyWeight: number | undefined;
  for (const part of header.toLowerCase().split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding === 'gzip') gzipWeight = weight;
    else if (coding === '*') anyWeight = weight;
  }
  return (gzipWeight ?? anyWeight ?? 0) > 0;
}

/**
 * Gzipped copies of the exposition texts the endpoint serves: a large registry's text (310 KB
 * for 10,000 series) is written to the socket as about a tenth of that, compressed on libuv's
 * thread pool (`zlib.gzip`, fastest level: the text is repetitive), not on the event loop.
 * Scrapes that share a render (`SharedRender`) share its compressed copy too: it is kept for the
 * last text only, by identity.
 *
 * @internal
 */
export class CompressedExposition {
  private last: { readonly text: string; readonly body: Promise<Buffer> } | undefined;

  /** `text` gzipped, or `undefined` when it is too small to be worth it. */
  gzipped(text: string): Promise<Buffer> | undefined {
    if (text.length < MIN_GZIP_BYTES) return undefined;
    if (this.last?.text !== text) {
      const body = new Promise<Buffer>((resolve, reject) =>
        gzip(text, { level: constants.Z_BEST_SPEED }, (error, result) =>
          error === null ? resolve(result) : reject(error),
        ),
      );
      this.last = { text, body };
    }
    return this.last.body;
  }
}
