import { describe, expect, it } from 'vitest';
import { twilioSignature, verifyTwilioSignature } from '../src/signature.js';
import { sign } from './support/twilioHost.js';

/*
 * The example Twilio publishes for its helper libraries (twilio-node's spec/validation.spec.js and
 * the "Webhooks security" guide): auth token 12345, this URL, these parameters.
 */
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

describe("Twilio's signature", () => {
  it("matches Twilio's published vector (twilio-node: Caller and From +14158675309)", () => {
    expect(twilioSignature(TOKEN, URL_, PARAMS)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(verifyTwilioSignature(TOKEN, URL_, PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
  });

  it('matches the variant of the example with +12349013030, which other helper libraries publish', () => {
    const params = { ...PARAMS, Caller: '+12349013030', From: '+12349013030' };
    expect(twilioSignature(TOKEN, URL_, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    // The brief's pairing of +12349013030 with RSOYDt4T1cUTdK1PDd93/VVr8B8= is not a valid vector.
    expect(verifyTwilioSignature(TOKEN, URL_, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
  });

  it("accepts what Twilio signed with the port added or removed (twilio-node's vectors)", () => {
    // Signed over https://mycompany.com:443/…: the URL we know has no port.
    expect(verifyTwilioSignature(TOKEN, URL_, PARAMS, 'kvajT1Ptam85bY51eRf/AJRuM3w=')).toBe(true);
    // Signed over http://mycompany.com:80/….
    expect(verifyTwilioSignature(TOKEN, URL_.replace('https', 'http'), PARAMS, '0ZXoZLH/DfblKGATFgpif+LLRf4=')).toBe(true);
    // Signed without the port our URL has.
    expect(verifyTwilioSignature(TOKEN, URL_.replace('.com', '.com:1234'), PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
    // Signed over http://mycompany.com:1234/… as it is.
    expect(verifyTwilioSignature(TOKEN, URL_.replace('.com', '.com:1234').replace('https', 'http'), PARAMS, 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=')).toBe(true);
  });

  it('signs every distinct value of a repeated parameter, sorted, as twilio-node does', () => {
    const form = new URLSearchParams([['Sid', 'CA123'], ['SidAccount', 'AC123'], ['Digits', '5678'], ['Digits', '1234'], ['Digits', '1234']]);
    expect(twilioSignature(TOKEN, URL_, form)).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
  });

  it("agrees with the tests' own signing helper, and refuses what was changed or not signed", () => {
    const signature = sign(URL_, PARAMS, TOKEN);
    expect(twilioSignature(TOKEN, URL_, PARAMS)).toBe(signature);
    expect(verifyTwilioSignature(TOKEN, URL_, { ...PARAMS, Digits: '9999' }, signature)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL_.replace('bar=2', 'bar=3'), PARAMS, signature)).toBe(false);
    expect(verifyTwilioSignature('54321', URL_, PARAMS, signature)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL_, PARAMS, undefined)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL_, PARAMS, '')).toBe(false);
    expect(verifyTwilioSignature(TOKEN, URL_, PARAMS, signature.slice(0, -2))).toBe(false);
  });
});
