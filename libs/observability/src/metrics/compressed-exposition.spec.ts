import { gunzipSync } from 'node:zlib';
import { acceptsGzip, CompressedExposition } from './compressed-exposition';

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['deflate, GZIP;q=0.5', true],
    ['*', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['*;q=0, gzip', true],
    ['gzip;q=0, *', false],
    ['', false],
    [undefined, false],
  ])('%s: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('CompressedExposition', () => {
  const text = Array.from({ length: 2000 }, (_, n) => `metric_total{n="${n}"} ${n}\n`).join('');

  it('gzips a large text, which gunzips back to it', async () => {
    const body = await new CompressedExposition().gzipped(text);
    expect(body).toBeDefined();
    expect((body as Buffer).length).toBeLessThan(text.length / 4);
    expect(gunzipSync(body as Buffer).toString('utf8')).toBe(text);
  });

  it('compresses the same text once for the scrapes that share it, and a new text again', async () => {
    const compressed = new CompressedExposition();
    const first = compressed.gzipped(text);
    expect(compressed.gzipped(text)).toBe(first);
    const next = `${text}# one more\n`;
    expect(compressed.gzipped(next)).not.toBe(first);
    expect(gunzipSync(await (compressed.gzipped(next) as Promise<Buffer>)).toString()).toBe(next);
  });

  it('leaves a small text as it is', () => {
    expect(new CompressedExposition().gzipped('up 1\n')).toBeUndefined();
  });
});
