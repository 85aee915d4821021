import { connect as tcpConnect } from 'node:net';
import { connect as amqpConnect } from 'amqplib';
import { connect as natsConnect } from '@nats-io/transport-node';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { connectAsync as mqttConnect } from 'mqtt';

/** Where the brokers on this machine listen (`TEST_*_URL` to point elsewhere). */
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** Where a raw message goes: a TCP port, or a NATS subject, Redis channel, AMQP queue or MQTT topic. */
export interface RawTarget {
  readonly transport: 'tcp' | 'nats' | 'redis' | 'rabbitmq' | 'mqtt';
  readonly tcpPort?: number;
  readonly queue?: string;
}

/** A raw message's headers: a list sends the header once per value (NATS only; AMQP has none). */
export type RawHeaders = Readonly<Record<string, string | readonly string[]>>;

/**
 * Sends one message the way a foreign (or hostile) producer would, without Nest's client: `body`
 * as the bytes on the wire, `headers` as the transport's headers (NATS, AMQP, MQTT 5 user
 * properties; TCP and Redis have none: the trace fields then go in the envelope, which `body`
 * already is).
 */
export async function sendRaw(
  target: RawTarget,
  channel: string,
  body: string,
  headers: RawHeaders = {},
): Promise<void> {
  switch (target.transport) {
    case 'tcp': {
      const socket = tcpConnect(target.tcpPort as number, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        // Nest's TCP framing: the body's length, '#', the body.
        socket.write(`${Buffer.byteLength(body)}#${body}`, () => resolve());
      });
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      return;
    }
    case 'nats': {
      const nc = await natsConnect({ servers: NATS_URL });
      const h = natsHeaders();
      for (const [k, v] of Object.entries(headers)) {
        for (const value of typeof v === 'string' ? [v] : v) h.append(k, value);
      }
      nc.publish(channel, body, { headers: h });
      await nc.drain();
      return;
    }
    case 'redis': {
      const redis = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
      await redis.publish(channel, body);
      redis.disconnect();
      return;
    }
    case 'mqtt': {
      const client = await mqttConnect(MQTT_URL, { protocolVersion: 5 });
      const entries = Object.entries(headers).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : [...v],
      ]);
      const properties = entries.length > 0 ? { userProperties: Object.fromEntries(entries) } : {};
      await client.publishAsync(channel, body, { qos: 1, properties });
      await client.endAsync();
      return;
    }
    case 'rabbitmq': {
      const connection = await amqpConnect(AMQP_URL);
      const ch = await connection.createConfirmChannel();
      const single = Object.entries(headers).map(([k, v]) => [k, typeof v === 'string' ? v : v[0]]);
      ch.sendToQueue(target.queue as string, Buffer.from(body), {
        headers: Object.fromEntries(single),
      });
      await ch.waitForConfirms();
      await connection.close();
      return;
    }
  }
}

/**
 * Deletes the AMQP queues `names` (a test's own, once it is done with them): the shared RabbitMQ
 * keeps no queue a test run created. A queue already gone is fine.
 */
export async function deleteQueues(...names: string[]): Promise<void> {
  const connection = await amqpConnect(AMQP_URL);
  try {
    for (const name of names) {
      const ch = await connection.createChannel();
      await ch.deleteQueue(name);
      await ch.close();
    }
  } finally {
    await connection.close();
  }
}
