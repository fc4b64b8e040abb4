import { describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';

describe('FakeClock', () => {
  it('fires timers in due order while advancing, and not before', async () => {
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    const fired: string[] = [];
    clock.setTimer(2000, () => fired.push(`b@${clock.now().toISOString()}`));
    clock.setTimer(1000, () => fired.push(`a@${clock.now().toISOString()}`));
    await clock.advance(999);
    expect(fired).toEqual([]);
    await clock.advance('PT1S');
    expect(fired).toEqual(['a@2026-03-01T00:00:01.000Z']);
    await clock.advance('PT1H');
    expect(fired).toEqual(['a@2026-03-01T00:00:01.000Z', 'b@2026-03-01T00:00:02.000Z']);
    expect(clock.now().toISOString()).toBe('2026-03-01T01:00:01.999Z');
  });

  it('runs chains of async sleeps within one advance', async () => {
    const clock = new FakeClock();
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimer(ms, resolve));
    const steps: number[] = [];
    const flow = (async () => {
      for (let day = 1; day <= 7; day++) {
        await sleep(86_400_000);
        steps.push(day);
      }
    })();
    await clock.advance('P7D');
    await flow;
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('cancels a disposed timer and refuses to go backwards', async () => {
    const clock = new FakeClock();
    let fired = false;
    clock.setTimer(10, () => (fired = true)).dispose();
    await clock.advance(20);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    await expect(clock.set('2025-01-01T00:00:00Z')).rejects.toThrow('FakeClock cannot move backwards to 2025-01-01T00:00:00.000Z.');
  });
});
