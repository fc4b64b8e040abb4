/**
 * The fields whose values never reach a log line, whatever logs them (the core or a plugin) and
 * however deep in the logged object they sit. Each says why. Matched by name, case-insensitively
 * and ignoring `-` and `_` (`x-api-key`, `api_key` and `apiKey` are one field). The value becomes
 * `[Redacted]`; the field stays, so a reader sees that it was there.
 *
 * Logs travel further than the database (log shippers, support tickets, screenshots) and are kept
 * under other rules, so they get neither credentials nor the customers' personal data.
 */
export const REDACTED_LOG_FIELDS = {
  // Credentials: whoever reads them can act as their owner.
  authorization: 'HTTP Authorization headers carry API keys, session tokens and webhook secrets',
  proxyAuthorization: 'the same credentials, for a proxy',
  cookie: 'request cookies carry sessions',
  setCookie: 'response cookies carry sessions',
  password: 'users sign in with it (`login`, `rapport users create`)',
  newPassword: 'the same, when it changes',
  token: 'API keys, session tokens, visitor and identity tokens, pulse links',
  accessToken: 'provider credentials in channel settings (Meta)',
  refreshToken: 'provider credentials that mint access tokens',
  authToken: 'provider credentials in channel settings (Twilio)',
  idToken: 'identity tokens (JWTs) of chat visitors',
  apiKey: 'API keys and provider keys',
  xApiKey: 'API keys sent as a header',
  secret: 'signing and verification secrets (the audit key, webhook endpoints)',
  appSecret: 'the Meta app secret that signs webhooks',
  identitySecret: 'the chat widget identity key',
  inboundSecret: 'the email channel webhook secret',
  clientSecret: 'OAuth client secrets of providers',
  privateKey: 'signing keys',
  xWebhookSecret: 'webhook secrets sent as a header',
  // Personal data of customers and users: logs are no place for it, and an erasure cannot reach them.
  email: 'a customer or user address',
  emails: 'a customer addresses',
  phone: 'a customer number',
  phones: 'a customer numbers',
  displayName: 'a customer or user name',
  text: 'message text, transcripts and notes',
  subject: 'message subjects',
  html: 'message bodies',
  body: 'request and message bodies carry all of the above',
  attributes: 'customer attributes are free-form and often personal',
  metadata: 'interaction metadata holds recordings, transcripts and answers',
  comment: 'free-text survey comments',
} as const;

/** What a redacted value becomes. */
export const REDACTED = '[Redacted]';

const NORMALIZED = new Set(Object.keys(REDACTED_LOG_FIELDS).map(normalize));

/** True for a field named in {@link REDACTED_LOG_FIELDS}, in any spelling. */
export function isRedactedField(name: string): boolean {
  return NORMALIZED.has(normalize(name));
}

function normalize(name: string): string {
  return name.replace(/[-_]/g, '').toLowerCase();
}

/**
 * The same fields as pino `redact` paths, at the top level, in the spellings a log usually has
 * (`apiKey`, `x-api-key`). pino applies them to what the walk of `capLogObject` does not see: a
 * child logger's bindings (`logger.child({ token })`). Deeper fields are that walk's: pino's
 * wildcard paths (`*.token`) cost ten times the rest of a line's formatting, on every line.
 */
export const REDACT_PATHS: readonly string[] = Object.keys(REDACTED_LOG_FIELDS).flatMap((field) =>
  [...new Set([field, kebab(field)])].map((spelling) => (/^[A-Za-z_$][\w$]*$/.test(spelling) ? spelling : `["${spelling}"]`)),
);

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
