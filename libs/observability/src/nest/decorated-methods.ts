import type { DiscoveryService } from '@nestjs/core';

/** One method of a provider or controller class that carries a metadata key. @internal */
export interface DecoratedMethod {
  readonly prototype: Record<string, unknown>;
  readonly className: string;
  readonly methodName: string;
  readonly method: (...args: unknown[]) => unknown;
  /** The metadata's value. */
  readonly metadata: unknown;
}

/**
 * Every method declared on the class of a provider or controller of the application (not
 * inherited, not accessors) that carries the Reflect metadata `key`: read from the classes, so it
 * works before any instance exists, from a provider's constructor (ahead of every
 * `onModuleInit`, where `@nestjs/schedule` reads the methods). Each class is listed once.
 *
 * @internal
 */
export function decoratedMethods(discovery: DiscoveryService, key: string): DecoratedMethod[] {
  const found: DecoratedMethod[] = [];
  const seen = new Set<unknown>();
  for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
    const type = wrapper.metatype as { prototype?: unknown; name?: string } | null | undefined;
    if (typeof type !== 'function' || seen.has(type) || wrapper.isAlias) continue;
    seen.add(type);
    const prototype = type.prototype as Record<string, unknown> | undefined;
    if (prototype === undefined || prototype === null) continue;
    for (const methodName of Object.getOwnPropertyNames(prototype)) {
      if (methodName === 'constructor') continue;
      const method = Object.getOwnPropertyDescriptor(prototype, methodName)?.value as unknown;
      if (typeof method !== 'function') continue;
      const metadata: unknown = Reflect.getMetadata(key, method);
      if (metadata === undefined) continue;
      found.push({
        prototype,
        className: type.name || 'AnonymousClass',
        methodName,
        method: method as (...args: unknown[]) => unknown,
        metadata,
      });
    }
  }
  return found;
}
