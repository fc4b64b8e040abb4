import { ValidationError } from '@rapport/sdk';
import { withAccessKernel } from './openAccessKernel.js';
import { readPassword } from './readPassword.js';

/**
 * `rapport users create --email E --role R [--name "Display Name"]`: the password is read from
 * standard input (one line, hidden when typed at a terminal), never from the command line, where
 * it would stay in the shell's history and the process list. Prints the new user's id.
 */
export async function usersCreateCommand(options: { config?: string; email?: string; role?: string; name?: string }): Promise<number> {
  if (options.email === undefined) throw new ValidationError('rapport users create needs --email E, the address the user logs in with.', 'email');
  if (options.role === undefined) throw new ValidationError('rapport users create needs --role ADMIN|AGENT|VIEWER.', 'role');
  const password = await readPassword('Password (at least 12 characters): ');
  if (password === '') throw new ValidationError('No password was given: write it on standard input, e.g. printf \'%s\\n\' "$PASSWORD" | rapport users create …', 'password');
  const user = await withAccessKernel(options.config, (kernel) =>
    kernel.users.create({ email: options.email!, role: options.role!, displayName: options.name, password }),
  );
  process.stdout.write(`${user.id}\n`);
  process.stderr.write(`Created user ${user.email} (${user.role}). They log in with the login mutation.\n`);
  return 0;
}
