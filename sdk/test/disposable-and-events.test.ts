import { describe, expect, it } from 'vitest';
import { Disposable, EventEmitter } from '@rapport/sdk';

describe('Disposable', () => {
  it('runs a clean-up once, however often it is disposed', async () => {
    let calls = 0;
    const disposable = Disposable.create(() => {
      calls++;
    });
    await disposable.dispose();
    await disposable.dispose();
    expect(calls).toBe(1);
  });

  it('disposes a combination in reverse order', async () => {
    const order: string[] = [];
    const combined = Disposable.from(
      Disposable.create(() => void order.push('first')),
      Disposable.create(async () => void order.push('second')),
    );
    await combined.dispose();
    expect(order).toEqual(['second', 'first']);
  });
});

describe('EventEmitter', () => {
  it('delivers to subscribers until they dispose their subscription', () => {
    const emitter = new EventEmitter<number>();
    const seen: number[] = [];
    const subscription = emitter.event((value) => seen.push(value));
    emitter.fire(1);
    subscription.dispose();
    emitter.fire(2);
    expect(seen).toEqual([1]);
    expect(emitter.listenerCount).toBe(0);
  });

  it('keeps delivering when one listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = new EventEmitter<string>((error) => errors.push(error));
    const seen: string[] = [];
    emitter.event(() => {
      throw new Error('listener broke');
    });
    emitter.event((value) => seen.push(value));
    emitter.fire('x');
    expect(seen).toEqual(['x']);
    expect(errors).toMatchObject([{ message: 'listener broke' }]);
  });

  it('ignores subscriptions after dispose', () => {
    const emitter = new EventEmitter<void>();
    emitter.dispose();
    emitter.event(() => {
      throw new Error('never called');
    });
    expect(() => emitter.fire()).not.toThrow();
    expect(emitter.listenerCount).toBe(0);
  });
});
