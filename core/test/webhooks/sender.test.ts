import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_OPTIONS } from '../../src/webhooks/WebhookOptions.js';
import { sendWebhook } from '../../src/webhooks/WebhookSender.js';

const OPTIONS = { allowPrivateAddresses: true, timeoutMs: 300, responseBodyLimit: 1_024 };

describe('sending one webhook', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  }

  it('follows the Standard Webhooks schedule by default, with a 15 s timeout', () => {
    expect(DEFAULT_WEBHOOK_OPTIONS.retryScheduleMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000]);
    expect(DEFAULT_WEBHOOK_OPTIONS).toMatchObject({ timeoutMs: 15_000, jitter: 0.1, disableAfterFailingMs: 5 * 86_400_000, responseBodyLimit: 1_024, allowPrivateAddresses: false });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    const result = await sendWebhook(url, {}, '{}', OPTIONS);
    expect(result).toMatchObject({ status: null, body: null, error: expect.stringMatching(/no answer within 300 ms/) });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('keeps the first 1 KB of a long answer, and reports a refused connection', async () => {
    const url = await serve((_, response) => response.writeHead(502).end('é'.repeat(5_000)));
    const result = await sendWebhook(url, {}, '{}', OPTIONS);
    expect(result.status).toBe(502);
    expect(Buffer.byteLength(result.body!)).toBeLessThanOrEqual(1_026);
    expect(result.body!.startsWith('é'.repeat(500))).toBe(true);
    const refused = await sendWebhook('http://127.0.0.1:1/hooks', {}, '{}', OPTIONS);
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
