/**
 * A micro-benchmark harness whose contenders run interleaved: each round times every contender
 * once, in a rotated order, so machine noise falls on all of them alike. Reports the median
 * nanoseconds per call over the rounds and the ratio to a baseline contender.
 */

/** One thing to measure: `fn` is called `callsPerSample` times per sample. */
export interface Contender {
  readonly name: string;
  readonly fn: () => unknown;
}

/** The measured figures of one contender. */
export interface ContenderResult {
  readonly name: string;
  readonly medianNs: number;
  readonly ratio: number;
}

/** Keeps results alive so the optimiser cannot drop the measured calls. */
let sink: unknown;

function sampleNs(fn: () => unknown, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink = fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Runs `rounds` rounds of every contender, after a warm-up round, and returns medians and ratios
 * to `baseline` (a contender name).
 */
export function runInterleaved(
  contenders: readonly Contender[],
  baseline: string,
  { rounds = 15, callsPerSample = 20_000 } = {},
): ContenderResult[] {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) sampleNs(c.fn, callsPerSample); // warm-up: let the JIT settle
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length] as Contender;
      samples.get(c.name)?.push(sampleNs(c.fn, callsPerSample));
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  const medians = new Map([...samples].map(([name, s]) => [name, median(s)]));
  const base = medians.get(baseline);
  if (base === undefined) throw new Error(`No contender named ${baseline} to compare with`);
  return contenders.map((c) => {
    const m = medians.get(c.name) ?? Number.NaN;
    return { name: c.name, medianNs: m, ratio: m / base };
  });
}

/** Formats results as a Markdown table. */
export function toMarkdown(results: readonly ContenderResult[], baseline: string): string {
  const rows = results.map(
    (r) => `| ${r.name} | ${r.medianNs.toFixed(0)} | ${r.ratio.toFixed(2)}× |`,
  );
  return [`| contender | median ns/call | vs ${baseline} |`, '| --- | ---: | ---: |', ...rows].join(
    '\n',
  );
}
