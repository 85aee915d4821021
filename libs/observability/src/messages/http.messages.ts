// What the SDK's own endpoints answer in a response body: the plain-text bodies of the
// management port and the metrics endpoint (401, 404, 500), the reasons a 400 of the runtime
// controls gives for each field of a refused request (`{ field, reason }`, and the message that
// joins them), and the error a readiness check of the SDK reports in the detailed probe.

/** @internal */
export const HTTP_MESSAGES = {
  notFound: () => 'Not Found\n',
  unauthorized: () => 'Unauthorized: send the credentials set in metrics.auth.\n',
  metricsRenderFailed: () => 'Rendering the metrics failed; see the service log.\n',
  problems: (problems: readonly { readonly field: string; readonly reason: string }[]) =>
    problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
  bodyTooLarge: (maxBytes: number) => `is larger than ${maxBytes} bytes`,
  bodyNotJson: (detail: string) => `is not valid JSON (${detail})`,
  bodyNotObject: () => 'must be a JSON object',
  unknownField: (fields: readonly string[]) =>
    `is not a field of this request (${fields.join(', ')})`,
  unknownLevel: (levels: readonly string[]) => `must be one of ${levels.join(', ')}`,
  expiry: (maxSeconds: number) => `must be a whole number of seconds from 1 to ${maxSeconds}`,
  tooManyContexts: (maxContexts: number) =>
    `is one too many: ${maxContexts} contexts already have a level of their own`,
  contextName: () => 'must be a Nest context name: 1 to 128 letters, digits, _ . : -',
  noOwnLevel: (context: string) => `${context} has no level of its own`,
  redisNotReady: (status: string) => `Redis is not ready (connection ${status})`,
  redisPingAnswer: (reply: string) => `PING answered ${JSON.stringify(reply)}`,
} as const;
