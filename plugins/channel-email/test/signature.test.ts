import { describe, expect, it } from 'vitest';
import { phoneInSignature } from '../src/signature.js';

describe('a phone number in the signature of an email', () => {
  it('is found below the signature delimiter, preferring a labelled number', () => {
    expect(phoneInSignature('Thanks for the help!\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\nTel: +44 20 7946 0958')).toBe('+44 20 7946 0958');
    expect(phoneInSignature('Hi\n--\nAda\nOrder 2026-05-04 12345678\nMobile: +33 6 12-34-56-78')).toBe('+33 6 12-34-56-78');
  });

  it('is found in the last lines when there is no delimiter', () => {
    expect(phoneInSignature('Where is my parcel?\n\nBest,\nAda Lovelace\n+1 (415) 555-0100')).toBe('+1 (415) 555-0100');
  });

  it('is not taken from the quoted message of a reply, nor from dates, order numbers that are too short, or nothing', () => {
    const reply = 'Yes please.\n\nOn Mon, 4 May 2026 at 09:00, Acme Support <support@acme.example> wrote:\n> Call us on +44 20 7946 0000\n> -- \n> Acme';
    expect(phoneInSignature(reply)).toBeUndefined();
    expect(phoneInSignature('Thanks\n-- \nAda\n04.05.2026')).toBeUndefined();
    expect(phoneInSignature('Thanks\n-- \nAda\nOrder 12345')).toBeUndefined();
    expect(phoneInSignature('')).toBeUndefined();
  });
});
