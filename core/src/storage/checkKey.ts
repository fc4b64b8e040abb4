import { ValidationError } from '@rapport/sdk';

/**
 * Keys are non-empty strings of bounded length, the rule the `plugin_storage.key` column
 * (varchar(512)) imposes, without the NUL character, which PostgreSQL cannot store. Every store
 * checks it, so a key that works in memory works in the database too.
 */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512 || key.includes('\0')) {
    throw new ValidationError('A storage key must be a string of 1 to 512 characters, without NUL (\\u0000).', 'key');
  }
  return key;
}
