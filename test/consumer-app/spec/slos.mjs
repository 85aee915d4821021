// The SLOs of the consumer app, as `nestjs-observability generate --slos` reads them.
export const SLOS = [
  {
    name: 'items-availability',
    type: 'availability',
    target: { kind: 'http' },
    objective: 0.999,
    window: '30d',
  },
];
export const RULE_OPTIONS = { job: 'consumer-app' };
