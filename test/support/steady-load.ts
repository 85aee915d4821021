/** Load that runs until stopped, and what each of its requests came to. */
export interface SteadyLoad<T> {
  /** Stops sending, waits for the requests in flight, and returns every result in order. */
  stop(): Promise<T[]>;
}

/**
 * `workers` loops, each sending one request at a time with `send` until stopped: load that keeps
 * running through the event a test causes (a dependency killed or frozen) and after it.
 */
export function steadyLoad<T>(workers: number, send: () => Promise<T>): SteadyLoad<T> {
  const results: T[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) results.push(await send());
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}
