import { patternName, transportSystem } from './transport-systems';

const NAMES = { 0: 'TCP', 1: 'REDIS', 2: 'NATS', 3: 'MQTT', 4: 'GRPC', 5: 'RMQ', 6: 'KAFKA' };

describe('transportSystem', () => {
  it.each([
    [0, 'tcp'],
    [1, 'redis'],
    [2, 'nats'],
    [3, 'mqtt'],
    [4, 'grpc'],
    [5, 'rabbitmq'],
    [6, 'kafka'],
    [7, 'custom'],
    [-1, 'custom'],
    [NaN, 'custom'],
    [Infinity, 'custom'],
    [undefined, 'custom'],
    ['TCP', 'custom'],
    [Symbol('SQS'), 'sqs'],
    [Symbol('my_queue_2'), 'my_queue_2'],
    [Symbol('has spaces'), 'custom'],
    [Symbol('x'.repeat(40)), 'custom'],
    [Symbol(), 'custom'],
  ])('%p is %p', (id, system) => {
    expect(transportSystem(id, NAMES)).toBe(system);
  });
});

describe('patternName', () => {
  const normalize = (p: unknown) => (typeof p === 'string' ? p : JSON.stringify(p));

  it('keeps a normalised pattern, cut to 128 characters', () => {
    expect(patternName({ cmd: 'sum' }, normalize)).toBe('{"cmd":"sum"}');
    expect(patternName('a'.repeat(300), normalize)).toHaveLength(128);
  });

  it('names a pattern the normaliser cannot turn into a string, or throws on', () => {
    expect(patternName(undefined, normalize)).toBe('unserializable');
    expect(
      patternName(1, () => {
        throw new RangeError('too deep');
      }),
    ).toBe('unserializable');
  });
});
