import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ensureContextManager } from '../context/operation-context';
import { instrumentFunction } from '../instrument/instrument';
import { MethodInstrumentation } from '../instrument/method-instrumentation';
import { OperationProbe, SinkChain } from '../instrument/operation';
import type { HistogramFamily } from '../metrics/histogram-family';
import { decoratedMethods } from '../nest/decorated-methods';
import { DEFAULT_DURATION_BUCKETS } from '../naming/metric-names';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { EventDurationSink, EventSpanSink, EVENT_METRICS } from './event-listener.sinks';
import { processDurationFamily } from './sinks/handler-metrics.sink';

/** `@nestjs/event-emitter`'s metadata key: a list of `{ event, options }`. */
const EVENT_LISTENER_METADATA = 'EVENT_LISTENER_METADATA';
const MAX_NAME_LENGTH = 128;
const WRAPPED = new WeakSet<object>();

/** An event name as registered: a string, a symbol's description, a wildcard path joined by dots. */
function eventName(event: unknown): string {
  if (typeof event === 'string') return event;
  if (typeof event === 'symbol') return event.description ?? 'symbol';
  if (Array.isArray(event)) return event.map(eventName).join('.');
  return 'unknown';
}

/** The destination of a listener: its event, or its events joined by `|`. */
function destinationOf(metadata: unknown): string {
  const list = Array.isArray(metadata) ? (metadata as { event?: unknown }[]) : [];
  const names = list.map((entry) => eventName(entry?.event));
  return (names.join('|') || 'unknown').slice(0, MAX_NAME_LENGTH);
}

/**
 * Observes every `@OnEvent` listener of the application's providers and controllers: each call in
 * a CONSUMER span (`process <event>`, child of the emitter's span, keeping its `request_id`) and
 * in `messaging_process_duration_seconds{messaging_system="event_emitter"}`. The methods are
 * wrapped on their classes before `@nestjs/event-emitter` subscribes them (in its
 * `onApplicationBootstrap`), keeping their name and metadata. Without listeners nothing changes.
 *
 * @internal
 */
@Injectable()
export class EventListeners implements OnModuleInit, OnModuleDestroy {
  private readonly found: number;
  private installed: HistogramFamily | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(DiscoveryService) discovery: DiscoveryService,
  ) {
    const listeners = decoratedMethods(discovery, EVENT_LISTENER_METADATA);
    for (const { prototype, className, methodName, method, metadata } of listeners) {
      if (WRAPPED.has(method)) continue;
      const event = destinationOf(metadata);
      const qualifiedName = `${className}.${methodName}`;
      const plan = new MethodInstrumentation({ className, methodName, qualifiedName });
      // Each call is an operation: its span opens first and ends last.
      const sinks = new SinkChain([new EventSpanSink(event), new EventDurationSink(event)]);
      plan.add(new OperationProbe(sinks, qualifiedName));
      const wrapper = instrumentFunction(method, plan);
      WRAPPED.add(wrapper);
      prototype[methodName] = wrapper;
    }
    this.found = listeners.length;
  }

  onModuleInit(): void {
    if (this.found === 0) return;
    ensureContextManager();
    const { prefix, maxSeries } = this.options.metrics;
    this.installed = processDurationFamily({
      prefix,
      buckets: DEFAULT_DURATION_BUCKETS,
      maxSeries,
    });
    EVENT_METRICS.install(this.installed);
  }

  onModuleDestroy(): void {
    EVENT_METRICS.release(this.installed);
  }
}
