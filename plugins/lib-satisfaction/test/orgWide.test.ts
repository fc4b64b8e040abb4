import { describe, expect, it } from 'vitest';
import { ValidationError } from '@rapport/sdk';
import { checkRange } from '@rapport/lib-satisfaction';

describe('checkRange', () => {
  it('accepts from before or equal to to', () => {
    expect(() => checkRange({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') })).not.toThrow();
    expect(() => checkRange({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') })).not.toThrow();
  });

  it('refuses from after to with a BAD_USER_INPUT error naming both dates', () => {
    const attempt = () => checkRange({ from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('from (2026-02-01T00:00:00.000Z) is after to (2026-01-01T00:00:00.000Z); give the earlier date as from.');
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    }
  });

  it('refuses an invalid date', () => {
    expect(() => checkRange({ from: new Date('nope'), to: new Date() })).toThrow('from must be a valid date-time');
  });
});
