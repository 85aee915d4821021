/**
 * `npm run replay:drift -- [--url http://127.0.0.1:3000] [--feature petalLength] [--shift 2.5]
 * [--count 1200] [--pause 60]`: replays the ML-monitoring scenario of the end-to-end test against
 * a running sample service, to watch it on the dashboard's model row:
 *
 * 1. in distribution: `count` flowers drawn from the training set (drift stays under 0.1);
 * 2. drift: `count` more with `feature` lengthened by `shift` cm (its PSI crosses 0.2, alone;
 *    `ModelInputDrift` fires after the SLO's `sustainedFor`);
 * 3. ground truth: the true label of every prediction sent back (accuracy appears).
 *
 * Between phases it waits `pause` seconds, so each shows on the dashboard. It sends at most
 * 2 × `count` predictions and as many feedbacks, to `url` only, and stops by itself.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH } from '../model/model-path';
import { DriftScenario } from './drift-scenario';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    model: { type: 'string', default: process.env.MODEL_PATH ?? DEFAULT_MODEL_PATH },
    feature: { type: 'string', default: 'petalLength' },
    shift: { type: 'string', default: '2.5' },
    count: { type: 'string', default: '1200' },
    pause: { type: 'string', default: '60' },
  },
});
const count = Math.min(Math.max(Number(values.count), 1), 100_000);
const shift = Number(values.shift);
const pauseMs = Math.min(Math.max(Number(values.pause), 0), 3600) * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);

async function main(): Promise<void> {
  const scenario = DriftScenario.fromModelFile(values.model, values.url);
  say(`1/3 in distribution: ${count} training flowers to ${values.url}`);
  const calm = await scenario.predict(count);
  say(`   sent; model_feature_drift stays under 0.1. Waiting ${pauseMs / 1000} s`);
  await sleep(pauseMs);
  say(`2/3 drift: ${count} flowers with ${values.feature} + ${shift} cm`);
  const drifted = await scenario.predict(count, values.feature, shift);
  say(
    `   sent; ${values.feature}'s PSI crosses 0.2, the others do not. Waiting ${pauseMs / 1000} s`,
  );
  await sleep(pauseMs);
  say(`3/3 ground truth: the true label of all ${calm.length + drifted.length} predictions`);
  const { correct, wrong } = await scenario.feedback([...calm, ...drifted]);
  say(
    `   done: ${correct} right, ${wrong} wrong; model_feedback_total and the accuracy SLO show it`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
