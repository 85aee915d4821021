import type { Context } from '@opentelemetry/api';
import { context, createContextKey, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

/** When the job (or its retry) was handed to the queue, epoch ms, as its producer wrote it. */
const ENQUEUED_AT = createContextKey('nestjs-observability.job-enqueued-at');

/** The longest metadata read back: a job added by anyone may carry anything there. */
const MAX_METADATA_LENGTH = 8192;

/**
 * What a job carries of its producer (BullMQ keeps it in the job's options, never in its data):
 * the trace fields the configured propagators write, and `t`, the time the job was added or
 * scheduled again for a retry.
 *
 * @internal
 */
export function jobMetadataOf(ctx: Context): string {
  const fields: Record<string, unknown> = {};
  propagation.inject(ctx, fields);
  fields.t = Date.now();
  return JSON.stringify(fields);
}

/**
 * The producer's context a worker continues: its trace fields on a fresh root (a job continues
 * its producer, never what the worker's loop happened to run in), and the enqueue time. Malformed,
 * oversized or foreign metadata is ignored: the attempt starts a trace of its own.
 *
 * @internal
 */
export function contextFromJobMetadata(metadata: unknown): Context {
  if (typeof metadata !== 'string' || metadata.length > MAX_METADATA_LENGTH) return ROOT_CONTEXT;
  let fields: unknown;
  try {
    fields = JSON.parse(metadata);
  } catch {
    return ROOT_CONTEXT;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return ROOT_CONTEXT;
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') carrier[key] = value;
  }
  const extracted = propagation.extract(ROOT_CONTEXT, carrier);
  const t = (fields as { t?: unknown }).t;
  return typeof t === 'number' && Number.isFinite(t)
    ? extracted.setValue(ENQUEUED_AT, t)
    : extracted;
}

/** When the job being started in `ctx` was enqueued, if its producer said. @internal */
export function enqueuedAtIn(ctx: Context): number | undefined {
  return ctx.getValue(ENQUEUED_AT) as number | undefined;
}

/**
 * BullMQ's `ContextManager` on OpenTelemetry's context API.
 *
 * @internal
 */
export const jobContextManager = {
  with<A extends (...args: never[]) => unknown>(ctx: Context, fn: A): ReturnType<A> {
    return context.with(ctx, fn as () => ReturnType<A>);
  },
  active: (): Context => context.active(),
  root: (): Context => ROOT_CONTEXT,
  getMetadata: (ctx: Context): string => jobMetadataOf(ctx),
  fromMetadata: (_active: Context, metadata: string): Context => contextFromJobMetadata(metadata),
};
