import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { widgetScript } from '../src/widgetAsset.js';
import { SHOP, useChatServer } from './support/chatServer.js';

describe('the widget script and the demo page', () => {
  const chat = useChatServer();

  it('serves widget.js as cacheable JavaScript, the file shipped in the package', async () => {
    const response = await fetch(`${chat.chat}widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const body = await response.text();
    expect(body).toBe(widgetScript());
    // The markers the browser test and integrators rely on.
    for (const marker of ['data-rapport-chat-input', 'data-rapport-chat-message', 'data-direction', 'rapport-chat:ready', 'RapportChat', 'attachShadow', 'aria-live']) {
      expect(body).toContain(marker);
    }
    const again = await fetch(`${chat.chat}widget.js`, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('keeps the widget under 40 KB gzipped', () => {
    expect(gzipSync(widgetScript()).byteLength).toBeLessThan(40 * 1024);
  });

  it('serves a demo page that embeds the widget, and lets it call the API from the server own origin', async () => {
    const page = await fetch(`${chat.chat}demo`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script src="widget.js" async></script>');
    const session = await fetch(`${chat.chat}session`, { method: 'POST', headers: { origin: new URL(chat.server.url).origin } });
    expect(session.status).toBe(201);
    expect(session.headers.get('access-control-allow-origin')).toBe(new URL(chat.server.url).origin);
  });

  it('answers an unknown path with a JSON 404 that lists the routes, and a wrong method with 405', async () => {
    const missing = await fetch(`${chat.chat}nope`, { headers: { origin: SHOP } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', error: expect.stringContaining('POST /session') });
    const wrong = await fetch(`${chat.chat}session`, { headers: { origin: SHOP } });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });
});
