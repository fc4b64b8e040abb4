import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/logging/logRedaction.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createLogHarness, type LogHarness } from './logHarness.js';

const PLUGIN = '@fixtures/request-logger';

/** Secrets and personal data a webhook request carries, each unique so a leak is found anywhere in the log. */
const SECRETS = {
  bearer: 'Bearer rk_leaked_bearer_8c1f2e',
  cookie: 'session=leaked_cookie_51ab',
  apiKey: 'leaked_x_api_key_77d0',
  password: 'leaked-password-hunter2',
  token: 'leaked_token_9f3a',
  accessToken: 'leaked_access_token_e21c',
  email: 'leaked.customer@example.com',
  phone: '+4915112345678',
  displayName: 'Leaked Customer Name',
  text: 'my private leaked message text',
};

describe.each(TEST_DATABASES)('request logs on %s', (kind) => {
  let h: LogHarness;
  afterEach(() => h.close());

  it("redact authorization headers, cookies, tokens, passwords and personal data in a plugin's request log", async () => {
    h = await createLogHarness(kind, ['request-logger-js']);
    const response = await fetch(`${h.baseUrl}/channels/request-log/inbound?debug=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: SECRETS.bearer,
        cookie: SECRETS.cookie,
        'x-api-key': SECRETS.apiKey,
      },
      body: JSON.stringify({
        provider: 'acme',
        credentials: { password: SECRETS.password, token: SECRETS.token, accessToken: SECRETS.accessToken },
        customer: { email: SECRETS.email, phone: SECRETS.phone, displayName: SECRETS.displayName, text: SECRETS.text },
      }),
    });
    expect(response.status).toBe(200);

    const log = h.lines.join('');
    for (const [what, secret] of Object.entries(SECRETS)) expect(log, `${what} reached the log`).not.toContain(secret);

    // The plugin's logger is a child of the root logger: it carries the plugin's name and the root's rules.
    const entries = h.entries().filter((entry) => entry.plugin === PLUGIN);
    const request = entries.find((entry) => entry.msg === 'webhook request received') as { service: string; request: { method: string; headers: Record<string, string>; body: unknown } };
    expect(request.service).toBe('rapport');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers).toMatchObject({ authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, 'content-type': 'application/json' });
    // A request body holds everything at once; it is redacted whole.
    expect(request.request.body).toBe(REDACTED);

    const payload = entries.find((entry) => entry.msg === 'webhook payload');
    expect(payload).toMatchObject({
      provider: 'acme',
      credentials: { password: REDACTED, token: REDACTED, accessToken: REDACTED },
      customer: { email: REDACTED, phone: REDACTED, displayName: REDACTED, text: REDACTED },
    });
    // A child logger's bindings are redacted too.
    expect(entries.find((entry) => entry.msg === 'child logger with a token in its bindings')).toMatchObject({ token: REDACTED });
  });
});
