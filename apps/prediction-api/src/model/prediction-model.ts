import { readFileSync } from 'node:fs';
import type { InstrumentedCall } from 'nestjs-observability';
import { Timed, Traced } from 'nestjs-observability';
import type { ModelArtifact } from './model-artifact';
import { parseModelArtifact } from './model-artifact';
import { argmax, predictProbabilities } from './softmax-regression';
import { standardize } from './standardizer';

/** Feature values by name, as validated from a request body. */
export type FeatureVector = Readonly<Record<string, number>>;

/** What the model answers for one feature vector. */
export interface ModelOutput {
  readonly prediction: string;
  readonly probabilities: Readonly<Record<string, number>>;
}

const modelVersion = ({ instance }: InstrumentedCall) => (instance as PredictionModel).version;

/** Inference takes about a microsecond: buckets from 10 µs to 10 ms. */
const INFERENCE_BUCKETS = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01,
];

/** A loaded, verified model ready for inference. */
export class PredictionModel {
  private constructor(
    readonly artifact: ModelArtifact,
    readonly path: string,
    readonly loadedAt: Date,
    readonly loadSeconds: number,
  ) {}

  /**
   * Reads and verifies a model file. Throws an error naming the path and the fix when the file is
   * missing, is not JSON, or fails verification.
   */
  static load(path: string): PredictionModel {
    const started = process.hrtime.bigint();
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(
        `Cannot read the model file MODEL_PATH=${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Fix: set MODEL_PATH to a model file, or run "npm run train" to write one.`,
        { cause: error },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(
        `Model file ${path} is not JSON (${(error as Error).message}). Fix: run "npm run train" to write a new one.`,
        { cause: error },
      );
    }
    const artifact = parseModelArtifact(json, path);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return new PredictionModel(artifact, path, new Date(), seconds);
  }

  /** The model's version, as recorded in its file. */
  get version(): string {
    return this.artifact.version;
  }

  /** The feature names the model reads, in order. */
  get features(): readonly string[] {
    return this.artifact.features;
  }

  /** Runs inference on one validated feature vector. */
  @Traced('model.inference', { attributes: { 'model.version': modelVersion } })
  @Timed('model_prediction_duration_seconds', {
    help: 'Time spent in model inference per feature vector, in seconds.',
    labels: { model_version: modelVersion },
    buckets: INFERENCE_BUCKETS,
  })
  predict(features: FeatureVector): ModelOutput {
    const raw = this.artifact.features.map((name) => features[name] ?? Number.NaN);
    const p = predictProbabilities(
      this.artifact.parameters,
      standardize(this.artifact.standardization, raw),
    );
    const probabilities: Record<string, number> = {};
    this.artifact.classes.forEach((c, k) => (probabilities[c] = p[k] ?? 0));
    return { prediction: this.artifact.classes[argmax(p)] ?? '', probabilities };
  }
}
