import { join } from 'node:path';

/**
 * The model file the service loads when `MODEL_PATH` is not set: the committed Iris model.
 * Resolved from this file's folder, so it works from the sources and from the build
 * (`nest build` copies `models/` next to the compiled sources).
 */
export const DEFAULT_MODEL_PATH = join(__dirname, '..', '..', 'models', 'iris-softmax-1.0.0.json');
