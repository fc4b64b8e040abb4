import { createHook } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { Pump } from '../../src/util/Pump.js';

/** Lets a pass be held open until the test releases it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('Pump', () => {
  it('runs one more pass for pokes that arrive during a pass, however many', async () => {
    const first = gate();
    let passes = 0;
    const pump = new Pump(async () => {
      passes += 1;
      if (passes === 1) await first.opened;
    }, () => {});
    pump.poke();
    for (let i = 0; i < 1_000; i++) pump.poke();
    first.open();
    await pump.run();
    // The first pass, then one for all the pokes it saw (the awaited run joined that one).
    expect(passes).toBe(2);
  });

  it('allocates nothing per poke while a pass runs, so steady load cannot pile handlers onto it', async () => {
    const held = gate();
    const pump = new Pump(() => held.opened, () => {});
    pump.poke();
    let promisesCreated = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && (promisesCreated += 1)) }).enable();
    try {
      for (let i = 0; i < 10_000; i++) pump.poke();
    } finally {
      hook.disable();
    }
    held.open();
    await pump.stop();
    expect(promisesCreated).toBe(0);
  });

  it('reports a failed pass once, to the poke that started it, and runs again after it', async () => {
    const failures: unknown[] = [];
    let calls = 0;
    const held = gate();
    const pump = new Pump(async () => {
      calls += 1;
      if (calls === 1) {
        await held.opened;
        throw new Error('database away');
      }
    }, (error) => failures.push(error));
    pump.poke();
    pump.poke();
    pump.poke();
    held.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('database away');
    await pump.run();
    expect(calls).toBe(2);
  });
});
