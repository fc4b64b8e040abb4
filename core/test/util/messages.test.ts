import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '@rapport/sdk';
import { DeliveryFailedError } from '../../src/channels/errors.js';
import { CircuitBreakers } from '../../src/plugin-host/CircuitBreakers.js';
import { endSentence } from '../../src/util/endSentence.js';

describe('messages built from other messages', () => {
  it('end with one full stop, whether the inner message had one or not', () => {
    expect(endSentence('the provider is down')).toBe('the provider is down.');
    expect(endSentence('the provider is down. ')).toBe('the provider is down.');
    expect(endSentence('Really?')).toBe('Really?');
  });

  it("quote a permission error in the circuit breaker's reason without a doubled full stop", () => {
    const breakers = new CircuitBreakers(1, 60_000);
    const error = new PermissionDeniedError('@acme/x', 'storage', 'storage.set()');
    const reason = breakers.recordFailure('@acme/x', Date.now(), error.message)!;
    expect(error.message.endsWith('package.json.')).toBe(true);
    expect(reason).toContain('in its package.json. Fix the plugin');
    expect(reason).not.toContain('..');
  });

  it('quote a provider error that ends in a full stop once', () => {
    expect(new DeliveryFailedError('email', '451 Mailbox busy.').message).toBe(
      'Channel "email" could not deliver the message: 451 Mailbox busy. Nothing was recorded; try again.',
    );
  });
});
