import { InstalledValue } from './installed-value';

describe('InstalledValue', () => {
  it('holds what was installed until the application that installed it releases it', () => {
    const slot = new InstalledValue<{ app: string }>();
    const first = { app: 'first' };
    const second = { app: 'second' };
    expect(slot.current).toBeUndefined();
    slot.install(first);
    expect(slot.current).toBe(first);
    slot.install(second);
    slot.release(first); // the first application stops after the second started: no effect
    expect(slot.current).toBe(second);
    slot.release(undefined);
    expect(slot.current).toBe(second);
    slot.release(second);
    expect(slot.current).toBeUndefined();
  });
});
