/**
 * Where the CPU of one `POST /predict` goes in the sample service's own code: input validation,
 * inference, and the cache key, against a bare JSON round trip of the same body as the baseline.
 * Run: npm run bench
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { PredictionModel } from '../apps/prediction-api/src/model/prediction-model';
import { parseFeatures } from '../apps/prediction-api/src/prediction/features.validation';
import { runInterleaved, toMarkdown } from './harness';

// npm runs scripts from the repository root, where the committed model file is.
const model = PredictionModel.load(resolve('apps/prediction-api/models/iris-softmax-1.0.0.json'));
const body = JSON.stringify({
  sepalLength: 5.1,
  sepalWidth: 3.5,
  petalLength: 1.4,
  petalWidth: 0.2,
});
const features = JSON.parse(body) as Record<string, number>;

async function main(): Promise<void> {
  const results = await runInterleaved(
    [
      {
        name: 'JSON.parse + JSON.stringify of the body (baseline)',
        fn: () => JSON.stringify(JSON.parse(body)),
      },
      { name: 'parseFeatures (validation)', fn: () => parseFeatures(features, model.features) },
      { name: 'model.predict (inference)', fn: () => model.predict(features) },
      {
        name: 'cache key (SHA-256 of the features)',
        fn: () =>
          createHash('sha256')
            .update(JSON.stringify(model.features.map((n) => features[n])))
            .digest('base64url'),
      },
    ],
    'JSON.parse + JSON.stringify of the body (baseline)',
  );
  console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
  console.log(toMarkdown(results, 'baseline'));
}

void main();
