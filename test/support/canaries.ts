import type { OtlpReceiver } from './otlp-receiver';
import type { TracedSample } from './traced-sample';

/**
 * Every output of a sample service a secret could leak into: its stdout (logs), stderr, the spans
 * and log records its collector received, and a scrape of its `/metrics`.
 */
export async function sampleOutputs(
  sample: TracedSample,
  receiver: OtlpReceiver,
): Promise<Record<string, string>> {
  return {
    logs: sample.output,
    stderr: sample.errors,
    spans: JSON.stringify(receiver.spans, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    ),
    metrics: await (await fetch(`${sample.url}/metrics`)).text(),
    otlpLogs: JSON.stringify(receiver.logs),
  };
}

/** Fails naming the output and the canary when any canary value appears in any output. */
export function expectNoCanary(
  outputs: Readonly<Record<string, string>>,
  canaries: Readonly<Record<string, string>>,
): void {
  for (const [output, text] of Object.entries(outputs)) {
    for (const [where, canary] of Object.entries(canaries)) {
      expect({ output, where, leaked: text.includes(canary) }).toEqual({
        output,
        where,
        leaked: false,
      });
    }
  }
}
