import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { afterAll, afterEach, expect, it } from 'vitest';
import { ItemsService } from '../src/items.service.js';

// A user's Vitest test of a decorated service, with the SDK's test kit.
const kit = ObservabilityTestKit.start();
afterEach(() => kit.reset());
afterAll(() => kit.stop());

it('traces, times and counts ItemsService.find', async () => {
  await new ItemsService().find(7);
  const span = await kit.span('ItemsService.find');
  expect(span.attributes['code.function.name']).toBe('ItemsService.find');
  expect(await kit.counterValue('method_calls_total', { method: 'find', outcome: 'success' })).toBe(
    1,
  );
  expect((await kit.histogram('method_duration_seconds', { method: 'find' })).count).toBe(1);
});
