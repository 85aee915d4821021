/**
 * `npm run train -- [--version 1.0.0] [--out path]`: trains the Iris model and writes a versioned
 * model file (default `apps/prediction-api/models/iris-softmax-<version>.json`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { trainIrisModel } from './train';

const { values } = parseArgs({
  options: { version: { type: 'string', default: '1.0.0' }, out: { type: 'string' } },
});
const version = values.version;
const out = resolve(values.out ?? `apps/prediction-api/models/iris-softmax-${version}.json`);
const artifact = trainIrisModel(version);
writeFileSync(out, `${JSON.stringify(artifact, null, 2)}\n`);
console.log(
  `Wrote ${out}: ${artifact.name}@${artifact.version}, train accuracy ${artifact.evaluation.trainAccuracy}, test accuracy ${artifact.evaluation.testAccuracy}, sha256 ${artifact.sha256.slice(0, 12)}`,
);
