import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadAppConfig } from '../apps/prediction-api/src/config/app-config';
import { resolveOptions } from 'nestjs-observability';

interface Probe {
  httpGet: { path: string; port: string | number };
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

interface Container {
  ports: { name: string; containerPort: number }[];
  env: { name: string; value?: string }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  lifecycle: { preStop: { sleep: { seconds: number } } };
}

interface Manifest {
  spec: {
    selector: Record<string, unknown>;
    ports: { targetPort: string }[];
    strategy: { rollingUpdate: { maxUnavailable: number } };
    template: { metadata: { labels: Record<string, string> }; spec: unknown };
  };
}

const read = (file: string) =>
  parse(readFileSync(join(__dirname, '../deploy/k8s', file), 'utf8')) as Manifest;
const deployment = read('deployment.yaml');
const service = read('service.yaml');
const pod = deployment.spec.template.spec as {
  terminationGracePeriodSeconds: number;
  containers: Container[];
};
const container = pod.containers[0] as Container;
const env = Object.fromEntries(
  container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]),
);
const app = loadAppConfig(env);
const health = resolveOptions({
  serviceName: app.serviceName,
  health: { drainDelayMs: app.shutdownDrainMs, shutdownTimeoutMs: app.shutdownTimeoutMs },
}).health;

describe('deploy/k8s agrees with the service configuration', () => {
  it('probes the service paths on the port it listens on', () => {
    const http = container.ports.find((p) => p.name === 'http');
    expect(http?.containerPort).toBe(app.port);
    expect(container.livenessProbe.httpGet).toEqual({ path: health.livenessPath, port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: health.readinessPath, port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: health.readinessPath, port: 'http' });
    expect(service.spec.ports[0]?.targetPort).toBe('http');
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
  });

  it('gives probes more time than a check may take', () => {
    const checkSeconds = health.timeoutMs / 1000;
    for (const probe of [
      container.readinessProbe,
      container.startupProbe,
      container.livenessProbe,
    ]) {
      expect(probe.timeoutSeconds).toBeGreaterThan(checkSeconds);
    }
  });

  it('notices readiness failing before the listener closes', () => {
    const { periodSeconds, failureThreshold } = container.readinessProbe;
    const noticeSeconds = periodSeconds * failureThreshold;
    const openSeconds = container.lifecycle.preStop.sleep.seconds + health.drainDelayMs / 1000;
    expect(noticeSeconds).toBeLessThan(openSeconds);
  });

  it('lets the whole shutdown finish before the kubelet would SIGKILL', () => {
    const needed = container.lifecycle.preStop.sleep.seconds + health.shutdownTimeoutMs / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(needed);
    expect(health.drainDelayMs).toBeLessThan(health.shutdownTimeoutMs);
  });

  it('lets the generated Prometheus configuration find every replica', () => {
    const headless = read('service-headless.yaml') as Manifest & {
      metadata: { name: string };
      spec: { clusterIP: string; ports: { port: number }[] };
    };
    const scrape = readFileSync(join(__dirname, '../deploy/prometheus/prometheus.yml'), 'utf8');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(scrape).toContain(`- ${headless.metadata.name}\n`);
    expect(scrape).toContain(`port: ${headless.spec.ports[0]?.port}\n`);
    expect(headless.spec.ports[0]?.port).toBe(app.port);
  });

  it('rolls out without ever running below the wanted replicas', () => {
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });
});
