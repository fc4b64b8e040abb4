import { describe, expect, it } from 'vitest';
import { computeHmac, headerValue, publicUrlOf, verifyHmacSignature } from '../src/index.js';

// RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA256), test case 1: key 0x0b × 20, data "Hi There".
const KEY = Buffer.alloc(20, 0x0b);
const SHA1_HEX = 'b617318655057264e28bc0b6fb378c8ef146be00';
const SHA256_HEX = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7';

describe('computeHmac', () => {
  it('computes the published test vectors, in hex and base64', () => {
    expect(computeHmac('sha1', KEY, 'Hi There', 'hex')).toBe(SHA1_HEX);
    expect(computeHmac('sha256', KEY, 'Hi There', 'hex')).toBe(SHA256_HEX);
    expect(computeHmac('sha256', KEY, new TextEncoder().encode('Hi There'), 'base64')).toBe(Buffer.from(SHA256_HEX, 'hex').toString('base64'));
  });
});

describe('verifyHmacSignature', () => {
  const base = { algorithm: 'sha256' as const, secret: KEY, payload: 'Hi There', encoding: 'hex' as const };

  it('accepts the right signature and refuses a wrong, truncated, missing or empty one', () => {
    expect(verifyHmacSignature({ ...base, signature: SHA256_HEX })).toBe(true);
    expect(verifyHmacSignature({ ...base, signature: SHA256_HEX.replace(/^b/, 'c') })).toBe(false);
    expect(verifyHmacSignature({ ...base, signature: SHA256_HEX.slice(0, 40) })).toBe(false);
    expect(verifyHmacSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifyHmacSignature({ ...base, signature: '' })).toBe(false);
  });

  it('takes a prefix off before comparing, and requires it', () => {
    expect(verifyHmacSignature({ ...base, prefix: 'sha256=', signature: `sha256=${SHA256_HEX}` })).toBe(true);
    expect(verifyHmacSignature({ ...base, prefix: 'sha256=', signature: SHA256_HEX })).toBe(false);
  });

  it('accepts any one of several signatures, as during a secret rotation', () => {
    const b64 = Buffer.from(SHA1_HEX, 'hex').toString('base64');
    expect(verifyHmacSignature({ algorithm: 'sha1', secret: KEY, payload: 'Hi There', encoding: 'base64', prefix: 'v1,', signature: ['v1,AAAA', `v1,${b64}`] })).toBe(true);
    expect(verifyHmacSignature({ algorithm: 'sha1', secret: KEY, payload: 'Hi There', encoding: 'base64', prefix: 'v1,', signature: ['v1,AAAA'] })).toBe(false);
  });

  it('refuses a signed timestamp outside the tolerance, or one that is not a number', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const seconds = now.getTime() / 1000;
    const check = (value: string | number | undefined) =>
      verifyHmacSignature({ ...base, signature: SHA256_HEX, timestamp: { value, toleranceSeconds: 300, now } });
    expect(check(seconds - 299)).toBe(true);
    expect(check(String(seconds + 299))).toBe(true);
    expect(check(seconds - 301)).toBe(false);
    expect(check('yesterday')).toBe(false);
    expect(check(undefined)).toBe(false);
  });
});

describe('headerValue and publicUrlOf', () => {
  const request = { url: '/channels/sms/inbound?a=1', publicUrl: 'http://10.0.0.5:4000/channels/sms/inbound?a=1', headers: { 'x-twilio-signature': ['first', 'second'], host: 'x' } };

  it('reads the first value of a header, whatever the case of its name', () => {
    expect(headerValue(request, 'X-Twilio-Signature')).toBe('first');
    expect(headerValue(request, 'Host')).toBe('x');
    expect(headerValue(request, 'x-missing')).toBeUndefined();
  });

  it('rebuilds the URL on a configured base, or gives the one the core worked out', () => {
    expect(publicUrlOf(request, 'https://crm.example.com/')).toBe('https://crm.example.com/channels/sms/inbound?a=1');
    expect(publicUrlOf(request)).toBe(request.publicUrl);
  });
});
