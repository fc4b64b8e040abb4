import { ValidationError } from '@rapport/sdk';
import type { ApiKey } from '../../access/ApiKeys.js';
import { withAccessKernel } from './openAccessKernel.js';

/**
 * `rapport keys create --name N (--role R | --scopes a,b)`: prints the new key's token on standard
 * output and nothing else, so a script can capture it; what it means goes to standard error.
 */
export async function keysCreateCommand(options: { config?: string; name?: string; role?: string; scopes?: string }): Promise<number> {
  if (options.name === undefined) throw new ValidationError('rapport keys create needs --name N, the key\'s unique name.', 'name');
  if ((options.role === undefined) === (options.scopes === undefined)) {
    throw new ValidationError(`rapport keys create takes either --role ADMIN|AGENT|VIEWER or --scopes a,b, ${options.role === undefined ? 'and neither was given' : 'not both'}.`, 'role');
  }
  const scopes = options.scopes?.split(',');
  const { token, apiKey } = await withAccessKernel(options.config, (kernel) => kernel.apiKeys.create({ name: options.name!, role: options.role, scopes }));
  process.stdout.write(`${token}\n`);
  process.stderr.write(`Created API key "${apiKey.name}" (${grantOf(apiKey)}). This is the only time its token is shown: store it now.\n`);
  return 0;
}

/** `rapport keys list`: every key with its grant, prefix and dates; never a secret, which is not stored. */
export async function keysListCommand(options: { config?: string; json?: boolean }): Promise<number> {
  const keys = await withAccessKernel(options.config, (kernel) => kernel.apiKeys.list());
  process.stdout.write(options.json ? `${JSON.stringify(keys, null, 2)}\n` : formatKeys(keys));
  return 0;
}

/** `rapport keys revoke <name>`: every instance refuses the key from its next request. */
export async function keysRevokeCommand(options: { config?: string; name?: string }): Promise<number> {
  if (options.name === undefined) throw new ValidationError('rapport keys revoke needs the name of the key: rapport keys revoke <name>.', 'name');
  const revoked = await withAccessKernel(options.config, (kernel) => kernel.apiKeys.revoke(options.name!));
  process.stderr.write(revoked ? `Revoked API key "${options.name}".\n` : `API key "${options.name}" was already revoked.\n`);
  return 0;
}

/** A plain-text table of keys, one per line. */
export function formatKeys(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'No API keys. Create one with: rapport keys create --name N --role ADMIN\n';
  const rows = [
    ['NAME', 'ROLE OR SCOPES', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((key) => [key.name, grantOf(key), `${key.prefix}…`, when(key.createdAt), when(key.lastUsedAt), when(key.revokedAt)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n').concat('\n');
}

function grantOf(key: ApiKey): string {
  return key.role ?? key.scopes.join(',');
}

function when(date: Date | null): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}
