import type {
  Instrumentation,
  InstrumentationModuleDefinition,
} from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/** Versions each instrumented module was patched at, by instrumentation. */
const patched = new Map<string, Set<string>>();

/**
 * Wraps the `patch` of each module definition (and of each file inside it) so that patching is
 * recorded with the module's version: how the startup report tells "pg patched 8.23.1" from "pg
 * not loaded" through the instrumentations' own public definitions (`init()`), without reading
 * their private state.
 */
function recorded<D extends InstrumentationModuleDefinition>(
  report: string,
  definitions: D[],
): D[] {
  const record = (version: string | undefined) => {
    const versions = patched.get(report) ?? new Set<string>();
    if (version !== undefined && report !== 'http') versions.add(version);
    patched.set(report, versions);
  };
  for (const definition of definitions) {
    const patch = definition.patch;
    if (patch !== undefined) {
      definition.patch = (exports: unknown, version?: string) => {
        record(version);
        return patch.call(definition, exports, version) as unknown;
      };
    }
    for (const file of definition.files) {
      const filePatch = file.patch.bind(file);
      file.patch = (exports: unknown, version?: string) => {
        record(version);
        return filePatch(exports, version);
      };
    }
  }
  return definitions;
}

class ReportedHttpInstrumentation extends HttpInstrumentation {
  override init(): ReturnType<HttpInstrumentation['init']> {
    const [http, https] = super.init();
    recorded('http', [http, https]);
    return [http, https];
  }
}

class ReportedPgInstrumentation extends PgInstrumentation {
  protected override init(): ReturnType<PgInstrumentation['init']> {
    return recorded('pg', super.init());
  }
}

class ReportedIORedisInstrumentation extends IORedisInstrumentation {
  override init(): ReturnType<IORedisInstrumentation['init']> {
    return recorded('ioredis', super.init());
  }
}

/**
 * The instrumentations the preload registers: outgoing HTTP calls (the SERVER span of an incoming
 * request is the SDK's own, opened where the request enters the server), PostgreSQL and Redis
 * clients (only inside a traced operation, so probes and startup make no root spans).
 *
 * @internal
 */
export function telemetryInstrumentations(): Instrumentation[] {
  return [
    new ReportedHttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
    new ReportedPgInstrumentation({ requireParentSpan: true }),
    new ReportedIORedisInstrumentation({ requireParentSpan: true }),
  ];
}

/** Whether a package is loaded in this process (CommonJS, or an ES module loaded through `require`). */
function loaded(name: string): boolean {
  return Object.keys(require.cache).some((path) => path.includes(`/node_modules/${name}/`));
}

/** `http patched`, `pg patched 8.23.1/3.14.0`, `ioredis not loaded`. @internal */
export function instrumentationReport(): string[] {
  return ['http', 'pg', 'ioredis'].map((name) => {
    const versions = patched.get(name);
    if (versions !== undefined) return RUNTIME_MESSAGES.instrumentationPatched(name, [...versions]);
    if (name !== 'http' && loaded(name)) return RUNTIME_MESSAGES.instrumentationNotPatched(name);
    return RUNTIME_MESSAGES.instrumentationNotLoaded(name);
  });
}

/** Modules that must load after the preload for their calls to be traced. */
const WATCHED_MODULES = ['@nestjs/core', 'express', 'fastify', 'pg', 'ioredis'];

/** Which of the watched modules were loaded before the preload ran. @internal */
export function loadedBeforePreload(): string[] {
  return WATCHED_MODULES.filter(loaded);
}
