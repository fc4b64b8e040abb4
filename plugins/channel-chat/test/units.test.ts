import { SettingsValidationError, type JsonValue, type KeyValueStorage } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rateLimiter.js';
import { readSettings } from '../src/settings.js';
import { VisitorTokens, newHandle } from '../src/visitorTokens.js';

/** A key–value store in memory, with the storage contract's copy-on-read. */
function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return {
    get: async <T extends JsonValue>(k: string) => (data.has(k) ? (JSON.parse(data.get(k)!) as T) : undefined),
    set: async (k, v) => void data.set(k, JSON.stringify(v)),
    delete: async (k) => data.delete(k),
    keys: async (prefix = '') => [...data.keys()].filter((k) => k.startsWith(prefix)).sort(),
  };
}

describe('RateLimiter', () => {
  it('allows max events in a sliding window, then says when to retry', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    now = 30_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now = 60_001;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });
});

describe('VisitorTokens', () => {
  it('issues tokens for one handle that a second instance on the same storage accepts, and nothing else', async () => {
    const storage = memoryStorage();
    const handle = newHandle();
    const { token } = await new VisitorTokens(storage, 60_000).issue(handle);
    expect(await new VisitorTokens(storage, 60_000).verify(token)).toMatchObject({ handle });
    expect(await new VisitorTokens(memoryStorage(), 60_000).verify(token)).toBeUndefined();
    expect(await new VisitorTokens(storage, 60_000).verify(`${token}x`)).toBeUndefined();
  });
});

describe('readSettings', () => {
  const ctx = (settings: Record<string, unknown>) => ({ plugin: { name: '@rapport/plugin-channel-chat', version: '1.0.0' }, settingsFile: '/srv/rapport.config.json', settings });

  it('applies the defaults', () => {
    expect(readSettings(ctx({ allowedOrigins: ['https://www.example.com'] }))).toMatchObject({
      allowedOrigins: ['https://www.example.com'],
      maxMessageLength: 2000,
      messagesPerMinute: 20,
      sessionsPerMinute: 10,
      demo: true,
      visitorTokenLifetimeMs: 30 * 86_400_000,
      catchUpIntervalMs: 10_000,
    });
  });

  it('names each setting at fault: an origin with a path, a duration that does not parse', () => {
    let error: unknown;
    try {
      readSettings(ctx({ allowedOrigins: ['https://www.example.com/shop', 'example.com'], heartbeatInterval: 'often' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsValidationError);
    const message = (error as Error).message;
    expect(message).toContain('allowedOrigins[0]');
    expect(message).toContain('"https://www.example.com"');
    expect(message).toContain('allowedOrigins[1]');
    expect(message).toContain('heartbeatInterval');
  });
});
