import { Counter, Histogram } from 'prom-client';
import { CounterFamily } from './counter-family';
import { HistogramFamily } from './histogram-family';

/** What `call` throws, as `[class, message]`. */
function thrown(call: () => void): [string, string] | undefined {
  try {
    call();
  } catch (error) {
    return [(error as Error).constructor.name, (error as Error).message];
  }
  return undefined;
}

describe("the SDK's metric families refuse a bad call as prom-client does", () => {
  const definition = { help: 'Jobs.', labelNames: ['queue'], maxSeries: 10 };
  const counters = () => [
    new Counter({ ...definition, name: 'prom_jobs_total', registers: [] }),
    new CounterFamily({ ...definition, name: 'prom_jobs_total' }, () => undefined),
  ];
  const histograms = () => [
    new Histogram({ ...definition, name: 'prom_job_seconds', buckets: [1], registers: [] }),
    new HistogramFamily({ ...definition, name: 'prom_job_seconds', buckets: [1] }, () => undefined),
  ];

  it.each([
    ['a counter decreased', (c: Counter) => c.inc({ queue: 'mail' }, -1)],
    ['a counter increased by Infinity', (c: Counter) => c.inc({ queue: 'mail' }, Infinity)],
  ])('%s: the same error class and message', (_, call) => {
    const [prom, family] = counters() as [Counter, Counter];
    const expected = thrown(() => call(prom));
    expect(expected).toBeDefined();
    expect(thrown(() => call(family))).toEqual(expected);
  });

  it('a histogram observing an infinite value: the same error class and message', () => {
    const [prom, family] = histograms() as [Histogram, Histogram];
    const call = (h: Histogram) => h.observe({ queue: 'mail' }, Number.POSITIVE_INFINITY);
    const expected = thrown(() => call(prom));
    expect(expected).toBeDefined();
    expect(thrown(() => call(family))).toEqual(expected);
  });

  it("a label the metric does not declare: prom-client's error, naming the metric too", () => {
    const [prom, family] = counters() as [Counter, Counter];
    const call = (c: Counter) => c.inc({ route: '/' } as never);
    const [kind, message] = thrown(() => call(prom)) ?? [];
    expect(message).toMatch(/^Added label "route" is not included in initial labelset/);
    expect(thrown(() => call(family))).toEqual([
      kind,
      'Added label "route" is not included in initial labelset of prom_jobs_total: queue.',
    ]);
  });
});
