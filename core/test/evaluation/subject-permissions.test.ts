import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { createTestHost } from '../../src/testing/createTestHost.js';
import type { TestHost } from '@rapport/sdk/testing';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins');
let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

it("holds a rule's reads of the customer's interactions to its plugin's interactions:read", async () => {
  host = await createTestHost({ plugins: ['./eval-no-read-js'], baseDir: FIXTURES });
  const interaction = await host.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Hi' });

  expect(await host.scores(interaction.customerId)).toEqual([]);
  expect(host.plugin('@fixtures/eval-no-read').metrics.failures).toBeGreaterThanOrEqual(1);
  const denied = host.logs().filter((line) => line.plugin === '@fixtures/eval-no-read' && JSON.stringify(line).includes('interactions:read'));
  expect(denied.length).toBeGreaterThanOrEqual(1);
});
