/**
 * A micro-benchmark harness whose contenders run interleaved: each round measures every contender
 * once with mitata's `measure` (batched, warmed up), in a rotated order, so machine noise falls on
 * all of them alike. Reports the median over the rounds of each round's p50 nanoseconds per call,
 * and the ratio to a baseline contender.
 */
import { measure } from 'mitata';

/** One thing to measure: `fn` is one call. */
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

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Runs `rounds` rounds of every contender and returns medians and ratios to `baseline` (a
 * contender name). Each measurement takes about `cpuTimeMs` of CPU time.
 */
export async function runInterleaved(
  contenders: readonly Contender[],
  baseline: string,
  { rounds = 15, cpuTimeMs = 40 } = {},
): Promise<ContenderResult[]> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const options = { min_cpu_time: cpuTimeMs * 1e6 };
  for (const c of contenders) await measure(c.fn, options); // warm-up: let the JIT settle
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length] as Contender;
      samples.get(c.name)?.push((await measure(c.fn, options)).p50);
    }
  }
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
    (r) =>
      `| ${r.name} | ${r.medianNs.toFixed(r.medianNs < 10 ? 1 : 0)} | ${r.ratio.toFixed(2)}× |`,
  );
  return [`| contender | median ns/call | vs ${baseline} |`, '| --- | ---: | ---: |', ...rows].join(
    '\n',
  );
}
