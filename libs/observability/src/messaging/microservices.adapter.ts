import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OPTIONAL_FEATURES } from '../messages/messages';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import { loadOptionalPackage, MissingPackageError } from '../support/optional-package';
import { patchClients } from './microservice-clients.adapter';
import type { MicroservicesPackage } from './microservices-package';
import { patchServerHandlers } from './microservice-servers.adapter';

const PACKAGE = '@nestjs/microservices';

/** What the adapter did in this process, for the startup report. @internal */
export interface MicroservicesState {
  readonly installed: boolean;
  readonly version?: string;
  /** Whether clients carry the trace context (`ClientProxy#setOnDispatchHook` exists). */
  readonly propagates: boolean;
}

let state: MicroservicesState = { installed: false, propagates: false };

/** What the adapter did in this process. @internal */
export function microservicesState(): MicroservicesState {
  return state;
}

/**
 * The installed version. Nest 12's export map turns `@nestjs/microservices/package.json` into
 * `package.json.js`, so the file is read beside the resolved entry point instead.
 */
function versionOf(): string | undefined {
  for (const base of [__filename, `${process.cwd()}/package.json`]) {
    try {
      const entry = createRequire(base).resolve(PACKAGE);
      const manifest = JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === PACKAGE) return manifest.version;
    } catch {
      // not resolvable from there
    }
  }
  return undefined;
}

/**
 * Instruments `@nestjs/microservices` when the application has it (an optional peer: without it
 * nothing is loaded and nothing changes): the servers' handlers and the clients' `send` and
 * `emit`. Runs before Nest registers any handler (from `ObservabilityModule.forRoot`).
 *
 * @internal
 */
export function installMicroservices(): MicroservicesState {
  if (state.installed) return state;
  let microservices: MicroservicesPackage;
  try {
    microservices = loadOptionalPackage<MicroservicesPackage>(
      PACKAGE,
      OPTIONAL_FEATURES.microservices,
    );
    patchServerHandlers(microservices);
    patchClients(microservices);
  } catch (error) {
    // Not installed: nothing to observe. Installed but unusable here (another Nest major's
    // build, a broken install): the application starts all the same, and the failure is counted.
    if (!(error instanceof MissingPackageError)) {
      reportInstrumentationFailure(PACKAGE, 'start-call', error);
    }
    return state;
  }
  const propagates = typeof microservices.ClientProxy.prototype.setOnDispatchHook === 'function';
  return (state = { installed: true, version: versionOf(), propagates });
}
