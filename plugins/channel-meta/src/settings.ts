import type { RetryPolicy } from '@rapport/lib-provider-http';

/** How Graph API calls answered 429 or 5xx are retried (`settings.retry`). */
export interface RetrySettings {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

/** The plugin's settings, as validated by `contributes.configuration` with its defaults applied. */
export interface MetaSettings {
  /** The Meta app's App Secret: every webhook call is signed with it. */
  appSecret: string;
  /** What Meta's `GET` handshake must present as `hub.verify_token`. */
  verifyToken: string;
  /** The Graph API token for sends (WhatsApp's system-user token; the Page token too unless `messengerAccessToken` is set). */
  accessToken: string;
  /** The Page access token for Messenger sends, when it is not `accessToken`. */
  messengerAccessToken?: string;
  /** The WhatsApp Business phone number id messages are sent from. */
  phoneNumberId?: string;
  /** The Facebook Page Messenger messages are sent as. */
  pageId?: string;
  /** E.g. `https://graph.facebook.com/v21.0`, without a trailing slash. */
  graphApiBaseUrl: string;
  retry: RetrySettings;
}

const RETRY_DEFAULTS: RetrySettings = { attempts: 4, baseDelayMs: 250, maxDelayMs: 10_000, timeoutMs: 15_000 };

/**
 * The settings in their typed form. The host has checked them against the manifest's JSON Schema
 * and filled in the defaults; the defaults of `retry` are filled here too, since a schema default
 * of a nested object only applies when the object is given.
 */
export function readSettings(raw: Readonly<Record<string, unknown>>): MetaSettings {
  const settings = raw as unknown as Omit<MetaSettings, 'retry'> & { retry?: Partial<RetrySettings> };
  return {
    ...settings,
    graphApiBaseUrl: (settings.graphApiBaseUrl ?? 'https://graph.facebook.com/v21.0').replace(/\/+$/, ''),
    retry: { ...RETRY_DEFAULTS, ...settings.retry },
  };
}

/** The retry policy of `callProvider` for these settings. */
export function retryPolicy(settings: MetaSettings): RetryPolicy {
  return { ...settings.retry };
}
