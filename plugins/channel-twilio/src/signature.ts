import { computeHmac, headerValue, publicUrlOf, verifyHmacSignature, type InboundRequest } from '@rapport/sdk';

/** The POST parameters of a webhook, as Twilio sends them: form fields, a name may repeat. */
export type TwilioParams = URLSearchParams | Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's `X-Twilio-Signature` for a request: base64 of the HMAC-SHA1, keyed with the auth
 * token, of the full URL followed by every POST parameter's name and value, sorted by name. A
 * name that repeats contributes each of its distinct values, sorted, as Twilio's helper libraries
 * do.
 *
 * @example
 * ```ts
 * twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', { CallSid: 'CA1234567890ABCDE', Digits: '1234' });
 * ```
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  return computeHmac('sha1', authToken, signedPayload(url, params), 'base64');
}

/**
 * Whether `signature` is Twilio's for `url` and `params`. Twilio computes it over the URL as it
 * was configured, and its own servers are not consistent about the port: the URL is tried as
 * given, with the scheme's default port added (`:443`, `:80`), and with any port removed, as
 * Twilio's helper libraries do. A missing signature is never valid.
 */
export function verifyTwilioSignature(authToken: string, url: string, params: TwilioParams, signature: string | undefined): boolean {
  if (!signature) return false;
  return urlVariants(url).some((candidate) =>
    verifyHmacSignature({ algorithm: 'sha1', secret: authToken, payload: signedPayload(candidate, params), signature, encoding: 'base64' }),
  );
}

/**
 * Verifies a webhook request to this plugin: the form body read, and its signature checked over
 * the URL Twilio called, rebuilt on the `publicUrl` setting (a proxy in front of Rapport changes
 * the host and scheme the server sees, not the ones Twilio signed).
 *
 * @returns the form fields, or `undefined` when the signature is missing or wrong.
 */
export function readSignedForm(request: InboundRequest, settings: { authToken: string; publicUrl: string }): URLSearchParams | undefined {
  const form = new URLSearchParams(new TextDecoder().decode(request.body));
  const url = publicUrlOf(request, settings.publicUrl);
  return verifyTwilioSignature(settings.authToken, url, form, headerValue(request, 'x-twilio-signature')) ? form : undefined;
}

/** The URL as given, with its scheme's default port added when it has none, and with its port removed when it has one. */
export function urlVariants(url: string): string[] {
  const parts = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!parts) return [url];
  const [, scheme, authority, rest] = parts as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const userinfo = authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);
  // An IPv6 literal ([::1]) has colons of its own; only digits after its last colon are a port.
  const port = /^(.*?)(:\d*)?$/s.exec(hostPort)!;
  const host = hostPort.endsWith(']') ? hostPort : port[1]!;
  const hasPort = !hostPort.endsWith(']') && port[2] !== undefined;
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : scheme.toLowerCase() === 'http://' ? ':80' : '';
  const variants = [url, hasPort ? `${scheme}${userinfo}${host}${rest}` : `${scheme}${userinfo}${host}${defaultPort}${rest}`];
  return [...new Set(variants)];
}

function signedPayload(url: string, params: TwilioParams): string {
  const values = new Map<string, Set<string>>();
  const add = (name: string, value: string) => {
    const set = values.get(name) ?? new Set<string>();
    set.add(value);
    values.set(name, set);
  };
  if (params instanceof URLSearchParams) params.forEach((value, name) => add(name, value));
  else for (const [name, value] of Object.entries(params)) for (const one of typeof value === 'string' ? [value] : value) add(name, one);
  let payload = url;
  for (const name of [...values.keys()].sort()) for (const value of [...values.get(name)!].sort()) payload += name + value;
  return payload;
}
