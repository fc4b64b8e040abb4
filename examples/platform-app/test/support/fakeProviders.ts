/**
 * Twilio and Meta's Graph API, as far as the platform example's story needs them: real HTTP
 * servers on 127.0.0.1 that the deployment's plugins call instead of the real providers. The
 * plugins' own test doubles live in their test folders and are not part of their packages, so
 * the example has these small ones of its own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message a fake provider accepted: the id it gave and what was posted. */
export interface AcceptedMessage<Body> {
  id: string;
  body: Body;
}

/** A fake provider: where it listens and what it was asked to send. */
export interface FakeProvider<Body> {
  /** The base URL to put in the plugin's settings (`apiBaseUrl`, `graphApiBaseUrl`). */
  baseUrl: string;
  /** Every message it accepted, in order. */
  sent: AcceptedMessage<Body>[];
  close(): Promise<void>;
}

/**
 * Twilio's Messages API: `POST /2010-04-01/Accounts/{accountSid}/Messages.json` with HTTP Basic
 * `accountSid:authToken` answers 201 with a new `SM…` sid, status `queued`. Anything else is
 * Twilio's 401 or 404, so a plugin that calls out unexpectedly fails loudly.
 */
export function startFakeTwilio(accountSid: string, authToken: string): Promise<FakeProvider<URLSearchParams>> {
  const sent: AcceptedMessage<URLSearchParams>[] = [];
  return listen(sent, '', async (request, raw, response) => {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return json(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return json(response, 404, { code: 20404, message: `The requested resource ${request.url} was not found`, status: 404 });
    }
    const form = new URLSearchParams(raw);
    const sid = `SM${(sent.length + 1).toString(16).padStart(32, '0')}`;
    sent.push({ id: sid, body: form });
    return json(response, 201, { sid, account_sid: accountSid, to: form.get('To'), from: form.get('From'), body: form.get('Body'), status: 'queued' });
  });
}

/**
 * The WhatsApp Cloud API: `POST /v21.0/{phoneNumberId}/messages` with the bearer token answers
 * `{ messages: [{ id: "wamid.…" }] }`. A wrong token is Meta's 401 (code 190); anything else 400.
 */
export function startFakeGraph(accessToken: string, phoneNumberId: string): Promise<FakeProvider<Record<string, unknown>>> {
  const sent: AcceptedMessage<Record<string, unknown>>[] = [];
  return listen(sent, '/v21.0', async (request, raw, response) => {
    if (request.headers.authorization !== `Bearer ${accessToken}`) return json(response, 401, { error: { message: 'Invalid OAuth access token', code: 190 } });
    if (request.method !== 'POST' || request.url !== `/v21.0/${phoneNumberId}/messages`) {
      return json(response, 400, { error: { message: `Unsupported request: ${request.method} ${request.url}`, code: 100 } });
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    const id = `wamid.ACCEPTANCE${sent.length + 1}`;
    sent.push({ id, body });
    return json(response, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id }] });
  });
}

type Handler = (request: IncomingMessage, raw: string, response: ServerResponse) => Promise<void>;

async function listen<Body>(sent: AcceptedMessage<Body>[], basePath: string, handle: Handler): Promise<FakeProvider<Body>> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, Buffer.concat(chunks).toString('utf8'), response).catch((error: Error) => json(response, 500, { message: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive; close() would wait for them.
        server.closeAllConnections();
      }),
  };
}

async function json(response: ServerResponse, status: number, body: unknown): Promise<void> {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
