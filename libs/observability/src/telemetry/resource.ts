import type { Resource, ResourceDetector } from '@opentelemetry/resources';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type {
  ResourceDetectorName,
  TelemetryEnvironment,
} from '../environment/telemetry-environment';
import type { ServiceIdentity } from './preload-handoff';

const DETECTORS: Record<Exclude<ResourceDetectorName, 'env'>, ResourceDetector> = {
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  serviceinstance: serviceInstanceIdDetector,
  container: containerDetector,
};

/**
 * The resource of every span, metric and log record: the SDK's defaults, the detected host,
 * operating system, process, service instance and container, `OTEL_RESOURCE_ATTRIBUTES` (the
 * `env` detector), and the service's identity on top. The identity is given as a promise: the
 * module settles it when it starts (its options win over the environment), and every exporter
 * waits for it before sending, so nothing leaves the process with a provisional service name.
 *
 * @internal
 */
export function telemetryResource(
  settings: TelemetryEnvironment,
  identity: Promise<ServiceIdentity>,
): Resource {
  const detectors = settings.resourceDetectors.flatMap((name) =>
    name === 'env' ? [] : [DETECTORS[name]],
  );
  const environment = settings.resourceDetectors.includes('env') ? settings.resourceAttributes : {};
  return defaultResource()
    .merge(detectResources({ detectors }))
    .merge(resourceFromAttributes(environment))
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: identity.then((i) => i.name),
        [ATTR_SERVICE_VERSION]: identity.then((i) => i.version),
        'deployment.environment.name': identity.then((i) => i.environment),
      }),
    );
}
