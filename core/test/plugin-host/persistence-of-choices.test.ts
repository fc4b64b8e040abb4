import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createKernel } from '../../src/kernel/createKernel.js';
import { InMemoryKeyValueStoreProvider } from '../../src/storage/InMemoryKeyValueStoreProvider.js';
import { FIXTURES } from './fixtures.js';

const source = { entries: ['./good-js'], baseDir: FIXTURES, configFile: 'rapport.config.json', settings: {} };

describe('operator choices survive a restart', () => {
  it('keeps a plugin disabled by an operator disabled when the host starts again on the same storage', async () => {
    const storage = new InMemoryKeyValueStoreProvider();
    const first = createKernel({ logger: pino({ level: 'silent' }), storage });
    await first.host.load(source);
    await first.host.start();
    await first.host.setEnabled('@fixtures/good', false);
    await first.host.stop();

    const second = createKernel({ logger: pino({ level: 'silent' }), storage });
    await second.host.load(source);
    await second.host.start();
    expect(second.host.status('@fixtures/good').state).toBe('DISABLED');
    await second.host.setEnabled('@fixtures/good', true);
    await second.host.stop();

    const third = createKernel({ logger: pino({ level: 'silent' }), storage });
    await third.host.load(source);
    await third.host.start();
    expect(third.host.status('@fixtures/good').state).toBe('ACTIVE');
    await third.host.stop();
  });
});
