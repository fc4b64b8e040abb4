import { lookup } from 'node:dns/promises';
import { ConfigFieldError } from '../config/ConfigFieldError.js';
import type { RapportConfig } from '../config/RapportConfig.js';

/**
 * Resolves `server.host` before anything else is opened, so a host that does not resolve is one
 * line naming the field, from every command that opens the deployment, rather than a stack trace
 * from `listen()` after the database has been migrated.
 */
export async function checkServerHost(config: RapportConfig): Promise<void> {
  try {
    await lookup(config.server.host);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new ConfigFieldError(
      {
        file: config.file,
        field: 'server.host',
        message: `"${config.server.host}" does not resolve to an address on this machine (${code}); use an address such as "127.0.0.1" or "0.0.0.0", or a name this machine resolves`,
      },
      { cause: error },
    );
  }
}
