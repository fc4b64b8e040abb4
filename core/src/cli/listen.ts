import type { Server } from 'node:http';
import { ConfigFieldError } from '../config/ConfigFieldError.js';
import type { RapportConfig } from '../config/RapportConfig.js';

/** Why `listen()` failed, as the field to fix and what to write there. */
const LISTEN_FAILURES: Record<string, { field: 'server.host' | 'server.port'; advice: string }> = {
  EADDRINUSE: { field: 'server.port', advice: 'another process listens there; stop it or choose another port (0 picks a free one)' },
  EACCES: { field: 'server.port', advice: 'this user may not listen on ports below 1024; choose a port from 1024' },
  EADDRNOTAVAIL: { field: 'server.host', advice: 'no network interface of this machine has that address; use "127.0.0.1" or "0.0.0.0"' },
  ENOTFOUND: { field: 'server.host', advice: 'the name does not resolve; use an address such as "127.0.0.1" or "0.0.0.0"' },
  EAI_AGAIN: { field: 'server.host', advice: 'the name could not be resolved now; use an address such as "127.0.0.1" or "0.0.0.0"' },
};

/** Listens on `server.host` and `server.port`; a refusal is one line naming the field to fix. */
export function listen(server: Server, config: RapportConfig): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const failure = LISTEN_FAILURES[error.code ?? ''];
      if (!failure) return reject(error);
      const where = `${config.server.host}:${config.server.port}`;
      reject(new ConfigFieldError({ file: config.file, field: failure.field, message: `cannot listen on ${where} (${error.code}): ${failure.advice}` }, { cause: error }));
    });
    server.listen(config.server.port, config.server.host, resolve);
  });
}
