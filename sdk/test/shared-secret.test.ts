import { describe, expect, it } from 'vitest';
import { sharedSecretRefusal, verifySharedSecret } from '../src/index.js';

const SECRET = 'correct horse battery staple';
const withAuthorization = (authorization?: string | string[]) => ({ headers: { authorization } });
const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

describe('verifySharedSecret', () => {
  it('accepts the secret as a Bearer token, whatever the case of the scheme', () => {
    expect(verifySharedSecret(withAuthorization(`Bearer ${SECRET.replace(/ /g, '-')}`), SECRET.replace(/ /g, '-'))).toBe(true);
    expect(verifySharedSecret(withAuthorization('bearer s3cret-token'), 's3cret-token')).toBe(true);
  });

  it('accepts the secret as the password of HTTP Basic, with any user name, colons in the password included', () => {
    expect(verifySharedSecret(withAuthorization(basic(`rapport:${SECRET}`)), SECRET)).toBe(true);
    expect(verifySharedSecret(withAuthorization(basic(`:${SECRET}`)), SECRET)).toBe(true);
    expect(verifySharedSecret(withAuthorization(basic('mailgun:a:b:c')), 'a:b:c')).toBe(true);
  });

  it('refuses a wrong, truncated, longer or missing secret', () => {
    expect(verifySharedSecret(withAuthorization('Bearer wrong'), 's3cret-token')).toBe(false);
    expect(verifySharedSecret(withAuthorization('Bearer s3cret-toke'), 's3cret-token')).toBe(false);
    expect(verifySharedSecret(withAuthorization('Bearer s3cret-token2'), 's3cret-token')).toBe(false);
    expect(verifySharedSecret(withAuthorization(basic(`${SECRET}:`)), SECRET)).toBe(false);
    expect(verifySharedSecret(withAuthorization(), SECRET)).toBe(false);
    expect(verifySharedSecret({ headers: {} }, SECRET)).toBe(false);
  });

  it('refuses other schemes, malformed headers, Basic without a colon, and an empty configured secret', () => {
    expect(verifySharedSecret(withAuthorization('Token s3cret'), 's3cret')).toBe(false);
    expect(verifySharedSecret(withAuthorization('s3cret'), 's3cret')).toBe(false);
    expect(verifySharedSecret(withAuthorization('Bearer'), '')).toBe(false);
    expect(verifySharedSecret(withAuthorization('Bearer a b'), 'a b')).toBe(false);
    expect(verifySharedSecret(withAuthorization(basic('no-colon-here')), 'no-colon-here')).toBe(false);
    expect(verifySharedSecret(withAuthorization('Bearer '), '')).toBe(false);
  });

  it('reads the first value of a repeated header', () => {
    expect(verifySharedSecret(withAuthorization(['Bearer s3cret', 'Bearer other']), 's3cret')).toBe(true);
    expect(verifySharedSecret(withAuthorization(['Bearer other', 'Bearer s3cret']), 's3cret')).toBe(false);
  });
});

describe('sharedSecretRefusal', () => {
  it('is a 401 with a challenge for both schemes and a JSON body naming the setting', () => {
    const response = sharedSecretRefusal('email');
    expect(response.status).toBe(401);
    expect(response.headers).toEqual({ 'www-authenticate': 'Bearer realm="rapport-email", Basic realm="rapport-email"' });
    expect(response.contentType).toBe('application/json; charset=utf-8');
    const body = JSON.parse(response.body as string) as { error: string; code: string };
    expect(body.code).toBe('UNAUTHENTICATED');
    expect(body.error).toMatch(/"inboundSecret" setting.*Authorization: Bearer <secret>.*HTTP Basic.*Nothing was stored/);
  });
});
