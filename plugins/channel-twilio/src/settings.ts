import { settingsProblem, throwIfSettingsProblems, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings, as validated by `contributes.configuration` with its defaults applied. */
export interface TwilioSettings {
  /** `AC…`: the account every API call and webhook belongs to. */
  accountSid: string;
  /** Authenticates API calls, and is the key Twilio signs webhooks with. */
  authToken: string;
  /** The sender of outbound SMS (E.164); exactly one of `from` and `messagingServiceSid` is set. */
  from?: string;
  /** `MG…`: a Messaging Service that picks the sender. */
  messagingServiceSid?: string;
  /** The base URL Twilio calls, e.g. `https://crm.example.com`, without a trailing slash. */
  publicUrl: string;
  /** Twilio's REST API, `https://api.twilio.com` by default, without a trailing slash. */
  apiBaseUrl: string;
  retry: { attempts: number; baseDelayMs: number };
}

/**
 * The settings in their typed form. The host has checked them against the manifest's JSON Schema
 * and applied the defaults; what is left is what a schema cannot say well: that exactly one of
 * `from` and `messagingServiceSid` is given.
 *
 * @throws SettingsValidationError naming the setting when both or neither are given.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settingsFile' | 'settings'>): TwilioSettings {
  const raw = ctx.settings as unknown as Partial<TwilioSettings>;
  const problems: ValidationProblem[] = [];
  if (raw.from && raw.messagingServiceSid) {
    problems.push(
      settingsProblem(ctx, 'messagingServiceSid', 'is given together with from; outbound SMS go out either from one number (from) or through a Messaging Service (messagingServiceSid): remove one of the two.'),
    );
  } else if (!raw.from && !raw.messagingServiceSid) {
    problems.push(
      settingsProblem(ctx, 'from', 'is required unless messagingServiceSid is given: set from to one of your Twilio numbers in E.164 form (e.g. "+14155550100"), or messagingServiceSid to a Messaging Service SID ("MG…").'),
    );
  }
  throwIfSettingsProblems(ctx, problems);
  return {
    accountSid: raw.accountSid!,
    authToken: raw.authToken!,
    ...(raw.from ? { from: raw.from } : { messagingServiceSid: raw.messagingServiceSid! }),
    publicUrl: raw.publicUrl!.replace(/\/+$/, ''),
    apiBaseUrl: (raw.apiBaseUrl ?? 'https://api.twilio.com').replace(/\/+$/, ''),
    retry: { attempts: raw.retry?.attempts ?? 4, baseDelayMs: raw.retry?.baseDelayMs ?? 250 },
  };
}
