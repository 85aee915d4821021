import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MESSAGES } from '../messages/messages';

/**
 * Raised when a feature needs an optional peer package that is not installed. Its message names
 * the feature, the package and the command that installs it.
 *
 * @internal
 */
export class MissingPackageError extends Error {
  /** Stable error code, for matching in tests and logs. */
  readonly code = 'OBS_ERR_MISSING_PACKAGE';

  constructor(
    readonly packageName: string,
    feature: string,
  ) {
    super(MESSAGES.missingPackage(feature, packageName));
    this.name = 'MissingPackageError';
  }
}

const fromLibrary = createRequire(__filename);

/** Whether `error` says that `specifier` is not found because `packageName` is not installed. */
function isMissing(
  error: unknown,
  load: NodeJS.Require,
  specifier: string,
  packageName: string,
): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'MODULE_NOT_FOUND' || typeof message !== 'string') return false;
  if (!message.includes(`'${specifier}'`)) return false;
  // The package is there and only a file inside it is not: that is another failure.
  const folders = load.resolve.paths(packageName) ?? [];
  return !folders.some((folder) => existsSync(join(folder, packageName)));
}

/**
 * Loads `specifier` (the optional peer package `packageName`, or a path inside it) for `feature`
 * at the moment the feature is used (never when the SDK is imported), the way Terminus's
 * `checkPackage` does: from where the SDK is installed, then from the application's own folder. A
 * package that is not installed is a `MissingPackageError` naming the feature and the install
 * command; any other failure while loading it is passed on unchanged.
 *
 * @internal
 */
export function loadOptionalPackage<T>(
  specifier: string,
  feature: string,
  packageName = specifier,
): T {
  return fromLibraryOrApp(specifier, feature, packageName, (load) => load(specifier) as T);
}

/**
 * The file path of the optional peer package `name` (for tools such as pino transports that load
 * it themselves), or a `MissingPackageError` naming `feature`.
 *
 * @internal
 */
export function resolveOptionalPackage(name: string, feature: string): string {
  return fromLibraryOrApp(name, feature, name, (load) => load.resolve(name));
}

function fromLibraryOrApp<T>(
  specifier: string,
  feature: string,
  packageName: string,
  use: (load: NodeJS.Require) => T,
): T {
  for (const load of [fromLibrary, createRequire(join(process.cwd(), 'package.json'))]) {
    try {
      return use(load);
    } catch (error) {
      if (!isMissing(error, load, specifier, packageName)) throw error;
    }
  }
  throw new MissingPackageError(packageName, feature);
}
