import { ValidationError } from '@rapport/sdk';

/** Throws the validation error for `path`; its message starts with the path. */
export function fail(path: string, message: string): never {
  throw new ValidationError(`${path}: ${message}`, path);
}

/** A value as an error message shows it, kept short. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return clip(JSON.stringify(value));
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
