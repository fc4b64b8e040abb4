import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Interaction } from '@rapport/sdk';
import { createTestHost, FakeClock, type TestHost, type TestWebhookResponse } from '@rapport/sdk/testing';
import type { FakeTwilio } from './fakeTwilio.js';

/** The plugin's package name, as the host knows it. */
export const TWILIO = '@rapport/plugin-channel-twilio';

/** The plugin's directory: tests load the real package, manifest and all. */
export const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A throwaway account: never a real one. */
export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const AUTH_TOKEN = 'test-auth-token-not-a-real-one';
export const FROM = '+14155550100';
export const PUBLIC_URL = 'https://crm.example.test';

/** Settings that point the plugin at `twilio`, with retries that do not make tests wait. */
export function settingsFor(twilio: FakeTwilio, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, publicUrl: PUBLIC_URL, apiBaseUrl: twilio.baseUrl, retry: { attempts: 3, baseDelayMs: 1 }, ...overrides };
}

/** A test host running the plugin against the fake Twilio, on a fake clock. */
export function twilioHost(twilio: FakeTwilio, settings: Record<string, unknown> = settingsFor(twilio)): Promise<TestHost> {
  return createTestHost({ plugins: ['./'], baseDir: PLUGIN_DIR, clock: new FakeClock('2026-03-02T09:00:00Z'), settings: { [TWILIO]: settings } });
}

/**
 * Twilio's signature, written out here apart from the plugin's code: base64 HMAC-SHA1 under the
 * auth token of the URL followed by each parameter's name and value, sorted by name.
 */
export function sign(url: string, params: Record<string, string>, authToken = AUTH_TOKEN): string {
  const payload = Object.keys(params)
    .sort()
    .reduce((signed, name) => signed + name + params[name], url);
  return createHmac('sha1', authToken).update(payload, 'utf8').digest('base64');
}

/** How a test webhook call is signed: as Twilio does (the default), over another URL, with another token, or not at all. */
export interface SigningOptions {
  /** The URL Twilio signed; `PUBLIC_URL` + the channel's path by default. */
  signedUrl?: string;
  authToken?: string;
  /** A literal header value instead of a computed one; `null` sends no header. */
  signature?: string | null;
  /** The path and query as the server saw them. */
  url?: string;
}

/** Posts Twilio's form fields to `/channels/<channel>/inbound`, signed, and answers as the route does. */
export function postToWebhook(host: TestHost, channel: 'sms' | 'phone', params: Record<string, string>, options: SigningOptions = {}): Promise<TestWebhookResponse> {
  const url = options.url ?? `/channels/${channel}/inbound`;
  const signature = options.signature === undefined ? sign(options.signedUrl ?? `${PUBLIC_URL}${url}`, params, options.authToken) : options.signature;
  return host.webhook(channel, {
    url,
    contentType: 'application/x-www-form-urlencoded',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature !== null && { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(params).toString(),
  });
}

/** Every interaction recorded on a channel. */
export function interactionsOn(host: TestHost, channel: string): Promise<Interaction[]> {
  return host.interactions.find({ channel });
}
