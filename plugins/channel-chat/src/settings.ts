import { parseDuration, settingsProblem, throwIfSettingsProblems, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings, typed, with defaults applied and durations in milliseconds. */
export interface ChatSettings {
  /** Normalized origins (`https://www.example.com`) of the pages allowed to embed the widget. */
  allowedOrigins: readonly string[];
  /** The HS256 key of identity tokens; without it `identify` is refused. */
  identitySecret?: string;
  maxMessageLength: number;
  messagesPerMinute: number;
  sessionsPerMinute: number;
  maxStreamsPerVisitor: number;
  title: string;
  greeting: string;
  demo: boolean;
  visitorTokenLifetimeMs: number;
  heartbeatIntervalMs: number;
  catchUpIntervalMs: number;
}

type RawSettings = Partial<Omit<ChatSettings, `${string}Ms`>> & {
  visitorTokenLifetime?: string | number;
  heartbeatInterval?: string | number;
  catchUpInterval?: string | number;
};

/**
 * The settings in their typed form. The host has checked them against the manifest's JSON Schema;
 * what is left is what the schema says badly: that each allowed origin is an origin (no path, no
 * trailing slash) and that the durations parse and are in a useful range.
 *
 * @throws SettingsValidationError naming each setting at fault.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settingsFile' | 'settings'>): ChatSettings {
  const raw = ctx.settings as RawSettings;
  const problems: ValidationProblem[] = [];
  const allowedOrigins = (raw.allowedOrigins ?? []).map((origin, index) => {
    const problem = originProblem(origin);
    if (problem) problems.push(settingsProblem(ctx, `allowedOrigins[${index}]`, problem));
    return problem ? origin : new URL(origin).origin;
  });
  const duration = (name: 'visitorTokenLifetime' | 'heartbeatInterval' | 'catchUpInterval', fallback: string, minMs: number): number => {
    try {
      const ms = parseDuration(raw[name] ?? fallback, name);
      if (ms >= minMs) return ms;
      problems.push(settingsProblem(ctx, name, `is ${ms} ms, which is too short: give at least ${minMs} ms (e.g. "PT${Math.ceil(minMs / 1000)}S").`));
    } catch (error) {
      problems.push(settingsProblem(ctx, name, (error as Error).message.replace(`${name} `, '')));
    }
    return parseDuration(fallback);
  };
  const settings: ChatSettings = {
    allowedOrigins,
    ...(raw.identitySecret && { identitySecret: raw.identitySecret }),
    maxMessageLength: raw.maxMessageLength ?? 2000,
    messagesPerMinute: raw.messagesPerMinute ?? 20,
    sessionsPerMinute: raw.sessionsPerMinute ?? 10,
    maxStreamsPerVisitor: raw.maxStreamsPerVisitor ?? 5,
    title: raw.title ?? 'Chat with us',
    greeting: raw.greeting ?? 'Hi! How can we help you today?',
    demo: raw.demo ?? true,
    visitorTokenLifetimeMs: duration('visitorTokenLifetime', 'P30D', 60_000),
    heartbeatIntervalMs: duration('heartbeatInterval', 'PT15S', 1000),
    catchUpIntervalMs: duration('catchUpInterval', 'PT10S', 500),
  };
  throwIfSettingsProblems(ctx, problems);
  return settings;
}

/** Why `value` is not an origin as browsers send it in the `Origin` header, or undefined. */
function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a URL: give the scheme and host of the page that embeds the widget, e.g. "https://www.example.com".`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${JSON.stringify(value)} is not an http(s) origin: use e.g. "https://www.example.com".`;
  // Browsers send the bare origin; anything more would never match, silently.
  if (value.replace(/\/$/, '') !== url.origin || value.endsWith('/')) {
    return `${JSON.stringify(value)} is more than an origin: browsers send only scheme, host and port, so use ${JSON.stringify(url.origin)}.`;
  }
  return undefined;
}
